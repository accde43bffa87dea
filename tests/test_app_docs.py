"""The app's documentation and look match the code: every page and option documented, colours pass WCAG AA."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import typer
from typer.main import get_command

from voices.review.theme import AA_NORMAL_TEXT, THEME, contrast

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "app.md").read_text(encoding="utf-8")
ENTRY = (ROOT / "app" / "streamlit_app.py").read_text(encoding="utf-8")


def test_docs_describe_every_page_the_app_registers() -> None:
    titles = re.findall(r'st\.Page\(\s*"views/\w+\.py",\s*title="([^"]+)"', ENTRY)
    researcher_pages = [t for t in titles if t not in ("Sign in", "Your themes")]
    assert len(researcher_pages) >= 9
    missing = [t for t in researcher_pages if f"| {t} |" not in GUIDE]
    assert not missing


def test_docs_describe_every_option_of_voices_app_and_every_panel_command() -> None:
    module = importlib.import_module("voices.cli.review")
    app = typer.Typer()
    module.register(app)
    group = get_command(app)
    options = [opt for param in group.commands["app"].params for opt in param.opts if opt.startswith("--")]
    assert options and not [o for o in options if o not in GUIDE]
    assert not [c for c in group.commands["panel"].commands if f"voices panel {c}" not in GUIDE]


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("textColor", "backgroundColor"),
        ("textColor", "secondaryBackgroundColor"),
        ("primaryColor", "backgroundColor"),  # links, selected radio buttons, focus
        ("backgroundColor", "primaryColor"),  # text on primary buttons
    ],
)
def test_theme_colours_pass_wcag_aa_for_normal_text(foreground: str, background: str) -> None:
    assert contrast(THEME[foreground], THEME[background]) >= AA_NORMAL_TEXT


def test_theme_uses_large_type() -> None:
    assert int(THEME["baseFontSize"]) >= 18


def test_contrast_matches_the_wcag_definition() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


REVIEW_MODULES = [
    "access",
    "agreement",
    "cards",
    "catalogue",
    "errors",
    "explorer",
    "export",
    "masking",
    "overview",
    "panel",
    "privacy",
    "report_page",
    "results",
    "reviewed",
    "sessions",
    "team",
    "theme",
    "themeset",
    "ui",
    "versions",
]


@pytest.mark.parametrize("module", REVIEW_MODULES)
def test_review_docstring_examples_run(module: str) -> None:
    import doctest

    mod = importlib.import_module(f"voices.review.{module}")
    failed, _ = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert failed == 0


def test_review_package_lists_every_module() -> None:
    package = ROOT / "src" / "voices" / "review"
    assert sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__") == sorted(REVIEW_MODULES)
