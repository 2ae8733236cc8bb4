"""Account forms of the portal: the code, then user name and password (plain German)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.organisation.models import User
from neue_wege.organisation.services import password_policy_text
from neue_wege.portal.services import participant_password_validators


class CodeForm(KernForm):
    code = forms.CharField(
        label=_("Ihr Code"), max_length=40,
        help_text=_("Der Code steht auf Ihrem Blatt, zum Beispiel K7QX-M4PZ-2H."),
        error_messages={"required": _("Bitte geben Sie Ihren Code ein.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize":
                                      "characters", "spellcheck": "false"}),
    )


class AccountSetupForm(CodeForm):
    """User name and password for a new account; the code travels along, hidden."""

    username = forms.CharField(
        label=_("Benutzername"), max_length=150,
        help_text=_("Mit diesem Namen melden Sie sich an. Sie dürfen ihn ändern. Erlaubt sind "
                    "Buchstaben, Zahlen und . - _"),
        validators=[UnicodeUsernameValidator(
            message=_("Bitte nur Buchstaben, Zahlen und die Zeichen . - _ verwenden."))],
        error_messages={"required": _("Bitte geben Sie einen Benutzernamen ein.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none",
                                      "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label=_("Passwort"), strip=False,
        error_messages={"required": _("Bitte wählen Sie ein Passwort.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Passwort noch einmal"), strip=False,
        error_messages={"required": _("Bitte geben Sie das Passwort noch einmal ein.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, existing_user: User | None = None,
                 first_name: str = "", last_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing_user = existing_user
        self.first_name, self.last_name = first_name, last_name
        self.fields["code"].widget = forms.HiddenInput()
        # The same policy and the same sentence as on "Passwort ändern" (one per role).
        self.fields["password1"].help_text = password_policy_text(
            existing_user or User(role=User.Role.PARTICIPANT))
        if existing_user is not None:
            del self.fields["username"]
            self.fields["password1"].label = _("Neues Passwort")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Diesen Benutzernamen gibt es schon. Bitte wählen Sie "
                                    "einen anderen."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Die beiden Passwörter sind nicht gleich."))
        elif first:
            user = self.existing_user or User(
                username=data.get("username", ""), first_name=self.first_name,
                last_name=self.last_name, role=User.Role.PARTICIPANT)
            try:
                password_validation.validate_password(first, user,
                                                      participant_password_validators())
            except ValidationError as error:
                self.add_error("password1", error)
        return data
