"""Forms of the second-factor pages. They only read the typed text: the services check codes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import AccessibleForm

# Six digits from the app; the browser may offer the code a phone received (autocomplete).
TOTP_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "pattern": "[0-9 ]*",
    "maxlength": "7",
    "size": "8",
    "spellcheck": "false",
    "autocorrect": "off",
    "autocapitalize": "off",
}


class SetupCodeForm(AccessibleForm):
    """The first code from the app, which proves that it was set up with the secret shown."""

    code = forms.CharField(
        label=_("Six-digit code from the app"),
        max_length=7,
        help_text=_("Enter the code the app shows now, without spaces."),
        widget=forms.TextInput(attrs=TOTP_ATTRS),
    )


class VerifyCodeForm(AccessibleForm):
    """A code from the app, or one of the recovery codes when the phone is not at hand."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The six-digit code from your authenticator app, or one of your recovery codes. "
            "Each recovery code works only once."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "size": "14",
                "spellcheck": "false",
                "autocorrect": "off",
                "autocapitalize": "off",
                "autofocus": True,
            }
        ),
    )


class TurnOffForm(AccessibleForm):
    """The password once more: a session left open must not be enough to remove the factor."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
