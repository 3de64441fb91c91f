from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from frontend.labels import direction_name
from network.access import Menu, menu_for, viewer_for
from network.events.selectors import unread_count
from network.models import Activity, StrategicDirection

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, object]]:
    """The current page in every language, for the language switch."""
    request: HttpRequest | None = context.get("request")
    path = request.get_full_path() if request else "/"
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    names = {"sv": "Svenska", "en": "English"}
    return [
        {
            "code": code,
            "name": names.get(code, code),
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> Menu:
    """What the signed-in person's main menu offers."""
    request: HttpRequest | None = context.get("request")
    return menu_for(viewer_for(getattr(request, "user", None)))


@register.filter
def direction_label(direction: StrategicDirection) -> str:
    return direction_name(direction)


@register.simple_tag
def participants(activity: Activity) -> SafeString:
    """Participants reached: a dash, not a zero, for an activity that has not been held yet."""
    if activity.status == Activity.Status.PLANNED and not activity.participants_count:
        return format_html(
            '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
            _("Not held yet"),
        )
    return format_html("{}", activity.participants_count)


@register.filter
def person_name(user: object) -> str:
    """A person's full name or user name; a dash once the person's account is gone."""
    if user is None:
        return "–"
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or getattr(user, "username", "") or "–"


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """The signed-in person's unread notifications, for the badge in the header (one query)."""
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if "unread_count" in context:  # the start page counted them already
        return context["unread_count"]
    return unread_count(user)
