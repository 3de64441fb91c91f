"""Telephone numbers and web addresses on the support page and in the directory."""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def tel_href(phone: str) -> str:
    """The number to dial in a ``tel:`` link: its digits only, and a leading + if it has one.

    The stored number keeps the spaces and hyphens people read; a phone dials only digits.
    Only ASCII digits count: the stored numbers are checked to hold no others.
    """
    text = str(phone or "").strip()
    digits = "".join(ch for ch in text if ch in "0123456789")
    return f"+{digits}" if text.startswith("+") else digits


@register.filter
def web_address(url: str) -> str:
    """A web address as people read it: without the scheme, ``www.`` or a trailing slash."""
    parts = urlsplit(str(url or ""))
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" if host else str(url or "")
