"""The browser harness itself: it notices what a test could otherwise miss on a page."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.support.browser import PageLog, layout_problems

pytestmark = pytest.mark.integration


async def test_uncaught_errors_and_requests_leaving_the_machine_are_recorded(
    page: Page, page_log: PageLog
) -> None:
    await page.set_content("<p>kiosk</p>")
    await page.evaluate("setTimeout(() => { throw new Error('boom') })")
    await page.evaluate("fetch('https://tracker.example/pixel').catch(() => {})")
    for _ in range(50):  # both arrive asynchronously, within a few milliseconds
        if page_log.page_errors and page_log.blocked_requests:
            break
        await page.wait_for_timeout(20)

    assert page_log.unexpected() == [
        "uncaught page error: Error: boom",
        "request outside the machine: https://tracker.example/pixel",
    ]
    page_log.page_errors.clear()  # recorded as expected; the fixture would fail the test otherwise
    page_log.blocked_requests.clear()


async def test_layout_check_names_small_hidden_and_unreadable_things(page: Page) -> None:
    await page.set_content(
        """<body style="margin:0;background:#14161c;color:#f1f2f6">
        <button style="width:30px;height:30px">x</button>
        <button id="under" style="display:block;width:200px;height:60px">Demander</button>
        <div style="position:fixed;left:0;top:30px;width:300px;height:80px;background:#222">Un message</div>
        <p style="color:#333">Texte illisible</p>
        <div style="width:2000px;height:10px"></div>
        </body>"""
    )

    assert await layout_problems(page) == [
        "touch target 30x30 px: x",
        'covered by "Un message": Demander',
        "the page scrolls sideways (2000 px wide)",
        "contrast 1.43:1 too low: Texte illisible",
    ]
