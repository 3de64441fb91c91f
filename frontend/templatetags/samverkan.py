from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from frontend.labels import direction_name
from network.access import Menu, menu_for, viewer_for
from network.models import StrategicDirection

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
