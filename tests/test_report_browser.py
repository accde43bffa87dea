"""The report in a real browser: Debian chromium, headless, driven by selenium with the system chromedriver.

The page renders from a file with no network, every plotly chart draws, nothing is logged to the console, an
untrusted quote stays text (no alert, no injected element), chart labels never become links, text has enough
contrast, and the page fits a 390-pixel phone screen. Screenshots (desktop and phone) go to test-artifacts/.
Fails (never skips) under CI=true when chromium or chromedriver is missing.
"""

# ruff: noqa: F811  (the report_runs fixtures are imported by name)

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from report_runs import EVIL_LABEL, EVIL_QUOTE, paired_run  # noqa: F401 (fixtures)
from voices.report import write_report

pytestmark = [pytest.mark.browser]

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
WAIT = 60
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

# Relative luminance contrast (WCAG 2) of each visible text element against the first opaque background behind it.
_CONTRAST_JS = """
function lum(rgb) {
  var c = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map(function (v) {
    v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function background(el) {
  for (var e = el; e; e = e.parentElement) {
    var s = getComputedStyle(e);
    if (s.backgroundImage && s.backgroundImage !== 'none') return 'rgb(229, 231, 235)';  // the darker stripe
    var m = s.backgroundColor.match(/[\\d.]+/g);
    if (m && (m.length < 4 || Number(m[3]) > 0.5)) return s.backgroundColor;
  }
  return 'rgb(255, 255, 255)';
}
var worst = [];
document.querySelectorAll('p, li, td, th, caption, figcaption, summary, h1, h2, h3, h4, a, .ref, blockquote')
  .forEach(function (el) {
    if (!el.textContent.trim()) return;
    var fg = lum(getComputedStyle(el).color), bg = lum(background(el));
    var ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) worst.push([el.tagName, el.className, ratio.toFixed(2), el.textContent.slice(0, 40)]);
  });
return worst;
"""


def _require_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if not missing:
        return
    message = f"{', '.join(missing)} missing; install the Debian packages: apt-get install chromium chromium-driver"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"CI=true requires the browser test to run: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def driver() -> Iterator[Any]:
    _require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="voices-report-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(WAIT)
    try:
        yield drv
    finally:
        drv.quit()


@pytest.fixture
def report_file(paired_run: Path, tmp_path: Path) -> Path:
    html_path, _ = write_report(paired_run, tmp_path / "report")
    return html_path


def _open(drv: Any, path: Path, width: int, height: int = 1000) -> float:
    from selenium.webdriver.support.ui import WebDriverWait

    drv.set_window_size(width, height)
    started = time.perf_counter()
    drv.get(path.as_uri())
    WebDriverWait(drv, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
    WebDriverWait(drv, WAIT).until(
        lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('.chart')).every(function (c) {"
            " return c.getAttribute('data-drawn') === 'true' || c.textContent.indexOf('could not be drawn') >= 0; })"
        )
    )
    return time.perf_counter() - started


def _screenshot(drv: Any, element_id: str, target: Path) -> None:
    drv.execute_script("document.getElementById(arguments[0]).scrollIntoView()", element_id)
    time.sleep(0.3)
    drv.save_screenshot(str(target))


def test_report_renders_and_every_chart_draws_in_chromium(driver: Any, report_file: Path, artifacts_dir: Path) -> None:
    seconds = _open(driver, report_file, 1280)
    charts = driver.execute_script(
        "return Array.from(document.querySelectorAll('.chart')).map(function (c) { return {"
        " id: c.id, plotly: c.classList.contains('js-plotly-plot'), drawn: c.getAttribute('data-drawn'),"
        " svg: c.querySelectorAll('svg.main-svg').length, traces: c.querySelectorAll('g.trace').length,"
        " width: c.getBoundingClientRect().width }; })"
    )
    assert len(charts) >= 10
    broken = [c for c in charts if not (c["plotly"] and c["drawn"] == "true" and c["svg"] >= 1 and c["traces"] >= 1)]
    assert broken == []
    bars = driver.execute_script("return document.querySelectorAll('.js-plotly-plot g.point path').length")
    assert bars > 50  # bars and dots were drawn, not just empty axes
    assert driver.execute_script("return document.querySelector('h1').textContent").startswith("What people said")
    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == []
    _screenshot(driver, "glance", artifacts_dir / "report-desktop-top.png")
    _screenshot(driver, "breakdown-1", artifacts_dir / "report-desktop.png")
    assert seconds < WAIT


def test_report_loads_nothing_from_the_network(driver: Any, report_file: Path) -> None:
    _open(driver, report_file, 1280)
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (r) { return r.name; })"
    )
    assert [r for r in resources if r.startswith(("http:", "https:", "ws:", "wss:"))] == []


def test_report_keeps_untrusted_text_as_text_in_the_browser(driver: Any, report_file: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    _open(driver, report_file, 1280)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 (no script from a quote ever ran)
    quotes = driver.execute_script(
        "return Array.from(document.querySelectorAll('blockquote')).map(function (b) { return b.textContent; })"
    )
    assert EVIL_QUOTE in quotes
    assert driver.execute_script("return document.querySelectorAll('img, main script:not(.chart-spec)').length") == 0
    assert driver.execute_script("return document.querySelectorAll('.main-svg a').length") == 0
    svg_text = driver.execute_script(
        "return Array.from(document.querySelectorAll('.main-svg text')).map(function (t) { return t.textContent; })"
    )
    assert any(t.startswith(EVIL_LABEL[:20]) for t in svg_text)  # shown literally, markup and all


def test_report_text_has_enough_contrast(driver: Any, report_file: Path) -> None:
    _open(driver, report_file, 1280)
    assert driver.execute_script(_CONTRAST_JS) == []


def test_report_fits_a_phone_screen(driver: Any, report_file: Path, artifacts_dir: Path) -> None:
    _open(driver, report_file, 390, 844)
    inner = driver.execute_script("return window.innerWidth")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= inner
    widths = driver.execute_script(
        "return Array.from(document.querySelectorAll('.chart')).map(function (c) {"
        " return c.getBoundingClientRect().right; })"
    )
    assert widths and max(widths) <= inner
    drawn = driver.execute_script("return document.querySelectorAll('.js-plotly-plot .main-svg').length")
    assert drawn >= 10
    _screenshot(driver, "glance", artifacts_dir / "report-phone-top.png")
    _screenshot(driver, "breakdown-1", artifacts_dir / "report-phone.png")
    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == []
