"""Forms of the administration pages for client systems."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from neue_wege.api.models import Scope
from neue_wege.core.forms import KernForm


class ApiClientForm(KernForm):
    name = forms.CharField(label=_("Name des Systems"), max_length=120,
                           help_text=_("z. B. „Fachverfahren“ oder „Datenübernahme 2027“"))
    scopes = forms.MultipleChoiceField(label=_("Berechtigungen"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple)
    rate_limit_per_minute = forms.IntegerField(label=_("Anfragen pro Minute"), min_value=1,
                                               max_value=6000, initial=120)


class TokenForm(KernForm):
    days = forms.IntegerField(label=_("Gültig für (Tage)"), min_value=1, max_value=730,
                              initial=365)
