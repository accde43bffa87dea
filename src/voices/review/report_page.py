"""A self-contained HTML report of a reviewed version: themes, quotes, decisions, panel agreement.

Every piece of text (labels, quotes, reasons, names) goes through :func:`html.escape`; the page has no
scripts and loads nothing from elsewhere, so it can be emailed or archived as it is.

Example:
    >>> "<script>" in render_report(title="<script>x</script>", themes=[], decisions=[], notes=[])
    False
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif;font-size:18px;line-height:1.5;color:#111827;
background:#fff;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1,h2,h3{line-height:1.25}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #6b7280;padding:.4rem .6rem;text-align:left;vertical-align:top}
blockquote{border-left:4px solid #1d4ed8;margin:.5rem 0;padding:.25rem .75rem;background:#f1f5f9;white-space:pre-wrap}
.muted{color:#374151}
"""


def _pct(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(number) else f"{100 * number:.0f}%"


def render_report(
    *,
    title: str,
    themes: Sequence[Mapping[str, Any]],
    decisions: Sequence[Mapping[str, Any]],
    notes: Sequence[str],
    subtitle: str = "",
    agreement: str = "",
) -> str:
    """The report as one HTML string.

    Args:
        title: e.g. the run's name and version.
        themes: rows with ``label``, ``how_common``, ``share``, ``share_ci``, ``stability``, ``name_source``,
            ``machine_label``, ``description``, ``quotes``.
        decisions: rows with ``kind``, ``what``, ``by``, ``when``, ``why``.
        notes: replay notes (skipped or redirected decisions).
        subtitle: one line under the title.
        agreement: panel agreement in words.

    Returns:
        HTML.
    """
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='muted'>{escape(subtitle)}</p>" if subtitle else "",
        f"<p class='muted'>Made {escape(datetime.now(UTC).strftime('%d %B %Y %H:%M UTC'))} by voices.</p>",
    ]
    if agreement:
        parts.append(f"<p><strong>Panel agreement:</strong> {escape(agreement)}</p>")
    parts.append(
        "<h2>Themes</h2><table><tr><th>Theme</th><th>How common</th><th>Share (95% interval)</th>"
        "<th>Stability</th><th>Name from</th></tr>"
    )
    for t in themes:
        ci = t.get("share_ci")
        interval = f" ({_pct(ci[0])}–{_pct(ci[1])})" if isinstance(ci, tuple | list) and len(ci) == 2 else ""
        parts.append(
            f"<tr><td>{escape(str(t.get('label', '')))}</td><td>{escape(str(t.get('how_common', '')))}</td>"
            f"<td>{_pct(t.get('share'))}{escape(interval)}</td><td>{_pct(t.get('stability'))}</td>"
            f"<td>{escape(str(t.get('name_source', '')))}</td></tr>"
        )
    parts.append("</table>")
    for t in themes:
        parts.append(f"<h3>{escape(str(t.get('label', '')))}</h3>")
        if t.get("name_source") != "machine":
            parts.append(f"<p class='muted'>Machine's name: {escape(str(t.get('machine_label', '')))}</p>")
        if t.get("description"):
            parts.append(f"<p>{escape(str(t['description']))}</p>")
        for q in list(t.get("quotes") or [])[:5]:
            parts.append(f"<blockquote>{escape(str(q.get('text', '')))}</blockquote>")
    parts.append("<h2>Decisions</h2>")
    if decisions:
        parts.append("<table><tr><th>When</th><th>Who</th><th>What</th><th>Why</th></tr>")
        for d in decisions:
            parts.append(
                f"<tr><td>{escape(str(d.get('when', '')))}</td><td>{escape(str(d.get('by', '')))}</td>"
                f"<td>{escape(str(d.get('kind', '')))}: {escape(str(d.get('what', '')))}</td>"
                f"<td>{escape(str(d.get('why', '')))}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append("<p>No decisions yet: these are the machine's themes.</p>")
    if notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    parts.append("</body></html>")
    return "".join(parts)
