"""Numbers and dates as clients write them: ASCII digits only.

Python reads ``int("１２")`` (fullwidth) and ``int("١٢")`` (Arabic-Indic) as 12, and Django's date
parsing does the same with look-alike digits; ``int("1_000")`` is 1000. Text that only looks like a
number is bad input here: refused with a field error, for bodies (serializer fields) and query
parameters (form fields) alike.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# A whole number, optionally written as a decimal with only zeros after the point ("12.0").
_WHOLE_NUMBER = re.compile(r"\s*[-+]?[0-9]+(?:\.0*)?\s*")


def is_whole_number_text(value: str) -> bool:
    return _WHOLE_NUMBER.fullmatch(value) is not None


def is_plain_text(value: str) -> bool:
    """ASCII only: what a date or a code written by a client consists of."""
    return value.isascii()


class WholeNumberField(serializers.IntegerField):
    """An integer; in text, ASCII digits only."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not is_whole_number_text(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class IsoDateField(serializers.DateField):
    """A date as YYYY-MM-DD, in ASCII digits."""

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str) and not is_plain_text(value):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class WholeNumberFormField(forms.IntegerField):
    """A query parameter holding an integer, in ASCII digits."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip() and not is_whole_number_text(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IsoDateFormField(forms.DateField):
    """A query parameter holding a date as YYYY-MM-DD, in ASCII digits."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and not is_plain_text(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class StrictBooleanFormField(forms.NullBooleanField):
    """``true``/``false`` (or ``1``/``0``); left out means no filter, anything else is refused."""

    # The raw text reaches to_python: Django's select widget turns anything unknown into None.
    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value: Any) -> None:
        pass
