"""Fixtures for Pasan's browser check: headless Debian Chromium driven by selenium.

Run through scripts/test, which starts `pasan serve --demo` and sets:
  PASAN_BASE_URL        e.g. http://127.0.0.1:43211 (required)
  PASAN_SCREENSHOT_DIR  where screenshots go (default .build/screenshots)
Optional: PASAN_CHROMIUM (default /usr/bin/chromium), PASAN_CHROMEDRIVER
(default /usr/bin/chromedriver), PASAN_BROWSER_WAIT (seconds, default 20).
"""

from __future__ import annotations

import base64
import os
import pathlib
import re

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

# Only loopback is ever contacted; keep any configured proxy out of the way
# (selenium's own connection to chromedriver included).
for _var in ("no_proxy", "NO_PROXY"):
    _old = os.environ.get(_var, "")
    os.environ[_var] = "127.0.0.1,localhost,::1" + ("," + _old if _old else "")
os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything

CHROMIUM = os.environ.get("PASAN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PASAN_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT_SECONDS = float(os.environ.get("PASAN_BROWSER_WAIT", "20"))


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("PASAN_BASE_URL", "").rstrip("/")
    if not url:
        pytest.fail("PASAN_BASE_URL is not set: run the browser check through scripts/test", pytrace=False)
    return url


@pytest.fixture(scope="session")
def screenshot_dir() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("PASAN_SCREENSHOT_DIR", ".build/screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _chrome_options() -> Options:
    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # we run as root in CI
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        "--lang=en-US",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        # No traffic beyond loopback: no update checks, sync, metrics or prefetching.
        "--no-proxy-server",
        # Resolve nothing but loopback names: Chromium otherwise looks up Google
        # update and sign-in hosts in the background even with the switches below.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
        "--dns-prefetch-disable",
        "--no-pings",
        "--metrics-recording-only",
    ):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    return options


@pytest.fixture(scope="session")
def driver(screenshot_dir: pathlib.Path):
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} not found: apt-get install chromium chromium-driver", pytrace=False)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(screenshot_dir / "chromedriver.log"))
    drv = webdriver.Chrome(service=service, options=_chrome_options())
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(30)
    yield drv
    drv.quit()


class Page:
    """Small helpers around the shared driver: load a path and wait until it is ready."""

    def __init__(self, driver, base_url: str, screenshot_dir: pathlib.Path):
        self.driver = driver
        self.base_url = base_url
        self.screenshot_dir = screenshot_dir

    def url(self, path: str) -> str:
        return self.base_url + path

    def wait(self, seconds: float | None = None) -> WebDriverWait:
        return WebDriverWait(self.driver, seconds or WAIT_SECONDS, poll_frequency=0.1)

    def open(self, path: str) -> None:
        self.driver.get(self.url(path))
        self.wait().until(lambda d: d.execute_script("return document.readyState") == "complete")

    def screenshot(self, name: str) -> pathlib.Path:
        return save_full_page_screenshot(self.driver, self.screenshot_dir / name)


def save_full_page_screenshot(driver, path: pathlib.Path) -> pathlib.Path:
    """Capture the whole page (not just the 1280x1600 viewport) through DevTools."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width = max(1, int(size["width"]))
    height = max(1, min(int(size["height"]), 16000))
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "fromSurface": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


@pytest.fixture
def page(driver, base_url, screenshot_dir) -> Page:
    return Page(driver, base_url, screenshot_dir)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture(autouse=True)
def _screenshot_on_failure(request, screenshot_dir):
    """When a test that used the browser fails, keep a screenshot of what it saw."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed or "driver" not in request.fixturenames:
        return
    drv = request.getfixturevalue("driver")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        save_full_page_screenshot(drv, screenshot_dir / f"FAILED-{name}.png")
    except Exception:  # a screenshot must never hide the real failure
        pass
