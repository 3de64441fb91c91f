"""Who must sign in with a second factor, and whose credentials a person may see and end."""

from __future__ import annotations

from collections.abc import Collection

from django.conf import settings
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.access.viewer import OVERSIGHT_ROLES, Person, viewer_for
from network.accounts.models import ApiToken, SignIn
from network.core.models import Role, User


def requires_second_factor(user: Person) -> bool:
    """Whether the person may act only after a second factor: the central coordinator, the
    security chief and every staff user of the admin, unless ``TWO_FACTOR_REQUIRED`` is off."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(viewer_for(user).networks_with(OVERSIGHT_ROLES))


def asked_for_second_factor(people: Collection[User]) -> set[int]:
    """The ids of those among the people whose session counts only once a second factor is
    verified in it: those :func:`requires_second_factor` names, and anyone who has set up a
    TOTP app (once set up, it is always asked for). Two queries, whatever the number of people.
    """
    ids = {user.pk for user in people}
    asked = set()
    if settings.TWO_FACTOR_REQUIRED:
        asked = {user.pk for user in people if user.is_staff or user.is_superuser}
        overseers = Role.objects.filter(user_id__in=ids - asked, code__in=OVERSIGHT_ROLES)
        asked |= set(overseers.order_by().values_list("user_id", flat=True))
    with_app = TOTPDevice.objects.filter(user_id__in=ids - asked, confirmed=True)
    return asked | set(with_app.order_by().values_list("user_id", flat=True))


def own_tokens(user: Person) -> QuerySet[ApiToken]:
    """The tokens a person sees and may revoke: their own, and nobody else's."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk)


def own_sign_ins(user: Person) -> QuerySet[SignIn]:
    """The sessions a person sees and may end: their own, and nobody else's."""
    if not user.is_authenticated:
        return SignIn.objects.none()
    return SignIn.objects.filter(user_id=user.pk)
