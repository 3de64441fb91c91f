"""Whether the main menu offers the situational pictures: the access layer answers."""

from django import template
from django.http import HttpRequest

from frontend.views.situation import reads_situation
from network.access import viewer_for

register = template.Library()


@register.simple_tag(takes_context=True)
def offers_situation(context: template.Context) -> bool:
    request: HttpRequest | None = context.get("request")
    return reads_situation(viewer_for(getattr(request, "user", None)))
