"""The app's look: colours that pass WCAG AA, large type, and the ``streamlit run`` options that apply them.

Kept apart from :mod:`voices.review.ui` so the CLI can build the command without importing Streamlit.

Example:
    >>> round(contrast(THEME["textColor"], THEME["backgroundColor"]), 1)
    17.7
"""

from __future__ import annotations

THEME: dict[str, str | int] = {
    "base": "light",
    "primaryColor": "#1D4ED8",
    "backgroundColor": "#FFFFFF",
    "secondaryBackgroundColor": "#EEF2F7",
    "textColor": "#111827",
    "baseFontSize": 18,
}
"""Colours and base font size (px): every text/background pair passes WCAG AA (checked in the tests)."""

AA_NORMAL_TEXT = 4.5
"""WCAG 2.x minimum contrast ratio for normal text (level AA)."""


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str | int) -> float:
    """Relative luminance of a ``#RRGGBB`` colour (WCAG 2.x definition)."""
    value = str(colour).lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(foreground: str | int, background: str | int) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def streamlit_flags() -> list[str]:
    """``streamlit run`` options for the theme and a quiet, headless server that hides developer tools."""
    return [
        *(f"--theme.{key}={value}" for key, value in THEME.items()),
        "--server.headless=true",
        "--browser.gatherUsageStats=false",
        "--client.toolbarMode=viewer",
        "--client.showErrorDetails=none",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
    ]
