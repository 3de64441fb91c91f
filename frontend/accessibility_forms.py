"""The feedback form of the accessibility statement: anyone reports a problem, signed in or not.

The page a problem is on is a path of this site, never another site's address: the coordinator
opens it from the admin, and an address from elsewhere would be a link planted for them to click.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from frontend.forms import AccessibleForm
from network.core.models import LONG_TEXT
from network.models import AccessibilityFeedback

PAGE_URL_LENGTH = AccessibilityFeedback._meta.get_field("page_url").max_length or 500
EMAIL_LENGTH = AccessibilityFeedback._meta.get_field("email").max_length or 254
# A path of this site: one slash, then visible ASCII only. Two slashes (or a backslash, which
# browsers read as one) would name another host; a look-alike of a slash or a letter is not ASCII.
LOCAL_PATH = re.compile(r"/(?![/\\])[!-~]*\Z")
# The name of the honeypot field: a person never sees it, a program filling every field does.
HONEYPOT = "website"


def local_path(value: str, host: str | None = None) -> str | None:
    """``value`` as a path of this site, or None when it is not one.

    A full address is taken when it names ``host`` (the host the request came to), and reduced to
    its path and query; anything with a backslash, a control character or a character outside
    ASCII is refused, so that no look-alike of a slash or a host name passes.
    """
    value = value.strip()
    if not value.isascii() or "\\" in value:
        return None
    if host and re.match(r"https?://", value, flags=re.IGNORECASE):
        parts = urlsplit(value)
        if parts.netloc.lower() != host.lower() or parts.username or parts.password:
            return None
        value = parts.path or "/"
        if parts.query:
            value = f"{value}?{parts.query}"
    return value if LOCAL_PATH.match(value) else None


class AccessibilityFeedbackForm(AccessibleForm):
    """What the sender writes; the view stores it, counts it and sends it on."""

    message = forms.CharField(
        label=_("The problem you came across"),
        max_length=LONG_TEXT,
        help_text=_(
            "Describe the problem and, if you like, what you used: for example a screen reader, "
            "magnification or only the keyboard. Do not write anything that identifies someone "
            "else."
        ),
        error_messages={"required": _("Describe the problem.")},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    page_url = forms.CharField(
        label=_("Page the problem is on"),
        required=False,
        max_length=PAGE_URL_LENGTH,
        help_text=_(
            "The address of the page on this site, for example /moten/ or /en/meetings/. "
            "Leave it empty if the problem is everywhere."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address, for an answer"),
        required=False,
        max_length=EMAIL_LENGTH,
        help_text=_("Used only to answer you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: object, host: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.host = host

    def clean_page_url(self) -> str:
        value: str = self.cleaned_data.get("page_url", "")
        if not value:
            return ""
        path = local_path(value, self.host)
        if path is None:
            raise ValidationError(
                _("Give the address of a page on this site, starting with /, for example /moten/."),
                code="not_local",
            )
        return path

    def is_spam(self) -> bool:
        """Whether the hidden field was filled: then nothing is stored, as if it were sent."""
        return bool(getattr(self, "cleaned_data", {}).get(HONEYPOT))
