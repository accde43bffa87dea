"""Write a run's report: ``report.html`` (one self-contained page) and ``report.xlsx`` (the tables) in a folder
beside the run — never inside it, since runs are immutable.

Example:
    >>> from pathlib import Path
    >>> from voices.runstore import Run
    >>> default_output_dir(Run(Path("runs/20260101-000000-demo-abc123")))
    PosixPath('runs/20260101-000000-demo-abc123-report')
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pandas as pd

from voices.report.build import build_report
from voices.report.errors import ReportError
from voices.runstore import Run, open_run

log = logging.getLogger(__name__)

HTML_NAME = "report.html"
XLSX_NAME = "report.xlsx"


def default_output_dir(run: Run) -> Path:
    """``<runs folder>/<run id>-report``: beside the run, never in it."""
    return run.path.parent / f"{run.path.name}-report"


def _check_outside(run: Run, out_dir: Path) -> None:
    inside = out_dir.resolve()
    root = run.path.resolve()
    if inside == root or root in inside.parents:
        raise ReportError(
            str(out_dir),
            expected="a folder outside the run (runs are never written to)",
            found=f"a folder inside the run {run.path.name}",
            fix=f"leave --output out (the report goes to {default_output_dir(run)}) or choose another folder",
        )


def _replace(path: Path, data: bytes | str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


def write_report(
    run: Run | str | Path,
    out_dir: str | Path | None = None,
    *,
    themes: pd.DataFrame | None = None,
    version_note: str | None = None,
    title: str | None = None,
) -> tuple[Path, Path]:
    """Build the report of ``run`` and write it as HTML and XLSX; return ``(html_path, xlsx_path)``.

    Args:
        run: an opened run, a run directory, or a runs folder (its newest run).
        out_dir: where to write (default: :func:`default_output_dir`); created if needed; existing report files
            in it are replaced.
        themes: a replacement themes table (a reviewed version); default: the run's.
        version_note: which version this is, shown under the title and in the workbook.
        title: the report's title.

    Raises:
        ReportError: ``out_dir`` is inside the run.
        RunStoreError: ``run`` is not a run.
    """
    from voices.report.page import render
    from voices.report.workbook import write_workbook

    opened = run if isinstance(run, Run) else open_run(run)
    target = Path(out_dir) if out_dir is not None else default_output_dir(opened)
    _check_outside(opened, target)
    started = time.perf_counter()
    report = build_report(opened, themes=themes, version_note=version_note, title=title)
    built = time.perf_counter()
    page = render(report)
    target.mkdir(parents=True, exist_ok=True)
    html_path = target / HTML_NAME
    _replace(html_path, page)
    xlsx_tmp = target / f".{XLSX_NAME}.tmp-{os.getpid()}"
    write_workbook(report, xlsx_tmp)
    xlsx_path = target / XLSX_NAME
    os.replace(xlsx_tmp, xlsx_path)
    log.info(
        "report of %s written to %s (built in %.1f s, rendered and saved in %.1f s; %.1f MB of HTML)",
        opened.path.name,
        target,
        built - started,
        time.perf_counter() - built,
        len(page.encode("utf-8")) / 1e6,
    )
    return html_path, xlsx_path
