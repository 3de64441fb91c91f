"""Setting up the second factor in a real browser, as the central coordinator must at first sign-in.

The code is computed from the new device's key, as the phone's app would; screenshots of the setup
page and of the recovery codes are saved under ``var/screenshots/`` for a person to look at.
"""

from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.conftest import World
from tests.e2e.pages import PASSWORD, assert_accessible

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_the_coordinator_sets_up_the_app_and_gets_in(
    tab: Page,
    world: World,
    settings,  # noqa: ANN001 - pytest-django's fixture
) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto("/en/login/")
    tab.locator("#id_username").fill(world.coordinator.username)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("main form button[type=submit]").click()

    tab.wait_for_url("**/two-factor/setup/**")
    expect(tab.locator(".qr-code-box svg")).to_be_visible()
    assert tab.locator(".qr-code-box svg").get_attribute("style") is None
    assert_accessible(tab)
    tab.screenshot(path=str(SCREENSHOTS / "two_factor_setup_phone.png"), full_page=True)

    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    secret = tab.locator("#two-factor-secret").inner_text().replace(" ", "")
    assert secret
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    tab.locator("#id_code").fill(code)
    tab.locator("main form button[type=submit]").click()

    expect(tab.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(tab)
    tab.screenshot(path=str(SCREENSHOTS / "two_factor_recovery_codes_phone.png"), full_page=True)

    tab.locator("main a.button").click()
    expect(tab.get_by_role("heading", level=1)).to_be_visible()
    assert "/two-factor/" not in tab.url
    tab.goto("/en/activities/")
    assert "/two-factor/" not in tab.url
