"""Sign-in lockouts in the admin: the coordinator sees and unlocks its people, nobody else's."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.test import Client

from tests.conftest import World
from tests.network.test_admin import AdminWorld, change_url, changelist_rows, make_admin_world

PASSWORD = "pw-for-tests"  # tests/factories.py


@pytest.fixture
def aw(world: World) -> AdminWorld:
    return make_admin_world(world)


def _attempt(username: str, ip: str = "10.1.2.3", failures: int = 5) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/login/",
        failures_since_start=failures,
    )


def _log(model: type[AccessLog] | type[AccessFailureLog], username: str) -> object:
    return model.objects.create(
        username=username,
        ip_address="10.1.2.3",
        user_agent="test",
        http_accept="*/*",
        path_info="/login/",
    )


@pytest.fixture
def attempts(aw: AdminWorld) -> dict[str, AccessAttempt]:
    return {
        "mine": _attempt(aw.world.contact_person.username),
        "theirs": _attempt(aw.world.other_member.username),
        "nobody": _attempt("finns-inte"),
        "superuser": _attempt(aw.superuser.username),
    }


def test_axes_is_installed_so_that_lockouts_can_be_unlocked() -> None:
    assert "axes" in settings.INSTALLED_APPS


@pytest.mark.parametrize(
    ("name", "seen"),
    [
        ("coordinator", {"mine"}),
        ("security_chief", {"mine"}),
        ("other_coordinator", {"theirs"}),
        ("superuser", {"mine", "theirs", "nobody", "superuser"}),
    ],
)
def test_each_overseer_sees_the_lockouts_of_the_people_it_sees(
    aw: AdminWorld, attempts: dict[str, AccessAttempt], name: str, seen: set[str]
) -> None:
    response = aw.client(name).get("/admin/axes/accessattempt/")

    assert response.status_code == 200
    assert set(changelist_rows(response)) == {attempts[key] for key in seen}
    html = response.content.decode()
    for key in set(attempts) - seen:
        assert change_url(attempts[key]) not in html


@pytest.mark.parametrize("name", ["staff_member", "contact_person", "civil", "report_reader"])
def test_a_member_never_sees_the_lockouts(
    aw: AdminWorld, attempts: dict[str, AccessAttempt], name: str
) -> None:
    client = aw.client(name)

    for path in (
        "/admin/axes/accessattempt/",
        change_url(attempts["mine"]),
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")


def test_the_coordinator_opens_its_person_s_lockout_but_not_another_network_s(
    aw: AdminWorld, attempts: dict[str, AccessAttempt]
) -> None:
    client = aw.client("coordinator")

    assert client.get(change_url(attempts["mine"])).status_code == 200
    for key in ("theirs", "nobody", "superuser"):
        assert client.get(change_url(attempts[key])).status_code == 302


def test_the_coordinator_unlocks_its_people_and_no_one_else(
    aw: AdminWorld, attempts: dict[str, AccessAttempt]
) -> None:
    _attempt(aw.world.contact_person.username, ip="10.9.9.9", failures=2)

    response = aw.client("coordinator").post(
        "/admin/axes/accessattempt/",
        {"action": "unlock", "_selected_action": [str(a.pk) for a in attempts.values()]},
    )

    assert response.status_code == 302
    remaining = set(AccessAttempt.objects.values_list("username", flat=True))
    assert remaining == {aw.world.other_member.username, "finns-inte", aw.superuser.username}


def test_the_coordinator_unlocks_by_deleting_the_attempt(
    aw: AdminWorld, attempts: dict[str, AccessAttempt]
) -> None:
    mine = attempts["mine"]
    url = change_url(mine).removesuffix("change/") + "delete/"

    response = aw.client("coordinator").post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=mine.pk).exists()


def test_the_security_chief_reads_lockouts_but_does_not_unlock(
    aw: AdminWorld, attempts: dict[str, AccessAttempt]
) -> None:
    client = aw.client("security_chief")
    mine = attempts["mine"]

    delete = client.post(change_url(mine).removesuffix("change/") + "delete/", {"post": "yes"})
    action = client.post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [str(mine.pk)]}
    )

    assert delete.status_code == 403
    assert action.status_code == 200  # the list again: no such action is offered to it
    assert AccessAttempt.objects.filter(pk=mine.pk).exists()


def test_clearing_every_expired_lockout_is_offered_to_the_superuser_only(
    aw: AdminWorld, attempts: dict[str, AccessAttempt]
) -> None:
    def actions(name: str) -> set[str]:
        form = aw.client(name).get("/admin/axes/accessattempt/").context["action_form"]
        return {value for value, _label in form.fields["action"].choices}

    assert "unlock" in actions("coordinator")
    assert "cleanup_expired_attempts" not in actions("coordinator")
    assert "cleanup_expired_attempts" in actions("superuser")


@pytest.mark.parametrize(
    ("model", "path"),
    [(AccessLog, "accesslog"), (AccessFailureLog, "accessfailurelog")],
)
def test_the_sign_in_logs_show_the_coordinator_its_people_only_and_stay_as_written(
    aw: AdminWorld, model: type[AccessLog] | type[AccessFailureLog], path: str
) -> None:
    mine = _log(model, aw.world.contact_person.username)
    theirs = _log(model, aw.world.other_member.username)
    client = aw.client("coordinator")

    response = client.get(f"/admin/axes/{path}/")

    rows = changelist_rows(response)
    w = aw.world
    net_people = (w.coordinator, w.security_chief, w.contact_person, w.police, w.civil)
    assert mine in rows
    assert {row.username for row in rows} <= {p.username for p in net_people}
    assert theirs not in rows
    assert change_url(theirs) not in response.content.decode()
    delete = client.post(change_url(mine).removesuffix("change/") + "delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert model.objects.filter(pk__in=[mine.pk, theirs.pk]).count() == 2


def test_a_person_locked_out_signs_in_again_once_the_coordinator_unlocks_them(
    aw: AdminWorld,
) -> None:
    username = aw.world.contact_person.username
    visitor = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        visitor.post("/login/", {"username": username, "password": "fel"})
    locked_out = visitor.post("/login/", {"username": username, "password": PASSWORD})
    assert locked_out.status_code != 302
    attempt = AccessAttempt.objects.get(username=username)

    response = aw.client("coordinator").post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [str(attempt.pk)]}
    )

    assert response.status_code == 302
    signed_in = visitor.post("/login/", {"username": username, "password": PASSWORD})
    assert signed_in.status_code == 302
