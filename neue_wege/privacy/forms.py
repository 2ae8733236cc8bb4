"""Input for the audit-log search (administrators)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.privacy.models import AuditEvent, RetentionRule
from neue_wege.privacy.selectors import record_type_choices


class AuditSearchForm(KernForm):
    actor = forms.CharField(label=_("Wer"), required=False, max_length=150,
                            help_text=_("Benutzername oder Nachname, genau"))
    action = forms.ChoiceField(label=_("Aktion"), required=False,
                               choices=[("", _("alle Aktionen")), *AuditEvent.Action.choices])
    object_type = forms.ChoiceField(label=_("Art des Datensatzes"), required=False)
    object_id = forms.CharField(label=_("Kennung des Datensatzes"), required=False,
                                max_length=64)
    client_id = forms.UUIDField(label=_("Kennung der betroffenen Person"), required=False,
                                help_text=_("die lange Kennung aus der Adresse der Akte"),
                                error_messages={"invalid": _(
                                    "Bitte eine vollständige Kennung eingeben, z. B. "
                                    "3f2b8c1e-0a4d-4c7e-9b1a-2d5e6f708192.")})
    date_from = forms.DateField(label=_("von (Datum)"), required=False,
                                widget=forms.DateInput)
    date_to = forms.DateField(label=_("bis (Datum)"), required=False, widget=forms.DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("alle (ohne Protokoll-Abrufe)")),
                                              *record_type_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("„von“ muss vor „bis“ liegen."))
        return data


class RetentionRuleForm(KernForm):
    """One retention rule as the data protection officer decides it."""

    start_event = forms.ChoiceField(label=_("Frist beginnt mit"),
                                    choices=RetentionRule.StartEvent.choices)
    period_days = forms.IntegerField(
        label=_("Frist in Tagen"), min_value=1, max_value=36500,
        error_messages={"required": _("Bitte geben Sie die Frist in Tagen an."),
                        "min_value": _("Die Frist muss mindestens einen Tag lang sein."),
                        "max_value": _("Die Frist darf höchstens 100 Jahre lang sein."),
                        "invalid": _("Bitte eine ganze Zahl von Tagen eingeben.")})
    action = forms.ChoiceField(label=_("dann"), choices=RetentionRule.Action.choices)
    reason = forms.CharField(label=_("Begründung"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": _("Bitte begründen Sie die Frist.")})
    active = forms.BooleanField(label=_("wird angewendet"), required=False,
                                help_text=_("Ohne Haken setzt der nächtliche Lauf diese Regel "
                                            "aus."))


class RetentionPreviewForm(KernForm):
    as_of = forms.DateField(label=_("Stichtag"), required=False, widget=forms.DateInput,
                            help_text=_("leer: heute"),
                            error_messages={"invalid": _("Bitte ein Datum wie 24.11.2026 "
                                                         "eingeben.")})
