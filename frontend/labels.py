"""Names shown to people: strategic directions in the page's language."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from network.models import StrategicDirection


def in_english() -> bool:
    return (get_language() or "sv").startswith("en")


def direction_name(direction: StrategicDirection) -> str:
    return direction.name_en if in_english() else direction.name_sv


def direction_names() -> dict[str, str]:
    """Every direction's name by code, in the current language (one query)."""
    return {d.code: direction_name(d) for d in StrategicDirection.objects.all()}


def direction_choices() -> list[tuple[str, str]]:
    return list(direction_names().items())


def untagged_label() -> str:
    return _("Not tagged")
