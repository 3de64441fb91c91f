"""The second factor: a TOTP app with recovery codes, set up, checked and turned off.

Every check of a code goes through the devices' own throttling (django-otp's ``ThrottlingMixin``):
each wrong code doubles the wait before the next attempt on that device, so that six digits
cannot be guessed by trying, neither on the web nor through the API token endpoint. Codes are
never logged nor kept anywhere but in the devices.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.access.accounts import requires_second_factor
from network.access.viewer import Person
from network.core.models import User

RECOVERY_CODE_COUNT = 10
_DEVICE_MODELS: dict[str, type[TOTPDevice] | type[StaticDevice]] = {
    f"{model._meta.app_label}.{model._meta.model_name}": model
    for model in (TOTPDevice, StaticDevice)
}
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
SESSION_DEVICE_KEY = "two_factor_device"


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a code: the device that took it, or why it was refused.

    ``locked_until`` is set when the code was not even looked at because of earlier failures."""

    device: TOTPDevice | StaticDevice | None
    locked_until: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.device is not None


def normalised(code: str | None) -> str:
    """The code as typed, without spaces and dashes (recovery codes are shown in groups)."""
    return "".join((code or "").split()).replace("-", "").lower()


def looks_like_totp(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: Person) -> bool:
    """Whether the person has set up a TOTP app: once set up, it is always asked for."""
    if not user.is_authenticated:
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_has_device(request: HttpRequest, user: User) -> bool:
    """``has_second_factor`` as remembered in the session, so that a page costs no query for it.

    Kept with the person's id; the pages that add or remove a device write it anew, and the
    verify page looks again before it asks for a code."""
    stored = request.session.get(SESSION_DEVICE_KEY)
    if isinstance(stored, list) and len(stored) == 2 and stored[0] == user.pk:
        return bool(stored[1])
    return remember_device(request, user)


def remember_device(request: HttpRequest, user: User) -> bool:
    value = has_second_factor(user)
    request.session[SESSION_DEVICE_KEY] = [user.pk, value]
    return value


def _signed_in(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """Look for a device once, at sign-in, while the session is written anyway."""
    if request is not None and getattr(request, "session", None) is not None:
        remember_device(request, user)


def connect_signals() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="network.accounts.two_factor.signed_in")


def live_devices(persistent_ids: Collection[str]) -> set[tuple[str, int]]:
    """Which of these verified devices (django-otp's ``persistent_id``, kept in a verified
    session) still exist, confirmed, as ``(persistent_id, user_id)`` pairs: one query per kind of
    device named. A device deleted since (a reset) no longer verifies the session."""
    wanted: dict[type[TOTPDevice] | type[StaticDevice], dict[int, str]] = {}
    for persistent_id in persistent_ids:
        label, _, pk = persistent_id.partition("/")
        model = _DEVICE_MODELS.get(label)
        if model is not None and pk.isascii() and pk.isdigit():
            wanted.setdefault(model, {})[int(pk)] = persistent_id
    live: set[tuple[str, int]] = set()
    for model, ids in wanted.items():
        rows = model.objects.filter(pk__in=ids, confirmed=True).values_list("pk", "user_id")
        live.update((ids[pk], user_id) for pk, user_id in rows)
    return live


def recovery_codes_left(user: User) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def _check_device(device: TOTPDevice | StaticDevice, code: str) -> CodeCheck:
    """Check one device under a row lock, so parallel guesses all count against its throttle."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, details = locked.verify_is_allowed()
        if not allowed:
            return CodeCheck(None, (details or {}).get("locked_until"))
        if locked.verify_token(code):
            return CodeCheck(locked)
        return CodeCheck(None)


def check_code(user: User, code: str | None) -> CodeCheck:
    """Check a code of a person with a confirmed device: six digits from the app, or else an
    unused recovery code, which is used up. Every refusal counts against the throttle."""
    totp = confirmed_totp_device(user)
    if totp is None:
        return CodeCheck(None)
    text = normalised(code)
    if looks_like_totp(text):
        return _check_device(totp, text)
    recovery = recovery_device(user)
    if recovery is None or not text:
        # Counted against the app, so that nonsense input is throttled like a wrong code.
        return _check_device(totp, text or "-")
    return _check_device(recovery, text)


def refusal_message(check: CodeCheck) -> str:
    if check.locked_until is not None:
        return gettext("Too many wrong codes. Wait a moment and try again.")
    return gettext(
        "The code is not valid. Enter the current code from your app or an unused recovery code."
    )


def token_sign_in_refusal(user: User, code: str | None) -> str | None:
    """Why an API token may not be issued to this person (the password already checked), or None.

    A person with a second factor must give a valid code; a person who must have one but has not
    set it up is sent to the web to do so first, since a token would otherwise bypass it."""
    if has_second_factor(user):
        if not normalised(code):
            return gettext("A two-factor authentication code is required.")
        check = check_code(user, code)
        return None if check.accepted else refusal_message(check)
    if requires_second_factor(user):
        return gettext(
            "Set up two-factor authentication on the web before you sign in with the API."
        )
    return None


def start_setup(user: User) -> TOTPDevice:
    """The device being set up: a new secret, not yet used for anything until confirmed.

    An earlier unconfirmed device is reused, so reloading the page keeps the secret that the
    person may already have scanned."""
    pending = pending_totp_device(user)
    if pending is not None:
        return pending
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def confirm_setup(request: HttpRequest, device: TOTPDevice, code: str | None) -> list[str] | None:
    """Confirm the device with a first code from the app; the new recovery codes, or None.

    On success the other TOTP devices are removed (one app per person), the session counts as
    verified and fresh recovery codes replace any old ones."""
    text = normalised(code)
    if device.confirmed or not looks_like_totp(text):
        if not device.confirmed:
            _check_device(device, "-")
        return None
    check = _check_device(device, text)
    if not check.accepted:
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = make_recovery_codes(device.user)
    otp_login(request, device)
    return codes


def verify_session(request: HttpRequest, user: User, code: str | None) -> CodeCheck:
    """Check a code of the signed-in person and, when it is good, mark the session as verified."""
    check = check_code(user, code)
    if check.device is not None:
        otp_login(request, check.device)
    return check


def make_recovery_codes(user: User) -> list[str]:
    """Ten new single-use recovery codes, replacing all earlier ones; shown to the person once."""
    with transaction.atomic():
        device = recovery_device(user)
        if device is None:
            device = StaticDevice.objects.create(
                user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
            )
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def may_turn_off(user: User) -> bool:
    """Whether the person may remove their second factor: not when their role requires it."""
    return has_second_factor(user) and not requires_second_factor(user)


def turn_off(user: User, password: str | None) -> bool:
    """Remove every device of the person, after the password is given again; False if refused."""
    if not may_turn_off(user) or not password or not user.check_password(password):
        return False
    remove_devices(user)
    return True


def remove_devices(user: User) -> None:
    """All second-factor devices of the person go, set up or not (used on a lost phone as well)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def format_recovery_code(code: str) -> str:
    """A recovery code in two halves, easier to copy by hand; the dash is ignored on entry."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) >= 8 else code
