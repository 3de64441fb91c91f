"""Who must sign in with a second factor, and whose credentials a person may see and end."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from network.access.viewer import OVERSIGHT_ROLES, Person, viewer_for
from network.accounts.models import ApiToken, SignIn


def requires_second_factor(user: Person) -> bool:
    """Whether the person may act only after a second factor: the central coordinator, the
    security chief and every staff user of the admin, unless ``TWO_FACTOR_REQUIRED`` is off."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(viewer_for(user).networks_with(OVERSIGHT_ROLES))


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
