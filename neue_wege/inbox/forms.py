"""Input of the inbox page: the digest opt-in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm


class DigestForm(KernForm):
    daily = forms.BooleanField(
        label=_("Einmal täglich eine E-Mail mit meinen ungelesenen Nachrichten erhalten"),
        required=False)


class AbsencePolicyForm(KernForm):
    absence_threshold = forms.IntegerField(
        label=_("Nachricht an das Fallmanagement nach so vielen unentschuldigten Fehlterminen"),
        help_text=_("Die Nachricht kommt bei Erreichen dieser Zahl und bei jedem weiteren "
                    "Vielfachen (zum Beispiel 2, 4, 6 …). Zwischen 1 und 20."),
        min_value=1, max_value=20,
        error_messages={"min_value": _("Bitte geben Sie mindestens 1 an."),
                        "max_value": _("Bitte geben Sie höchstens 20 an."),
                        "required": _("Bitte geben Sie eine Zahl an."),
                        "invalid": _("Bitte geben Sie eine ganze Zahl an.")})
