"""The form that makes an API token on the security page."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from frontend.forms import AccessibleForm
from network.models import ApiToken

MIN_DAYS = 1
MAX_DAYS = 365
DEFAULT_DAYS = 90
NAME_LENGTH = ApiToken._meta.get_field("name").max_length or 100
# Digits 0-9 only: Python's int() also reads other scripts' digits and very long numbers.
_DAYS = re.compile(r"[0-9]{1,3}")


class DaysField(forms.Field):
    """A number of whole days, typed in ASCII digits, within the allowed span."""

    default_error_messages = {
        "invalid": _("Give a whole number of days from %(min)d to %(max)d."),
    }

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = value.strip() if isinstance(value, str) else str(value)
        if not _DAYS.fullmatch(text) or not MIN_DAYS <= int(text) <= MAX_DAYS:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"min": MIN_DAYS, "max": MAX_DAYS},
            )
        return int(text)


class ApiTokenForm(AccessibleForm):
    prefix = "token"

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_LENGTH,
        help_text=_("What the token is for, so that you recognise it, e.g. “Power BI report”."),
    )
    days = DaysField(
        label=_("Valid for (days)"),
        initial=DEFAULT_DAYS,
        help_text=_("From 1 to 365 days. The token stops working after that."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label=_("What the token may do"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.FULL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the options shown.")},
    )
