"""axe-core (Deque's accessibility engine, from frontend/node_modules) run in the test's Chromium.

Nothing is fetched at test time: the script is read from node_modules (a dev dependency of the frontend) and
added to every document the page opens, before the kiosk's own scripts.
"""

from __future__ import annotations

from playwright.async_api import Page

from tests.support.kiosk_app import FRONTEND

AXE_SCRIPT = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"
# What blocks or seriously hinders someone using a screen reader, a keyboard or low vision.
BLOCKING_IMPACTS = ("critical", "serious")

# Run in the page: every violation of those impacts, one sentence each (rule, impact, where, what to fix).
_RUN_AXE = """async (impacts) => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(" ")} (${n.failureSummary})`));
}"""


async def add_axe(page: Page) -> None:
    """Make axe available in every document `page` opens from now on (call before the first goto)."""
    await page.add_init_script(path=str(AXE_SCRIPT))


async def blocking_violations(page: Page) -> list[str]:
    """The critical and serious accessibility violations on the screen as it is now."""
    found: list[str] = await page.evaluate(_RUN_AXE, list(BLOCKING_IMPACTS))
    return found
