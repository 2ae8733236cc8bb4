"""Input for the administration pages: staff accounts, locations, municipalities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.organisation.models import Location, Municipality, User
from neue_wege.organisation.services import password_policy_text, password_validate
from neue_wege.privacy import access

STAFF_ROLE_CHOICES = [(role.value, role.label) for role in access.STAFF_ROLES]
ACTIVE_CHOICES = [("", _("alle")), ("1", _("aktiv")), ("0", _("deaktiviert"))]


class UserFilterForm(KernForm):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100,
                        help_text=_("Name, Benutzername oder E-Mail"))
    role = forms.ChoiceField(label=_("Rolle"), required=False,
                             choices=[("", _("alle Rollen")), *STAFF_ROLE_CHOICES])
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)


def _home_location_field(actor: Any, current: Location | None = None) -> forms.ModelChoiceField:
    usable = Q(is_active=True)
    if current is not None:
        usable |= Q(pk=current.pk)
    return forms.ModelChoiceField(
        label=_("Dienstort"), required=False, empty_label=_("– kein Dienstort –"),
        queryset=access.locations_for(actor).filter(usable).order_by("name"),
    )


class UserUpdateForm(KernForm):
    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    email = forms.EmailField(label=_("E-Mail-Adresse"), required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=STAFF_ROLE_CHOICES)

    def __init__(self, *args: Any, actor: Any, current_location: Location | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_location"] = _home_location_field(actor, current_location)


class UserCreateForm(UserUpdateForm):
    username = forms.CharField(
        label=_("Benutzername"), max_length=150, validators=[UnicodeUsernameValidator()],
        help_text=_("Buchstaben, Ziffern und @ . + - _; wird zum Anmelden gebraucht."),
    )
    field_order = ["username", "first_name", "last_name", "email", "role", "home_location",
                   "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _password_fields(self, _("Erstes Passwort"), User(role=User.Role.FACILITATOR))
        self.order_fields(self.field_order)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Diesen Benutzernamen gibt es schon."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        candidate = User(username=cleaned.get("username", ""),
                         first_name=cleaned.get("first_name", ""),
                         last_name=cleaned.get("last_name", ""),
                         email=cleaned.get("email", ""))
        _check_password_pair(self, cleaned, candidate)
        return cleaned


def _password_fields(form: forms.Form, label: Any, account: User) -> None:
    """The new password twice; the help text states the policy of the account's role."""
    form.fields["password1"] = forms.CharField(
        label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_policy_text(account),
    )
    form.fields["password2"] = forms.CharField(
        label=_("Passwort wiederholen"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def _check_password_pair(form: forms.Form, cleaned: dict[str, Any], candidate: User) -> None:
    """Both entries match and pass Django's password validators for this account."""
    first, second = cleaned.get("password1"), cleaned.get("password2")
    if first and second and first != second:
        form.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
    elif first:
        try:
            password_validate(first, candidate)
        except ValidationError as error:
            form.add_error("password1", error)


class UserSetPasswordForm(KernForm):
    """An administrator sets a new password, e.g. when someone has forgotten theirs."""

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        _password_fields(self, _("Neues Passwort"), self.account)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_password_pair(self, cleaned, self.account)
        return cleaned


class OwnPasswordChangeForm(KernForm):
    """Anyone logged in changes their own password; the current one proves it is them."""

    current = forms.CharField(
        label=_("Bisheriges Passwort"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        _password_fields(self, _("Neues Passwort"), self.account)

    def clean_current(self) -> str:
        current = self.cleaned_data["current"]
        if not self.account.check_password(current):
            raise ValidationError(_("Das bisherige Passwort stimmt nicht. Bitte geben Sie es "
                                    "noch einmal ein."))
        return current

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_password_pair(self, cleaned, self.account)
        return cleaned


class LocationFilterForm(KernForm):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100,
                        help_text=_("Name, Adresse oder Kommune"))
    kind = forms.ChoiceField(label=_("Art"), required=False,
                             choices=[("", _("alle Arten")), *Location.Kind.choices])
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)


class LocationForm(KernForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Art"), choices=Location.Kind.choices)
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects.all(),
                                          empty_label=_("– bitte wählen –"))
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False,
                              help_text=_("Straße, Hausnummer, Postleitzahl und Ort"))


class MunicipalityFilterForm(KernForm):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100,
                        help_text=_("Name oder Gemeindeschlüssel"))
    in_county = forms.ChoiceField(
        label=_("Lage"), required=False,
        choices=[("", _("alle")), ("1", _("im Kreis")), ("0", _("außerhalb des Kreises"))],
    )
