"""The Content Security Policy blocks nothing the workspace itself needs, in a real Chromium.

Every Content Security Policy violation is caught twice: Chromium's own console message
("Refused to … because it violates the following Content Security Policy directive") and a
``securitypolicyviolation`` listener that the driver injects into every document (injected
scripts are not subject to the page's policy). The pages, the API docs and the admin, with the
admin's own scripts put to work: the date widgets, the actions, the filters, the inline formset
and the "add another" popup.
"""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from network.activities import services as activity_services
from network.models import Activity, User, Visibility
from tests.conftest import World
from tests.e2e.pages import PASSWORD, sign_in
from tests.frontend.test_minutes_documents import _approved
from tests.situation.test_access import _picture

pytestmark = pytest.mark.e2e

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "Content Security Policy violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""
PAGES: list[tuple[str, dict[str, int]]] = [
    ("frontend:home", {}),
    ("frontend:activity_list", {}),
    ("frontend:activity_create", {}),
    ("frontend:meeting_list", {}),
    ("frontend:meeting_create", {}),
    ("frontend:action_item_list", {}),
    ("frontend:tagging_queue", {}),
    ("frontend:report", {}),
    ("frontend:notification_preferences", {}),
    ("frontend:account_security", {}),
    ("frontend:two_factor", {}),
    ("frontend:two_factor_setup", {}),
    ("frontend:situation_picture_list", {}),
    ("frontend:situation_picture_create", {}),
    ("frontend:action_plan_list", {}),
    ("frontend:gaps", {}),
    ("frontend:knowledge_list", {}),
    ("frontend:knowledge_create", {}),
    ("frontend:directory", {}),
    ("frontend:support", {}),
    ("frontend:accessibility", {}),
]


class Console:
    """What the pages of one browser context wrote to the console, and their script errors."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("console", self._message)
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))

    def _message(self, message: ConsoleMessage) -> None:
        self.messages.append(f"{message.type}: {message.text} ({message.location.get('url')})")

    def violations(self) -> list[str]:
        """Blocked by the policy, a script that failed, or a header Chromium refused."""
        return [
            m
            for m in self.messages
            if "Content Security Policy" in m or "pageerror" in m or "Permissions-Policy" in m
        ]


@pytest.fixture
def watched(
    browser: Browser, live_server: LiveServer, directions: None
) -> Iterator[tuple[Page, Console]]:
    """A tab whose console, and that of every popup it opens, is recorded."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.add_init_script(REPORT_VIOLATIONS)
    console = Console()
    context.on("page", console.watch)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page, console
    context.close()


@pytest.fixture
def activity(world: World) -> Activity:
    return activity_services.activity_create(
        author=world.coordinator,
        network=world.net,
        organisation=world.social,
        title="Nattvandring i centrum",
        description="Föräldrar vandrar fredagskvällar.",
        starts_on=date(2026, 3, 1),
        visibility=Visibility.NETWORK,
    )


def test_a_violation_would_be_seen(watched, world: World) -> None:
    """The watch itself: what the policy blocks shows up among the violations."""
    page, console = watched
    page.goto(reverse("frontend:login"))
    page.evaluate(
        """() => {
          const image = document.createElement("img");
          image.src = "https://example.org/tracker.png";
          document.body.append(image);
          const styled = document.createElement("p");
          styled.setAttribute("style", "color: red");
          document.body.append(styled);
        }"""
    )
    page.wait_for_timeout(500)
    found = "\n".join(console.violations())
    assert "img-src blocked https://example.org/tracker.png" in found
    assert "style-src-attr blocked inline" in found


def test_the_coordinators_pages_break_no_rule(watched, world: World, activity: Activity) -> None:
    page, console = watched
    sign_in(page, world.coordinator.username)
    for name, kwargs in [*PAGES, ("frontend:activity_detail", {"pk": activity.pk})]:
        response = page.goto(reverse(name, kwargs=kwargs))
        assert response is not None
        assert response.ok, f"{name}: {response.status}"
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    # The print pages: their inline stylesheets, allowed by the nonce, apply.
    version = _approved(world)
    page.goto(reverse("frontend:minutes_print", args=[version.meeting_id, version.number]))
    expect(page.locator(".toolbar")).to_have_css("background-color", "rgb(241, 244, 248)")
    picture = _picture(world)
    page.goto(reverse("frontend:situation_picture_print", args=[picture.pk]))
    expect(page.locator(".toolbar")).to_have_css("background-color", "rgb(241, 244, 248)")
    # The scripts at work: the personal-data warning as one types, the notifications socket.
    page.goto(reverse("frontend:activity_create"))
    page.get_by_label("Beskrivning").fill("Pojken 19991231-1234 var där.")
    page.wait_for_timeout(300)
    page.goto(reverse("frontend:home"))
    page.wait_for_load_state("networkidle")
    assert console.violations() == [], "\n".join(console.messages)


def test_the_api_docs_render_under_the_policy(watched, world: World, tmp_path: Path) -> None:
    page, console = watched
    sign_in(page, world.coordinator.username)
    page.goto(reverse("api:docs"))
    # The schema is generated on request: it takes a few seconds.
    title = page.locator(".swagger-ui .info .title")
    expect(title).to_contain_text("Samverkan API", timeout=60_000)
    operation = page.locator(".opblock").first
    operation.locator(".opblock-summary").click()  # opens an operation: Swagger UI's own script
    expect(operation.locator(".opblock-body")).to_be_visible()
    page.screenshot(path=tmp_path / "api-docs.png", full_page=False)
    # A call from the page: Swagger UI's fetch, and its rendering of the answer.
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(
        operation.locator(".live-responses-table tr.response .response-col_status")
    ).to_contain_text("200", timeout=20_000)
    assert console.violations() == [], "\n".join(console.messages)


@pytest.fixture
def admin_user(db: None) -> User:
    return User.objects.create_superuser("admin", "admin@example.org", PASSWORD)


def test_the_admin_works_under_the_policy(
    watched, admin_user: User, world: World, activity: Activity, tmp_path: Path
) -> None:
    network = world.net
    page, console = watched
    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill(admin_user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#content-main")).to_be_visible()

    # The changelist: a filter, and the actions (selecting a row shows the counter).
    page.goto(reverse("admin:network_activity_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#changelist-filter a").nth(1).click()
    expect(page.locator("#result_list")).to_be_visible()
    page.goto(reverse("admin:network_activity_changelist"))
    page.locator("input.action-select").first.check()
    expect(page.locator(".action-counter")).to_contain_text("1")
    page.locator("select[name=action]").select_option(index=1)

    # A change form: the calendar of a date field, the inline formset, "add another".
    page.goto(reverse("admin:network_network_change", args=[network.pk]))
    date_field = page.locator(".vDateField").first
    date_field.fill("")
    page.locator(".datetimeshortcuts a:not(.date-icon)").first.click()  # "Today"
    expect(date_field).not_to_have_value("")
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.locator("#calendarbox0 .calendarnav-next").click()
    page.locator("#calendarbox0 .calendar-cancel a").click()
    expect(page.locator("#calendarbox0")).to_be_hidden()
    rows = page.locator("tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator(".add-row a").first.click()
    expect(rows).to_have_count(before + 1)
    page.screenshot(path=tmp_path / "admin-change-form.png", full_page=True)
    with page.context.expect_page() as popup_info:
        page.locator("a.add-related:visible").first.click()
    popup = popup_info.value
    popup.wait_for_load_state()
    expect(popup.locator("#content-main form")).to_be_visible()
    popup.close()

    # A form with date and time widgets.
    page.goto(reverse("admin:network_user_change", args=[admin_user.pk]))
    time_field = page.locator(".vTimeField").first
    time_field.fill("")
    time_field.locator("xpath=following-sibling::span[1]").locator("a").first.click()  # "Now"
    expect(time_field).not_to_have_value("")
    page.locator("#clocklink0").click()
    expect(page.locator("#clockbox0")).to_be_visible()
    page.locator("#clockbox0 .timelist a").first.click()
    expect(page.locator("#clockbox0")).to_be_hidden()
    assert console.violations() == [], "\n".join(console.messages)
