"""A real Chromium for the tests (Debian's, driven by Playwright): a shared browser, a kiosk-sized page.

Fixtures (a pytest plugin, registered in tests/conftest.py):
- `browser` (session): headless Chromium from CHROMIUM_PATH or the PATH; fails under CI when missing.
- `browser_locale` (default "fr-FR"): override with `@pytest.mark.parametrize("browser_locale", ["en-US"])`.
- `page_log`: what the page said that a test may look at (console errors, blocked requests).
- `page`: a fresh context per test, 1280x800 touch screen in Europe/Paris; the test fails on any uncaught
  page error, console error or request that leaves the machine (TMDB posters get a local stand-in).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.async_api import Browser, ConsoleMessage, Error, Page, Route, async_playwright

from tests.services import require

KIOSK_VIEWPORT = {"width": 1280, "height": 800}
SCREENS_DIR = Path(os.environ.get("UI_SCREENS_DIR", "/tmp/ui-screens"))
TMDB_IMAGES_HOST = "image.tmdb.org"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
# Chromium logs every HTTP error answer and failed load this way; the app handles those and says so on
# screen, and a request that tried to leave the machine is reported as such.
_RESOURCE_ERROR = re.compile(r"^Failed to load resource: ")


def chromium_path() -> str | None:
    """Debian's Chromium (or CHROMIUM_PATH): Playwright's own browser downloads cannot work offline."""
    return shutil.which(os.environ.get("CHROMIUM_PATH") or "chromium")


@dataclass
class PageLog:
    """Problems a page reported; the `page` fixture fails the test on any that was not allowed."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Let console errors matching `pattern` pass (a test that provokes an error on purpose)."""
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        """Every reported problem that was not allowed."""
        console = [
            message
            for message in self.console_errors
            if not _RESOURCE_ERROR.match(message) and not any(p.search(message) for p in self.allowed)
        ]
        return (
            [f"uncaught page error: {e}" for e in self.page_errors]
            + [f"console error: {m}" for m in console]
            + [f"request outside the machine: {u}" for u in self.blocked_requests]
        )


_POSTER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="342" height="513" viewBox="0 0 342 513">'
    '<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">'
    '<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/></linearGradient></defs>'
    '<rect width="342" height="513" fill="url(#g)"/>'
    '<circle cx="171" cy="230" r="60" fill="none" stroke="#fff" stroke-opacity=".5" stroke-width="10"/></svg>'
)


def poster_stand_in(path: str) -> bytes:
    """A 2:3 SVG poster whose colour depends on `path`, standing in for TMDB's image server."""
    hue = int(hashlib.sha256(path.encode()).hexdigest()[:4], 16) % 360
    return _POSTER_SVG.format(top=f"hsl({hue},55%,45%)", bottom=f"hsl({(hue + 40) % 360},60%,18%)").encode()


async def save_screenshot(page: Page, name: str) -> Path:
    """Save what the kiosk shows now as SCREENS_DIR/<name>.png (viewport only: what a person sees)."""
    target = SCREENS_DIR / f"{name}.png"  # Playwright makes the folder
    await page.screenshot(path=str(target), animations="disabled", caret="hide")
    return target


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One headless Chromium for the whole run; each test gets its own context through `page`."""
    executable = chromium_path()
    require("Chromium", executable is not None, "apt-get install chromium (or set CHROMIUM_PATH)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            # No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        )
        yield chromium
        await chromium.close()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language and Accept-Language; a household kiosk is French."""
    return "fr-FR"


@pytest.fixture
def page_log() -> PageLog:
    """The current test's page problems."""
    return PageLog()


async def _keep_on_the_machine(route: Route, log: PageLog) -> None:
    host = urlparse(route.request.url).hostname or ""
    if host in LOOPBACK_HOSTS or route.request.url.startswith(("data:", "blob:")):
        await route.continue_()
    elif host == TMDB_IMAGES_HOST:
        await route.fulfill(body=poster_stand_in(route.request.url), content_type="image/svg+xml")
    else:
        log.blocked_requests.append(route.request.url)
        await route.abort()


@pytest.fixture
async def page(browser: Browser, browser_locale: str, page_log: PageLog) -> AsyncIterator[Page]:
    """A kiosk screen: 1280x800, touch, Europe/Paris, `browser_locale`; fails the test on page problems."""
    context = await browser.new_context(
        viewport=KIOSK_VIEWPORT,
        has_touch=True,
        locale=browser_locale,
        timezone_id="Europe/Paris",
    )
    context.set_default_timeout(5_000)
    await context.route("**/*", lambda route: _keep_on_the_machine(route, page_log))
    tab = await context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            page_log.console_errors.append(message.text)

    def on_page_error(error: Error) -> None:
        page_log.page_errors.append(f"{error.name}: {error.message}")

    tab.on("console", on_console)
    tab.on("pageerror", on_page_error)
    try:
        yield tab
    finally:
        await context.close()
    problems = page_log.unexpected()
    if problems:
        pytest.fail("the page reported problems:\n" + "\n".join(problems), pytrace=False)


# Run in the page: returns a list of sentences, one per problem found on screen.
_LAYOUT_SCRIPT = (Path(__file__).with_name("layout_check.js")).read_text()


async def layout_problems(page: Page, *, min_target_px: int = 44, fits_screen: bool = False) -> list[str]:
    """What a person would stumble on: small or covered targets, sideways scroll, cut text, low contrast.

    `fits_screen`: also a problem when the screen scrolls down (a PIN pad, a picker: no list to scroll).
    """
    options = {"minTarget": min_target_px, "fitsScreen": fits_screen}
    problems: list[str] = await page.evaluate(_LAYOUT_SCRIPT, options)
    return problems
