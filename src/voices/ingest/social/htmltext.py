"""Post HTML (Mastodon ``content``, YouTube ``textDisplay``) to plain text that keeps its line breaks.

Paragraphs become blank-line separated, ``<br>`` a line break, entities are unescaped, and links keep their
full text: Mastodon shortens a link's visible text by wrapping its start and end in ``span.invisible`` and the
middle in ``span.ellipsis``; all three parts are kept, so the text holds the whole URL again.

Example:
    >>> to_text('<p>Bills up &amp; <a href="https://example.org/x/y"><span class="invisible">https://</span>'
    ...         '<span class="ellipsis">example.org/x</span><span class="invisible">/y</span></a></p><p>again<br>!</p>')
    'Bills up & https://example.org/x/y\\n\\nagain\\n!'
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
    }
)
_SKIP = frozenset({"script", "style", "template"})
_SPACES = re.compile(r"[ \t\r\n\f]+")
_MANY_BREAKS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")
_LEADING = re.compile(r"\n[ \t]+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self._break(2 if tag == "p" else 1)
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._break(2 if tag == "p" else 1)
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def _break(self, count: int) -> None:
        """End the current block with ``count`` line breaks, not adding to breaks already there."""
        have = 0
        for part in reversed(self.parts):
            stripped = part.rstrip(" ")
            have += len(stripped) - len(stripped.rstrip("\n"))
            if stripped.strip("\n"):
                break
        if have < count:
            self.parts.append("\n" * (count - have))

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data if self.pre else _SPACES.sub(" ", data))


def to_text(markup: str) -> str:
    """Convert post HTML to plain text (see the module docstring); plain text passes through unescaped."""
    if "<" not in markup:
        return html.unescape(markup).strip() if "&" in markup else markup.strip()
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = _TRAILING.sub("\n", text)
    text = _LEADING.sub("\n", text)
    return _MANY_BREAKS.sub("\n\n", text).strip()
