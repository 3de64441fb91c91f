"""The second factor: who is held at the step, what they reach meanwhile, and the codes.

``TWO_FACTOR_REQUIRED`` is on here, as in production (tests/conftest.py turns it off elsewhere).
Codes are computed from the device's key as an authenticator app would.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import cast

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.accounts import two_factor
from network.models import Activity, User
from tests.accounts.conftest import signed_in
from tests.conftest import World
from tests.factories import ActivityFactory, UserFactory

PASSWORD = "pw-for-tests"  # noqa: S105 - the factories' password


@pytest.fixture(autouse=True)
def _required(settings) -> None:  # noqa: ANN001 - pytest-django's fixture
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def staff(db: None) -> User:
    return cast(User, UserFactory(username="adminstaff", is_staff=True))


@pytest.fixture
def activity(world: World) -> Activity:
    return cast(
        Activity,
        ActivityFactory(network=world.net, organisation=world.school, title="Nattvandring"),
    )


def who(world: World, staff: User, name: str) -> User:
    return staff if name == "staff" else world.persona(name)


def current_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` periods later)."""
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps_ahead,
    )
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    valid = {current_code(device, step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def set_up_device(user: User) -> tuple[TOTPDevice, list[str]]:
    """A confirmed app and recovery codes, as the setup page leaves them."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device, two_factor.make_recovery_codes(user)


def unthrottle(device: TOTPDevice | StaticDevice) -> None:
    """As if the wait after the last wrong code had passed."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(hours=1)
    )


def page_urls(activity: Activity) -> list[str]:
    return [
        reverse("frontend:home"),
        reverse("frontend:activity_list"),
        reverse("frontend:activity_detail", args=[activity.pk]),
        reverse("frontend:meeting_list"),
        reverse("frontend:situation_picture_list"),
        reverse("frontend:report"),
        reverse("admin:index"),
        reverse("admin:network_activity_changelist"),
    ]


# Who is held, and where


@pytest.mark.parametrize("name", ["coordinator", "security_chief", "staff"])
def test_a_required_person_without_a_device_is_sent_to_setup_from_every_page(
    world: World, staff: User, activity: Activity, name: str
) -> None:
    client = signed_in(who(world, staff, name))
    setup = reverse("frontend:two_factor_setup")
    for url in page_urls(activity):
        response = client.get(url)
        assert response.status_code == 302, url
        location = response["Location"]
        assert location.startswith(setup + "?next="), url
        assert client.get(location).status_code == 200


@pytest.mark.parametrize("name", ["coordinator", "security_chief", "staff"])
def test_a_required_person_with_a_device_is_sent_to_verify_from_every_page(
    world: World, staff: User, activity: Activity, name: str
) -> None:
    user = who(world, staff, name)
    set_up_device(user)
    client = signed_in(user)
    verify = reverse("frontend:two_factor_verify")
    for url in page_urls(activity):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(verify + "?next="), url


@pytest.mark.parametrize("name", ["coordinator", "security_chief", "staff"])
def test_a_session_api_call_of_an_unverified_person_is_refused_in_json(
    world: World, staff: User, activity: Activity, name: str
) -> None:
    client = signed_in(who(world, staff, name))
    response = client.get("/api/v1/activities/")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]

    response = client.post(
        f"/api/v1/activities/{activity.pk}/tag/",
        {"directions": ["prevention"]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "detail" in response.json()
    activity.refresh_from_db()
    assert not activity.directions.exists()


def test_an_api_call_with_an_authorization_header_is_left_to_the_token_authentication(
    world: World,
) -> None:
    client = signed_in(world.coordinator)
    response = client.get("/api/v1/activities/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401  # the token is refused, not the missing second factor


def test_the_next_address_is_kept_and_used_after_verifying(world: World) -> None:
    device, _codes = set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    target = reverse("frontend:meeting_list") + "?status=held"
    location = client.get(target)["Location"]
    response = client.post(location, {"code": current_code(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_next_address_on_another_site_is_not_followed(world: World) -> None:
    device, _codes = set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    response = client.post(
        reverse("frontend:two_factor_verify") + "?next=https://evil.example/",
        {"code": current_code(device), "next": "//evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:home")


def test_the_step_pages_sign_out_and_health_stay_open(world: World) -> None:
    client = signed_in(world.coordinator)
    assert client.get(reverse("frontend:two_factor_setup")).status_code == 200
    with translation.override("en"):
        english = reverse("frontend:two_factor_setup")
    assert english.startswith("/en/")
    assert client.get(english).status_code == 200
    assert client.get("/health/").status_code != 302
    response = client.post(reverse("frontend:logout"))
    assert response.status_code == 302
    assert response["Location"] != reverse("frontend:two_factor_setup")
    assert client.get(reverse("frontend:home")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_overview_and_recovery_pages_need_a_verified_session(world: World) -> None:
    set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    for url in (reverse("frontend:two_factor"), reverse("frontend:two_factor_recovery")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("frontend:two_factor_verify"))
    assert client.post(reverse("frontend:two_factor_recovery")).status_code == 302
    assert recovery_token_count(world.coordinator) == two_factor.RECOVERY_CODE_COUNT


def recovery_token_count(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@pytest.mark.parametrize("name", ["police", "civil"])
def test_a_member_without_a_device_is_not_forced(world: World, name: str) -> None:
    client = signed_in(world.persona(name))
    assert client.get(reverse("frontend:home")).status_code == 200
    assert client.get(reverse("frontend:activity_list")).status_code == 200
    assert client.get("/api/v1/activities/").status_code == 200


def test_a_member_who_set_up_a_device_is_asked_to_verify(world: World) -> None:
    device, _codes = set_up_device(world.police)
    client = signed_in(world.police)
    response = client.get(reverse("frontend:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:two_factor_verify"))
    assert client.get("/api/v1/activities/").status_code == 403
    client.post(reverse("frontend:two_factor_verify"), {"code": current_code(device)})
    assert client.get(reverse("frontend:home")).status_code == 200


def test_with_the_setting_off_nobody_is_forced(settings, world: World, staff: User) -> None:  # noqa: ANN001
    settings.TWO_FACTOR_REQUIRED = False
    for user in (world.coordinator, world.security_chief):
        client = signed_in(user)
        assert client.get(reverse("frontend:home")).status_code == 200
        assert client.get("/api/v1/activities/").status_code == 200
    assert signed_in(staff).get(reverse("admin:index")).status_code == 200


def test_with_the_setting_off_a_device_once_set_up_is_still_asked_for(
    settings, world: World
) -> None:  # noqa: ANN001
    settings.TWO_FACTOR_REQUIRED = False
    set_up_device(world.coordinator)
    response = signed_in(world.coordinator).get(reverse("frontend:home"))
    assert response.status_code == 302


# Every way of signing in


def test_signing_in_on_the_sign_in_page_leads_to_the_step(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("frontend:login"), {"username": world.coordinator.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:two_factor_setup"))


def test_signing_in_on_the_admin_login_page_leads_to_the_step(staff: User) -> None:
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": staff.username, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:two_factor_setup"))


# Setting up, then acting


@pytest.mark.parametrize("name", ["coordinator", "security_chief", "staff"])
def test_after_setting_up_with_a_real_code_the_person_can_act(
    world: World, staff: User, activity: Activity, name: str
) -> None:
    user = who(world, staff, name)
    client = signed_in(user)
    setup = reverse("frontend:two_factor_setup")
    assert client.get(setup).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(setup, {"code": current_code(device)})
    assert response.status_code == 200
    assert len(response.context["codes"]) == two_factor.RECOVERY_CODE_COUNT
    assert "no-store" in response["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    assert recovery_token_count(user) == two_factor.RECOVERY_CODE_COUNT

    for url in page_urls(activity)[:6]:
        assert client.get(url).status_code in (200, 404), url
    assert client.get(reverse("frontend:home")).status_code == 200
    assert client.get("/api/v1/activities/").status_code == 200
    if name == "staff":
        assert client.get(reverse("admin:index")).status_code == 200


def test_a_verified_coordinator_tags_through_the_api_with_the_session(
    world: World, activity: Activity
) -> None:
    device, _codes = set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    client.post(reverse("frontend:two_factor_verify"), {"code": current_code(device)})
    response = client.post(
        f"/api/v1/activities/{activity.pk}/tag/",
        {"directions": ["prevention"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert list(activity.directions.values_list("code", flat=True)) == ["prevention"]


def test_a_wrong_first_code_does_not_confirm_the_device(world: World) -> None:
    client = signed_in(world.coordinator)
    setup = reverse("frontend:two_factor_setup")
    client.get(setup)
    device = TOTPDevice.objects.get(user=world.coordinator)
    response = client.post(setup, {"code": wrong_code(device)})
    assert response.status_code == 400
    assert 'aria-describedby="id_code_helptext id_code_error"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert device.throttling_failure_count == 1
    assert not StaticDevice.objects.filter(user=world.coordinator).exists()
    assert client.get(reverse("frontend:home")).status_code == 302


def test_reloading_setup_keeps_the_same_secret(world: World) -> None:
    client = signed_in(world.coordinator)
    first = client.get(reverse("frontend:two_factor_setup")).context["secret"]
    second = client.get(reverse("frontend:two_factor_setup")).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=world.coordinator).count() == 1


def test_the_setup_page_draws_the_qr_code_without_style_attributes(world: World) -> None:
    response = signed_in(world.coordinator).get(reverse("frontend:two_factor_setup"))
    html = response.content.decode()
    start, end = html.index("<svg"), html.index("</svg>")
    svg = html[start:end]
    assert 'role="img"' in svg
    assert "style=" not in svg
    assert "<path" in svg
    device = TOTPDevice.objects.get(user=world.coordinator)
    assert response.context["secret"].replace(" ", "") in two_factor_b32(device)
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def two_factor_b32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def test_an_unverified_person_cannot_replace_the_device_on_the_setup_page(world: World) -> None:
    device, _codes = set_up_device(world.police)
    client = signed_in(world.police)
    response = client.get(reverse("frontend:two_factor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:two_factor_verify"))
    assert list(TOTPDevice.objects.filter(user=world.police)) == [device]


# Verifying: wrong codes, throttling, recovery codes


def test_a_wrong_code_is_refused_counted_and_then_throttled(world: World) -> None:
    device, _codes = set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    verify = reverse("frontend:two_factor_verify")

    response = client.post(verify, {"code": wrong_code(device)})
    assert response.status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    # Right away, even the right code is not looked at: the wait has not passed.
    response = client.post(verify, {"code": current_code(device)})
    assert response.status_code == 400
    assert client.get(reverse("frontend:home")).status_code == 302

    for expected in (2, 3, 4):
        unthrottle(device)
        client.post(verify, {"code": wrong_code(device)})
        device.refresh_from_db()
        assert device.throttling_failure_count == expected
    allowed, details = device.verify_is_allowed()
    assert not allowed
    assert details is not None
    assert details["locked_until"] - device.throttling_failure_timestamp >= timedelta(seconds=8)

    unthrottle(device)
    response = client.post(verify, {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert client.get(reverse("frontend:home")).status_code == 200


def test_nonsense_input_is_a_form_error_and_counted(world: World) -> None:
    device, _codes = set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    response = client.post(reverse("frontend:two_factor_verify"), {"code": "x" * 40})
    assert response.status_code == 400
    response = client.post(reverse("frontend:two_factor_verify"), {"code": "abc"})
    assert response.status_code == 400
    device.refresh_from_db()
    assert (
        device.throttling_failure_count
        + StaticDevice.objects.get(user=world.coordinator).throttling_failure_count
        == 1
    )


def test_a_recovery_code_works_once(world: World) -> None:
    _device, codes = set_up_device(world.coordinator)
    verify = reverse("frontend:two_factor_verify")
    first = signed_in(world.coordinator)
    shown = two_factor.format_recovery_code(codes[0]).upper()
    assert first.post(verify, {"code": shown}).status_code == 302
    assert first.get(reverse("frontend:home")).status_code == 200
    assert recovery_token_count(world.coordinator) == two_factor.RECOVERY_CODE_COUNT - 1

    second = signed_in(world.coordinator)
    assert second.post(verify, {"code": codes[0]}).status_code == 400
    assert second.get(reverse("frontend:home")).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(world: World) -> None:
    device, old = set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    client.post(reverse("frontend:two_factor_verify"), {"code": current_code(device)})
    assert client.get(reverse("frontend:two_factor_recovery")).status_code == 200
    response = client.post(reverse("frontend:two_factor_recovery"))
    assert response.status_code == 200
    new = [code.replace("-", "") for code in response.context["codes"]]
    assert len(new) == two_factor.RECOVERY_CODE_COUNT
    stored = set(
        StaticToken.objects.filter(device__user=world.coordinator).values_list("token", flat=True)
    )
    assert stored == set(new)
    assert not stored & set(old)
    assert StaticDevice.objects.filter(user=world.coordinator).count() == 1


def test_the_overview_shows_the_state(world: World) -> None:
    device, _codes = set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    client.post(reverse("frontend:two_factor_verify"), {"code": current_code(device)})
    response = client.get(reverse("frontend:two_factor"))
    assert response.status_code == 200
    assert response.context["enabled"]
    assert response.context["codes_left"] == two_factor.RECOVERY_CODE_COUNT
    assert not response.context["may_turn_off"]
    assert 'data-two-factor="on"' in response.content.decode()
    off = signed_in(world.police).get(reverse("frontend:two_factor"))
    assert 'data-two-factor="off"' in off.content.decode()


# Turning off


def test_turning_off_is_refused_for_a_required_person(world: World) -> None:
    device, _codes = set_up_device(world.security_chief)
    client = signed_in(world.security_chief)
    client.post(reverse("frontend:two_factor_verify"), {"code": current_code(device)})
    client.post(reverse("frontend:two_factor"), {"action": "off", "password": PASSWORD})
    assert TOTPDevice.objects.filter(user=world.security_chief).exists()
    assert not two_factor.turn_off(world.security_chief, PASSWORD)
    assert TOTPDevice.objects.filter(user=world.security_chief).exists()


def test_a_member_turns_off_with_the_password_only(world: World) -> None:
    device, _codes = set_up_device(world.civil)
    client = signed_in(world.civil)
    client.post(reverse("frontend:two_factor_verify"), {"code": current_code(device)})
    response = client.post(reverse("frontend:two_factor"), {"password": "not-it"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=world.civil).exists()

    response = client.post(reverse("frontend:two_factor"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.civil).exists()
    assert not StaticDevice.objects.filter(user=world.civil).exists()
    assert client.get(reverse("frontend:home")).status_code == 200
    assert signed_in(world.civil).get(reverse("frontend:home")).status_code == 200


# The API token endpoint's check


def test_token_refusal_for_a_person_without_a_device(settings, world: World) -> None:  # noqa: ANN001
    assert two_factor.token_sign_in_refusal(world.police, None) is None
    assert two_factor.token_sign_in_refusal(world.coordinator, None)
    assert two_factor.token_sign_in_refusal(world.security_chief, "123456")
    settings.TWO_FACTOR_REQUIRED = False
    assert two_factor.token_sign_in_refusal(world.coordinator, None) is None


@pytest.mark.parametrize("name", ["coordinator", "police"])
def test_token_refusal_for_a_person_with_a_device(world: World, name: str) -> None:
    user = world.persona(name)
    device, codes = set_up_device(user)
    assert two_factor.token_sign_in_refusal(user, None)
    assert two_factor.token_sign_in_refusal(user, "")
    assert two_factor.token_sign_in_refusal(user, wrong_code(device))
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Throttled: the right code right after a wrong one is refused too.
    assert two_factor.token_sign_in_refusal(user, current_code(device))
    unthrottle(device)
    assert two_factor.token_sign_in_refusal(user, current_code(device)) is None
    # A recovery code once, then never again.
    assert two_factor.token_sign_in_refusal(user, codes[1]) is None
    assert two_factor.token_sign_in_refusal(user, codes[1])
    assert recovery_token_count(user) == two_factor.RECOVERY_CODE_COUNT - 1


def test_token_refusal_ignores_an_unconfirmed_device(world: World) -> None:
    two_factor.start_setup(world.police)
    assert two_factor.token_sign_in_refusal(world.police, None) is None
    two_factor.start_setup(world.coordinator)
    assert two_factor.token_sign_in_refusal(world.coordinator, None)


# The admin and the reset


def test_devices_in_the_admin_are_the_superusers_only_and_never_show_the_key(
    world: World, staff: User
) -> None:
    device, codes = set_up_device(world.coordinator)
    superuser = cast(User, UserFactory(username="root", is_staff=True, is_superuser=True))
    root_device, _ = set_up_device(superuser)
    root = signed_in(superuser)
    root.post(reverse("frontend:two_factor_verify"), {"code": current_code(root_device)})
    for name in (
        "admin:otp_totp_totpdevice_changelist",
        "admin:otp_static_staticdevice_changelist",
    ):
        response = root.get(reverse(name))
        assert response.status_code == 200
    response = root.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert device.key not in html
    assert two_factor_b32(device) not in html
    static = StaticDevice.objects.get(user=world.coordinator)
    response = root.get(reverse("admin:otp_static_staticdevice_change", args=[static.pk]))
    assert not any(code in response.content.decode() for code in codes)

    staff_device, _ = set_up_device(staff)
    staff.user_permissions.add(*_device_permissions())
    client = signed_in(staff)
    client.post(reverse("frontend:two_factor_verify"), {"code": current_code(staff_device)})
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert response.status_code in (302, 403, 404)
    assert device.key not in response.content.decode()
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code in (403, 404)


def _device_permissions() -> list[Permission]:
    return list(Permission.objects.filter(content_type__app_label__in=["otp_totp", "otp_static"]))


def test_reset_two_factor_removes_the_devices_and_the_person_sets_up_again(world: World) -> None:
    device, _codes = set_up_device(world.coordinator)
    client = signed_in(world.coordinator)
    client.post(reverse("frontend:two_factor_verify"), {"code": current_code(device)})
    assert client.get(reverse("frontend:home")).status_code == 200

    out = StringIO()
    call_command("reset_two_factor", world.coordinator.username, stdout=out)
    assert world.coordinator.username in out.getvalue()
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()
    assert not StaticDevice.objects.filter(user=world.coordinator).exists()
    response = client.get(reverse("frontend:home"))
    assert response.status_code == 302
    # The session remembered a device: the verify page looks again and sends on to setup.
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:two_factor_setup"))


def test_reset_two_factor_of_an_unknown_person_fails(db: None) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("reset_two_factor", "nobody", stdout=StringIO())
