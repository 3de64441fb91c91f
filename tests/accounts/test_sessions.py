"""Signed-in sessions: recorded on sign-in, removed on sign-out, ended by their limits or from
elsewhere; the admin shows them to a superuser only."""

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from network.accounts.sessions import (
    OIDC_BACKEND,
    SIGN_IN_SESSION_KEY,
    browser_summary,
    delete_ended_sign_ins,
    end_all_sessions,
    end_session,
)
from network.models import AuditEvent, SignIn
from tests.accounts.conftest import sign_in_of, signed_in
from tests.conftest import World
from tests.network.test_admin import AdminWorld, make_admin_world

PASSWORD = "pw-for-tests"  # tests/factories.py
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


def home(client: Client) -> Any:
    return client.get(reverse("frontend:home"))


def is_signed_in(client: Client) -> bool:
    response = home(client)
    return response.status_code == 200


def signed_out_to_sign_in_page(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("frontend:login")
    )


# Recorded on sign-in, removed on sign-out


def test_signing_in_on_the_sign_in_page_records_the_session(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("frontend:login"),
        {"username": world.civil.username, "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
        HTTP_USER_AGENT=FIREFOX_ANDROID,
    )

    assert response.status_code == 302
    sign_in = SignIn.objects.get(user=world.civil)
    assert sign_in.session_key == client.cookies["sessionid"].value
    assert sign_in.method == SignIn.Method.PASSWORD
    assert sign_in.ip_address == "10.1.2.3"
    assert sign_in.user_agent == FIREFOX_ANDROID
    assert client.session[SIGN_IN_SESSION_KEY] == sign_in.pk


def test_a_failed_sign_in_records_nothing(world: World) -> None:
    response = Client().post(
        reverse("frontend:login"), {"username": world.civil.username, "password": "fel"}
    )

    assert response.status_code == 200
    assert not SignIn.objects.exists()


def test_a_forwarded_address_is_not_trusted_without_the_proxy(world: World) -> None:
    client = Client()
    client.post(
        reverse("frontend:login"),
        {"username": world.civil.username, "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_FORWARDED_FOR="192.0.2.66",
    )

    assert SignIn.objects.get(user=world.civil).ip_address == "10.1.2.3"


def test_behind_the_proxy_the_address_it_appended_is_recorded(world: World, settings: Any) -> None:
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    client = Client()
    client.post(
        reverse("frontend:login"),
        {"username": world.civil.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.7",
    )

    assert SignIn.objects.get(user=world.civil).ip_address == "198.51.100.7"


def test_a_long_user_agent_is_cut_to_300_characters(world: World) -> None:
    client = Client()
    client.post(
        reverse("frontend:login"),
        {"username": world.civil.username, "password": PASSWORD},
        HTTP_USER_AGENT="x" * 1000,
    )

    assert SignIn.objects.get(user=world.civil).user_agent == "x" * 300


def test_force_login_records_the_session_too(world: World) -> None:
    client = signed_in(world.police)

    sign_in = sign_in_of(client)
    assert sign_in.user == world.police
    assert sign_in.method == SignIn.Method.PASSWORD


def test_a_sign_in_through_the_city_s_identity_provider_is_recorded_as_such(
    world: World,
) -> None:
    client = Client()
    client.force_login(world.police, backend=OIDC_BACKEND)

    assert sign_in_of(client).method == SignIn.Method.OIDC


def test_signing_out_removes_the_record(world: World) -> None:
    client = signed_in(world.civil)
    other = signed_in(world.civil)

    client.post(reverse("frontend:logout"))

    assert list(SignIn.objects.filter(user=world.civil)) == [sign_in_of(other)]


def test_signing_in_again_in_the_same_browser_leaves_one_record(world: World) -> None:
    client = signed_in(world.civil)
    client.force_login(world.civil)

    assert SignIn.objects.filter(user=world.civil).count() == 1
    assert sign_in_of(client).user == world.civil


# Limits


def test_a_session_idle_for_the_timeout_is_signed_out_and_sent_to_sign_in(
    world: World,
) -> None:
    client = signed_in(world.civil)
    SignIn.objects.update(last_seen_at=timezone.now() - timedelta(minutes=60))

    response = home(client)

    assert signed_out_to_sign_in_page(response)
    assert not SignIn.objects.exists()
    page = client.get(response["Location"])
    told = list(page.context["messages"])
    assert [message.level for message in told] == [messages.INFO]
    assert signed_out_to_sign_in_page(home(client))


def test_a_session_used_within_the_timeout_stays_signed_in(world: World) -> None:
    client = signed_in(world.civil)
    SignIn.objects.update(last_seen_at=timezone.now() - timedelta(minutes=59))

    assert is_signed_in(client)


def test_the_idle_timeout_follows_its_setting(world: World, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 5
    client = signed_in(world.civil)
    SignIn.objects.update(last_seen_at=timezone.now() - timedelta(minutes=6))

    assert signed_out_to_sign_in_page(home(client))


def test_a_session_is_signed_out_after_its_whole_lifetime_however_busy(
    world: World, settings: Any
) -> None:
    # The session store would drop the session itself at the same moment: kept longer here, so
    # that the middleware decides.
    settings.SESSION_COOKIE_AGE = 13 * 3600
    client = signed_in(world.civil)
    started = timezone.now()
    assert is_signed_in(client)

    with mock.patch("django.utils.timezone.now", return_value=started + timedelta(hours=11)):
        # Busy: used every few minutes until then.
        SignIn.objects.update(last_seen_at=started + timedelta(hours=10, minutes=58))
        assert is_signed_in(client)
    with mock.patch("django.utils.timezone.now", return_value=started + timedelta(hours=12)):
        SignIn.objects.update(last_seen_at=started + timedelta(hours=11, minutes=58))
        assert signed_out_to_sign_in_page(home(client))
    assert not SignIn.objects.exists()


def test_the_session_cookie_lasts_the_absolute_lifetime() -> None:
    assert django_settings.SESSION_COOKIE_AGE == django_settings.SESSION_MAX_HOURS * 3600


def test_the_last_use_is_written_at_most_once_a_minute(world: World) -> None:
    client = signed_in(world.civil)
    recent = timezone.now() - timedelta(seconds=30)
    SignIn.objects.update(last_seen_at=recent)

    home(client)
    assert SignIn.objects.get().last_seen_at == recent

    SignIn.objects.update(last_seen_at=recent - timedelta(minutes=1))
    home(client)
    assert SignIn.objects.get().last_seen_at > recent


def test_an_api_call_with_an_ended_session_answers_as_to_anyone_without_credentials(
    world: World,
) -> None:
    client = signed_in(world.civil)
    me = "/api/v1/me/"
    assert client.get(me).status_code == 200

    SignIn.objects.update(last_seen_at=timezone.now() - timedelta(hours=2))
    response = client.get(me)

    anonymous = Client().get(me)
    assert anonymous.status_code in (401, 403)
    assert response.status_code == anonymous.status_code
    assert response["Content-Type"].startswith("application/json")
    assert client.get(me).status_code == anonymous.status_code


def test_records_of_sessions_past_their_limits_are_removed_by_the_periodic_job(
    world: World,
) -> None:
    live = sign_in_of(signed_in(world.civil))
    idle = sign_in_of(signed_in(world.civil))
    old = sign_in_of(signed_in(world.police))
    now = timezone.now()
    SignIn.objects.filter(pk=idle.pk).update(last_seen_at=now - timedelta(minutes=61))
    SignIn.objects.filter(pk=old.pk).update(created_at=now - timedelta(hours=13))

    assert delete_ended_sign_ins() == 2

    assert list(SignIn.objects.all()) == [live]


# Ended from elsewhere


def test_ending_another_session_signs_that_browser_out_at_its_next_request(
    world: World,
) -> None:
    here = signed_in(world.civil)
    there = signed_in(world.civil)
    key = there.cookies["sessionid"].value

    end_session(sign_in_of(there))

    assert not Session.objects.filter(session_key=key).exists()
    assert signed_out_to_sign_in_page(home(there))
    assert is_signed_in(here)


def test_a_session_whose_record_was_removed_is_signed_out_though_its_session_survived(
    world: World,
) -> None:
    client = signed_in(world.civil)
    key = client.cookies["sessionid"].value
    sign_in_of(client).delete()
    assert Session.objects.filter(session_key=key).exists()

    assert signed_out_to_sign_in_page(home(client))
    assert not Session.objects.filter(session_key=key).exists()
    assert signed_out_to_sign_in_page(home(client))


def test_a_session_from_before_the_records_is_given_one_and_stays_signed_in(
    world: World,
) -> None:
    client = signed_in(world.civil)
    SignIn.objects.all().delete()
    session = client.session
    del session[SIGN_IN_SESSION_KEY]
    session.save()

    assert is_signed_in(client)
    sign_in = sign_in_of(client)
    assert sign_in.user == world.civil
    assert client.session[SIGN_IN_SESSION_KEY] == sign_in.pk
    assert is_signed_in(client)


def test_the_record_follows_the_session_when_its_key_is_replaced(world: World) -> None:
    client = signed_in(world.civil)
    before = sign_in_of(client)
    session = client.session
    session.cycle_key()
    session.save()
    client.cookies["sessionid"] = session.session_key or ""

    assert is_signed_in(client)
    after = sign_in_of(client)
    assert after.pk == before.pk
    assert after.session_key == session.session_key


def test_signing_out_everywhere_else_keeps_only_this_session(world: World) -> None:
    here = signed_in(world.civil)
    elsewhere = [signed_in(world.civil), signed_in(world.civil)]
    someone_else = signed_in(world.police)

    ended = end_all_sessions(world.civil, keep=sign_in_of(here))

    assert ended == 2
    assert is_signed_in(here)
    assert is_signed_in(someone_else)
    for client in elsewhere:
        assert signed_out_to_sign_in_page(home(client))
    event = AuditEvent.objects.get(action="session.ended_everywhere")
    assert event.actor == world.civil
    assert event.detail == {"ended": 2, "kept_this_one": True}


def test_signing_out_everywhere_ends_every_session_of_the_person(world: World) -> None:
    clients = [signed_in(world.civil), signed_in(world.civil)]

    assert end_all_sessions(world.civil) == 2

    assert not SignIn.objects.filter(user=world.civil).exists()
    for client in clients:
        assert signed_out_to_sign_in_page(home(client))


# What a browser is called


@pytest.mark.parametrize(
    ("user_agent", "summary"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36",
            "Chrome on Windows",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iOS",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Linux",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        ("curl/8.5.0", "Unknown browser"),
        ("", "Unknown browser"),
    ],
)
def test_a_browser_is_summarised_from_its_user_agent(user_agent: str, summary: str) -> None:
    with translation.override("en"):
        assert browser_summary(user_agent) == summary


# The admin: a superuser's


@pytest.fixture
def aw(world: World) -> AdminWorld:
    return make_admin_world(world)


def test_the_superuser_lists_every_session_without_its_key(aw: AdminWorld) -> None:
    theirs = sign_in_of(signed_in(aw.world.civil))
    client = aw.client("superuser")

    response = client.get("/admin/network/signin/")

    assert response.status_code == 200
    assert theirs in list(response.context["cl"].result_list)
    assert theirs.session_key not in response.content.decode()
    detail = client.get(f"/admin/network/signin/{theirs.pk}/change/")
    assert detail.status_code == 200
    assert theirs.session_key not in detail.content.decode()


def test_the_superuser_ends_sessions_with_the_action(aw: AdminWorld) -> None:
    browser = signed_in(aw.world.civil)
    theirs = sign_in_of(browser)
    client = aw.client("superuser")

    response = client.post(
        "/admin/network/signin/", {"action": "end_sessions", "_selected_action": [theirs.pk]}
    )

    assert response.status_code == 302
    assert not SignIn.objects.filter(pk=theirs.pk).exists()
    assert signed_out_to_sign_in_page(home(browser))
    assert AuditEvent.objects.filter(action="session.ended", actor=aw.superuser).exists()


@pytest.mark.parametrize(
    "name", ["coordinator", "security_chief", "other_coordinator", "staff_member", "civil"]
)
def test_nobody_but_a_superuser_sees_the_sessions_in_the_admin(aw: AdminWorld, name: str) -> None:
    theirs = sign_in_of(signed_in(aw.world.civil))
    client = aw.client(name)

    for path in ("/admin/network/signin/", f"/admin/network/signin/{theirs.pk}/change/"):
        response = client.get(path)
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")
    response = client.post(
        "/admin/network/signin/", {"action": "end_sessions", "_selected_action": [theirs.pk]}
    )
    assert response.status_code in (302, 403)
    assert SignIn.objects.filter(pk=theirs.pk).exists()
    index = client.get("/admin/")
    if index.status_code == 200:
        assert "/admin/network/signin/" not in index.content.decode()


# The live socket of an ended session


@pytest.mark.django_db(transaction=True)
def test_ending_a_session_from_another_closes_its_socket_within_the_check_interval(
    world: World, settings: Any
) -> None:
    from channels.db import database_sync_to_async

    from api.consumers import UNAUTHENTICATED
    from tests.api.test_websocket import closed_with, connect, joined, run, signed_in_browser

    settings.NOTIFICATIONS_SIGN_IN_CHECK_SECONDS = 0.2
    here, here_headers = signed_in_browser(world.civil)
    _there, there_headers = signed_in_browser(world.civil)
    keep = sign_in_of(here)

    async def scenario() -> None:
        ended = await joined(await connect(there_headers))
        kept = await joined(await connect(here_headers))
        assert await ended.receive_nothing(timeout=0.6)
        await database_sync_to_async(end_all_sessions)(world.civil, keep=keep)

        closed = await closed_with(ended, timeout=5)
        assert closed["code"] == UNAUTHENTICATED
        # This session's own socket stays open and answers.
        assert await kept.receive_nothing(timeout=1)
        await joined(kept)
        await kept.disconnect()

    run(scenario)
