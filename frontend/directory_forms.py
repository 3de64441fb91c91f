"""Forms of the support page's edit page and of the directory. They parse and describe input; the
directory services decide (who may change the page, what a line holds) and the views show their
refusals at the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from frontend.forms import AccessibleForm, CountField
from network.core.models import LONG_TEXT, PHONE
from network.directory.services import MAX_LINES

PHONE_HELP = _("Digits, spaces and hyphens, for example 010-568 70 00 or +46 10 568 70 00.")
BLANK_LINES = 2
MAX_POSITION = 99
LINE_TEXT_FIELDS = ("name_sv", "name_en", "phone", "url", "note_sv", "note_en")


def _phone_field(label: Any, *, required: bool, required_message: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        error_messages={"required": required_message} if required_message else None,
        max_length=24,
        validators=[PHONE],
        help_text=PHONE_HELP,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )


class SupportPageForm(AccessibleForm):
    """The introduction in both languages; the lines are a formset beside it."""

    intro_sv = forms.CharField(
        label=_("Introduction in Swedish"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "sv"}),
    )
    intro_en = forms.CharField(
        label=_("Introduction in English"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
    )


class SupportLineForm(AccessibleForm):
    """One line. A blank row is left out; a filled one may be removed or moved by its position."""

    position = CountField(
        label=_("Position"),
        required=False,
        min_value=1,
        max_value=MAX_POSITION,
        help_text=_("Lines are shown from the lowest number."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow-input"}),
    )
    name_sv = forms.CharField(
        label=_("Name in Swedish"),
        max_length=200,
        error_messages={"required": _("Give the line a name in Swedish.")},
        widget=forms.TextInput(attrs={"lang": "sv"}),
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        error_messages={"required": _("Give the line a name in English.")},
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    phone = _phone_field(
        _("Telephone"), required=True, required_message=_("Give the line a telephone number.")
    )
    url = forms.URLField(
        label=_("Web address"), required=False, max_length=500, assume_scheme="https"
    )
    note_sv = forms.CharField(
        label=_("Note in Swedish"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"lang": "sv"}),
    )
    note_en = forms.CharField(
        label=_("Note in English"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    remove = forms.BooleanField(label=_("Remove this line"), required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in LINE_TEXT_FIELDS)

    def full_clean(self) -> None:
        """A blank row, or one ticked for removal, is left out unchecked: the name and number a
        line needs are required only of the lines that stay."""
        if self.is_bound and (self._sent_removed() or self._sent_blank()):
            self._errors = ErrorDict()
            self.cleaned_data = {"remove": True}
            return
        super().full_clean()

    def _sent(self, name: str) -> str:
        value = self.data.get(self.add_prefix(name), "")
        return value.strip() if isinstance(value, str) else str(value)

    def _sent_blank(self) -> bool:
        return not any(self._sent(name) for name in LINE_TEXT_FIELDS)

    def _sent_removed(self) -> bool:
        widget = self.fields["remove"].widget
        return bool(widget.value_from_datadict(self.data, self.files, self.add_prefix("remove")))

    def offers_removal(self) -> bool:
        """Whether the row holds a line to remove: one stored, or one typed and sent."""
        return bool(self.initial) or (self.is_bound and not self._sent_blank())

    def row(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in LINE_TEXT_FIELDS}


SupportLineFormSet = forms.formset_factory(
    SupportLineForm,
    extra=BLANK_LINES,
    max_num=MAX_LINES + BLANK_LINES,
    absolute_max=MAX_LINES + BLANK_LINES,
    validate_max=True,
)


class OwnPhoneForm(AccessibleForm):
    """The signed-in person's own work telephone."""

    phone = _phone_field(_("Your work telephone"), required=False)
