"""Steps shared by the browser tests: signing in and out, and the accessibility check."""

import json

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PASSWORD = "pw-for-tests"  # the personas' password, from tests/factories.py


def assert_accessible(page: Page) -> None:
    """No WCAG 2.1 A/AA violation that axe-core finds on the page as it is now."""
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    report = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "summary": [n.get("failureSummary", "") for n in v["nodes"]][:2],
        }
        for v in violations
    ]
    assert violations == [], f"{page.url}\n{json.dumps(report, indent=2, ensure_ascii=False)}"


def sign_in(page: Page, username: str) -> None:
    page.goto("/login/")
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/login/")
