"""End-to-end fixtures: the real app in a uvicorn subprocess and headless Chromium
at a phone's viewport.

The server gets this run's environment (tests/conftest.py fixed DATABASE_URL,
DATA_DIR and BROKER_URL at import), so it shares the test database: rows written
here are what the browser sees. Without a browser the tests are skipped on a
workstation and fail on CI (CI set), where a skipped end-to-end test would hide
that nothing was checked.
"""

from __future__ import annotations

import base64
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.conftest import free_port
from werkplaats.settings import PROJECT_ROOT, get_settings

if TYPE_CHECKING:
    from selenium import webdriver
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE = {"width": 390, "height": 844}
UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "werkplaats.app:create_app"]
SCREENSHOT_DIR = get_settings().data_dir / "screenshots"


def _require_browser() -> None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if not missing:
        return
    reason = (
        f"end-to-end tests need {' and '.join(missing)}: "
        "install the Debian packages chromium and chromium-driver (see .ci/system-deps)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def serving(port: int | None = None) -> Iterator[str]:
    """The app under uvicorn (on a free port, unless given) while inside; its base URL."""
    port = port or free_port()
    log_path = get_settings().data_dir / f"uvicorn-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*UVICORN, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=PROJECT_ROOT,
            env=dict(os.environ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, log_path)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def live_server(migrated: None) -> Iterator[str]:
    """The app under uvicorn on a free port; its base URL."""
    _require_browser()
    with serving() as base_url:
        yield base_url


# A start-up wait, not a speed check: on a machine busy with other suites (load 20+
# on two cores, seen here) importing the app alone took longer than 20 s.
START_SECONDS = 90


def _wait_until_up(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped at start-up:\n{log_path.read_text()}", pytrace=False)
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    message = f"the server did not answer within {START_SECONDS} s:\n{log_path.read_text()}"
    pytest.fail(message, pytrace=False)


def _chromium(profile: str, *arguments: str) -> webdriver.ChromeOptions:
    """Headless Chromium that never touches the network itself."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--lang=nl-NL",
        *arguments,
    ):
        options.add_argument(argument)
    return options


@contextmanager
def _browser(options: webdriver.ChromeOptions, profile: str) -> Iterator[WebDriver]:
    from selenium import webdriver

    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(service=service, options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def phone_browser(
    width: int = PHONE["width"], height: int = PHONE["height"]
) -> Iterator[WebDriver]:
    """Headless Chromium emulating a phone of `width` CSS pixels."""
    profile = tempfile.mkdtemp(prefix="werkplaats-chromium-")
    options = _chromium(profile, f"--window-size={width},{height}")
    metrics = {"width": width, "height": height, "pixelRatio": 2.0, "touch": True}
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    with _browser(options, profile) as driver:
        yield driver


@pytest.fixture
def phone(live_server: str) -> Iterator[WebDriver]:
    """Headless Chromium emulating a 390×844 phone."""
    with phone_browser() as driver:
        yield driver


@pytest.fixture
def desktop(live_server: str) -> Iterator[WebDriver]:
    """Headless Chromium in an office screen's window (1280×900), as organisers work."""
    profile = tempfile.mkdtemp(prefix="werkplaats-chromium-")
    with _browser(_chromium(profile, "--window-size=1280,900"), profile) as driver:
        yield driver


# Chromium draws at most 16,384 device pixels in one direction.
MAX_DEVICE_PIXELS = 16_384
SCREEN = (
    "return [innerWidth, innerHeight, devicePixelRatio, matchMedia('(pointer: coarse)').matches]"
)


@dataclass
class Screenshots:
    """Full-height PNGs of each step, numbered in the order they were taken.

    The page is shown on a screen as tall as its content and that screen is captured,
    as DevTools does: `captureBeyondViewport` with a clip, the other way, once hung past
    chromedriver's 120 s in CI on a 4,000 px form.
    """

    folder: Path
    taken: list[Path] = field(default_factory=list)

    def take(self, driver: WebDriver, name: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        width, height, ratio, mobile = driver.execute_script(SCREEN)
        content = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        tall = min(max(height, math.ceil(content["height"])), int(MAX_DEVICE_PIXELS / ratio))
        screen = {"width": width, "deviceScaleFactor": ratio, "mobile": mobile}
        override = "Emulation.setDeviceMetricsOverride"
        driver.execute_cdp_cmd(override, {**screen, "height": tall})
        try:
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        finally:
            driver.execute_cdp_cmd(override, {**screen, "height": height})
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        self.taken.append(path)
        print(f"screenshot: {path}")
        return path


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Screenshots:
    return Screenshots(SCREENSHOT_DIR / request.node.name)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SCREENSHOT_DIR.is_dir():
        terminalreporter.write_line(f"e2e screenshots: {SCREENSHOT_DIR}")
