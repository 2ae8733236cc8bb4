"""Input of the inbox page: the digest opt-in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm


class DigestForm(KernForm):
    daily = forms.BooleanField(
        label=_("Einmal täglich eine E-Mail mit meinen ungelesenen Nachrichten erhalten"),
        required=False)
