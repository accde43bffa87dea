"""The review app in a real browser: Debian chromium, headless, driven by selenium with the system chromedriver.

A panel member signs in, answers two themes, refreshes the page and finds the answers still there; the page is
usable by keyboard and on a 390-pixel phone screen; the researcher signs in, sees the answers in panel results,
adopts the member's name, and the reviewed version and audit log reflect it. Screenshots go to test-artifacts/.
Fails (never skips) under CI=true when chromium or chromedriver is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from app_runs import APP, build_run
from voices import db
from voices.db import access
from voices.review import versions
from voices.review.theme import streamlit_flags
from voices.runstore import open_run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
WAIT = 30


def _require_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if not missing:
        return
    message = f"{', '.join(missing)} missing; install the Debian packages: apt-get install chromium chromium-driver"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"CI=true requires the browser test to run: {message}", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    """A running app (streamlit subprocess) with its database, run and people."""

    def __init__(self, base: str, engine: Engine, run_id: str, codes: dict[str, str], runs_dir: Path) -> None:
        self.base, self.engine, self.run_id, self.codes, self.runs_dir = base, engine, run_id, codes, runs_dir

    def wait_for_db(self, check: Callable[[Any], Any], what: str) -> Any:
        """Poll the database until ``check(session)`` is truthy (the app saves in the background)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            with db.session(self.engine, readonly=True) as s:
                value = check(s)
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"the database never showed {what}")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    _require_chromium()
    monkeypatch.setattr(access, "SCRYPT_N", 2**10)
    runs_dir = tmp_path / "runs"
    run = build_run(runs_dir, name="housing")
    url = f"sqlite:///{tmp_path / 'voices.db'}"
    engine = db.connect(url)
    db.upgrade(engine)
    with db.session(engine) as s:
        asha, asha_code = db.create_person(s, "Asha", role="researcher", by=None)
        jo, jo_code = db.create_person(s, "Jo", role="panel_member", by=asha)
        panel = db.create_panel(s, "Tenants panel", by=asha)
        db.invite(s, panel, jo, by=asha)
        db.grant_run(s, panel, run.name, by=asha)
    port = _free_port()
    env = {**os.environ, "VOICES_APP_RUNS": str(runs_dir), "VOICES_DATABASE_URL": url}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        *streamlit_flags(),
    ]
    log = (tmp_path / "streamlit.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text())
            time.sleep(0.3)
        yield Site(base, engine, run.name, {"Asha": asha_code, "Jo": jo_code}, runs_dir)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        engine.dispose()


@pytest.fixture
def browser() -> Iterator[Any]:
    _require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="voices-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _by(kind: str, value: str) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    return (getattr(By, kind), value)


def wait_for(driver: Any, kind: str, value: str, *, clickable: bool = False) -> Any:
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    condition = ec.element_to_be_clickable if clickable else ec.visibility_of_element_located
    return WebDriverWait(driver, WAIT).until(condition(_by(kind, value)))


def wait_for_text(driver: Any, text: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT).until(lambda d: text in d.find_element(*_by("TAG_NAME", "body")).text)


def wait_for_value(driver: Any, text: str) -> None:
    """Wait until some form control (e.g. a select box's shown choice) holds ``text``."""
    from selenium.webdriver.support.ui import WebDriverWait

    script = "return [...document.querySelectorAll('input, textarea')].map(e => e.value || e.getAttribute('aria-label')"
    script += " || '').concat([...document.querySelectorAll('[data-baseweb=select]')].map(e => e.innerText));"
    WebDriverWait(driver, WAIT).until(lambda d: any(text in v for v in d.execute_script(script)))


def settle(driver: Any) -> None:
    """Wait until Streamlit has finished rerunning (no 'running' indicator) and the page is quiet."""
    from selenium.webdriver.support.ui import WebDriverWait

    time.sleep(0.3)
    WebDriverWait(driver, WAIT).until(
        lambda d: (
            not d.find_elements(*_by("CSS_SELECTOR", "[data-testid='stStatusWidget'] [data-testid*='Running']"))
            and not d.find_elements(*_by("CSS_SELECTOR", "[data-stale='true']"))
        )
    )
    time.sleep(0.3)


def sign_in(driver: Any, site: Site, name: str) -> None:
    from selenium.webdriver.common.keys import Keys

    driver.get(site.base)
    box = wait_for(driver, "CSS_SELECTOR", "input[aria-label='Your access code']", clickable=True)
    box.send_keys(site.codes[name])
    box.send_keys(Keys.ENTER)


def choose(driver: Any, answer: str) -> None:
    label = wait_for(
        driver, "XPATH", f"//div[@role='radiogroup']//label[.//p[normalize-space()='{answer}']]", clickable=True
    )
    label.click()


def type_and_leave(driver: Any, selector: str, text: str) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT).until(lambda d: d.find_element(*_by("CSS_SELECTOR", selector)).is_enabled())
    box = driver.find_element(*_by("CSS_SELECTOR", selector))
    box.click()
    box.send_keys(text)
    box.send_keys(Keys.TAB)  # leaving the box commits it, and the app saves it


def checked_answer(driver: Any) -> str | None:
    for label in driver.find_elements(*_by("XPATH", "//div[@role='radiogroup']//label")):
        radio = label.find_element(*_by("CSS_SELECTOR", "input[type='radio']"))
        if radio.is_selected():
            return label.text.strip()
    return None


def review(site: Site, theme_id: str):  # type: ignore[no-untyped-def]
    def check(s):  # type: ignore[no-untyped-def]
        return next((r for r in db.reviews_for(s, site.run_id, theme_id=theme_id)), None)

    return check


def test_browser_panel_review_survives_refresh_and_researcher_adopts_a_panel_name(
    site: Site, browser: Any, artifacts_dir: Path
) -> None:
    shots = artifacts_dir / "app-browser"
    shots.mkdir(exist_ok=True)
    name_box = "input[aria-label='What would you call it, in your own words?']"
    comment_box = "textarea[aria-label='Anything else you want to say about this theme?']"

    # A panel member signs in and answers the first theme.
    sign_in(browser, site, "Jo")
    wait_for(browser, "XPATH", "//h1[contains(., 'Do these themes ring true?')]")
    wait_for_text(browser, "Heating energy bills")
    assert "s=v1." in browser.current_url  # the session lives in the URL, so a refresh keeps it
    browser.save_screenshot(str(shots / "01-member-first-theme.png"))
    choose(browser, "Yes")
    site.wait_for_db(lambda s: review(site, "0")(s), "the first verdict")
    settle(browser)
    type_and_leave(browser, name_box, "Heating or eating")
    site.wait_for_db(lambda s: (r := review(site, "0")(s)) and r.own_name == "Heating or eating", "the own name")
    browser.save_screenshot(str(shots / "02-member-answered-first.png"))

    # The second theme: partly, with a comment.
    settle(browser)
    wait_for(browser, "XPATH", "//button[contains(., 'Next theme')]", clickable=True).click()
    wait_for_text(browser, "Food banks and food prices")
    settle(browser)
    choose(browser, "Partly")
    site.wait_for_db(lambda s: review(site, "1")(s), "the second verdict")
    settle(browser)
    type_and_leave(browser, comment_box, "Some of us would never use a food bank")
    site.wait_for_db(lambda s: (r := review(site, "1")(s)) and r.comment, "the comment")
    settle(browser)

    # Keyboard: every control on the card can be reached with Tab.
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    reached = set()
    for _ in range(80):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        reached.add((active.get_attribute("aria-label") or active.text or active.get_attribute("type") or "").strip())
    assert "What would you call it, in your own words?" in reached
    assert "Anything else you want to say about this theme?" in reached
    assert "radio" in reached
    assert any("Next theme" in r for r in reached) and any("Previous theme" in r for r in reached)

    # A refresh: still signed in, on the same theme, with the answers shown.
    browser.refresh()
    wait_for_text(browser, "Food banks and food prices")
    settle(browser)
    assert checked_answer(browser) == "Partly"
    assert browser.find_element(*_by("CSS_SELECTOR", comment_box)).get_attribute("value").startswith("Some of us")
    browser.save_screenshot(str(shots / "03-member-after-refresh.png"))
    wait_for(browser, "XPATH", "//button[contains(., 'Previous theme')]", clickable=True).click()
    wait_for_text(browser, "Heating energy bills")
    settle(browser)
    assert checked_answer(browser) == "Yes"
    assert browser.find_element(*_by("CSS_SELECTOR", name_box)).get_attribute("value") == "Heating or eating"

    # A phone: 390 pixels wide, nothing wider than the screen.
    browser.set_window_size(390, 844)
    settle(browser)
    browser.save_screenshot(str(shots / "04-member-phone-390px.png"))
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    browser.set_window_size(1280, 1000)

    # The hostile quote shows as text: no script element was injected.
    browser.get(browser.current_url.replace("card=1", "card=4"))
    wait_for_text(browser, "Not being listened to")
    wait_for_text(browser, "<script>alert('pwned')</script>")
    assert not browser.execute_script("return [...document.scripts].some(s => s.text.includes('pwned'))")
    assert not browser.find_elements(*_by("CSS_SELECTOR", "a[href='http://evil.example']"))
    assert not browser.find_elements(*_by("CSS_SELECTOR", "img[src='http://evil.example/i.png']"))

    # Sign out; the researcher signs in and sees the answers.
    settle(browser)
    wait_for(browser, "XPATH", "(//button[normalize-space()='Sign out'])[last()]", clickable=True).click()
    wait_for(browser, "CSS_SELECTOR", "input[aria-label='Your access code']")
    sign_in(browser, site, "Asha")
    wait_for(browser, "XPATH", "//h1[contains(., 'Overview')]")
    settle(browser)
    wait_for(browser, "XPATH", "//a[contains(., 'Panel results')]", clickable=True).click()
    wait_for(browser, "XPATH", "//h1[contains(., 'Panel results')]")
    wait_for_text(browser, "Heating or eating")
    settle(browser)
    browser.save_screenshot(str(shots / "05-researcher-panel-results.png"))

    # Adopt the member's name: a decision in reviewed version 1, in the audit log.
    wait_for(browser, "XPATH", '//button[contains(., "Use Jo\'s name")]', clickable=True).click()
    wait_for_text(browser, "Adopted")
    decision = site.wait_for_db(lambda s: db.decisions_for(s, site.run_id), "the adopt decision")[0]
    assert decision.kind == "adopt_panel_name" and decision.payload["name"] == "Heating or eating"
    with db.session(site.engine, readonly=True) as s:
        chain = versions.decisions_in_chain(s, site.run_id, decision.reviewed_version)
        events = [(e.actor, e.action) for e in db.audit_log(s, run_id=site.run_id)]
    reviewed = versions.reviewed_themes(open_run(site.runs_dir / site.run_id), chain, [], run_id=site.run_id)
    first = reviewed.themes.set_index("theme_id").loc["0"]
    assert (first["label"], first["name_source"]) == ("Heating or eating", "panel")
    assert ("Asha", "decision.adopt_panel_name") in events and ("Jo", "review.save") in events

    settle(browser)
    wait_for(browser, "XPATH", "//a[contains(., 'Decisions')]", clickable=True).click()
    wait_for(browser, "XPATH", "//h1[contains(., 'Decisions')]")
    settle(browser)
    browser.save_screenshot(str(shots / "06-researcher-decisions.png"))
    wait_for_value(browser, "Heating or eating (0)")  # the reviewed version's name, in the theme picker
    wait_for(browser, "XPATH", "//a[contains(., 'Audit log')]", clickable=True).click()
    wait_for(browser, "XPATH", "//h1[contains(., 'Audit log')]")
    settle(browser)
    browser.save_screenshot(str(shots / "07-researcher-audit-log.png"))
