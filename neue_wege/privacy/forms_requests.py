"""Input for data subject requests (Betroffenenanfragen): record and close."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.privacy.models import DataSubjectRequest


class RequestRecordForm(KernForm):
    case_number = forms.CharField(
        label=_("Kundennummer"), max_length=20,
        error_messages={"required": _("Bitte geben Sie die Kundennummer an.")})
    kind = forms.ChoiceField(label=_("Art der Anfrage"), choices=DataSubjectRequest.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Bitte wählen Sie die Art.")})
    received_on = forms.DateField(
        label=_("eingegangen am"), widget=forms.DateInput,
        help_text=_("Die Antwort ist einen Monat später fällig."),
        error_messages={"required": _("Bitte geben Sie das Eingangsdatum an."),
                        "invalid": _("Bitte ein Datum wie 24.11.2026 eingeben.")})
    details = forms.CharField(label=_("Worum geht es?"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("z. B. welche Angabe falsch ist"))

    def __init__(self, *args: Any, clients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clients = clients

    def clean_case_number(self) -> Any:
        number = self.cleaned_data["case_number"].strip()
        client = self.clients.filter(case_number=number).first()
        if client is None:
            raise ValidationError(_("Zu dieser Kundennummer gibt es keine Person, für die Sie "
                                    "zuständig sind."))
        self.cleaned_data["client"] = client
        return number


class RequestCloseForm(KernForm):
    status = forms.ChoiceField(
        label=_("Ergebnis"), widget=forms.RadioSelect,
        choices=[c for c in DataSubjectRequest.Status.choices
                 if c[0] != DataSubjectRequest.Status.OPEN],
        error_messages={"required": _("Bitte wählen Sie, wie die Anfrage abgeschlossen wird.")})
    outcome = forms.CharField(label=_("Was wurde getan?"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": _("Bitte beschreiben Sie kurz, was "
                                                            "getan wurde.")})
    legal_exception = forms.ChoiceField(label=_("Ausnahme"), required=False,
                                        choices=DataSubjectRequest.LegalException.choices)
    legal_exception_text = forms.CharField(
        label=_("Begründung der Ausnahme"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}))
    execute_erasure = forms.BooleanField(
        label=_("Jetzt löschen: Projektdaten löschen, Freitexte leeren, Stammdaten "
                "pseudonymisieren"), required=False,
        help_text=_("Nur bei Anfragen auf Löschung. Das kann nicht rückgängig gemacht werden."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("legal_exception") and not (data.get("legal_exception_text") or "").strip() \
                and not data.get("execute_erasure"):
            self.add_error("legal_exception_text",
                           _("Bitte begründen Sie die Ausnahme."))
        return data


class PortalRequestForm(KernForm):
    """A participant files a request about their own data (in plain words)."""

    KINDS = (
        (DataSubjectRequest.Kind.RECTIFICATION, _("Etwas über mich ist falsch. Bitte ändern.")),
        (DataSubjectRequest.Kind.ERASURE, _("Bitte löschen Sie meine Daten.")),
        (DataSubjectRequest.Kind.RESTRICTION, _("Bitte nutzen Sie meine Daten vorerst nicht.")),
        (DataSubjectRequest.Kind.OBJECTION, _("Ich widerspreche der Nutzung meiner Daten.")),
        (DataSubjectRequest.Kind.ACCESS, _("Ich möchte eine Auskunft von einer Person.")),
    )
    kind = forms.ChoiceField(label=_("Was möchten Sie?"), choices=KINDS,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Bitte wählen Sie, was Sie möchten.")})
    details = forms.CharField(
        label=_("Was genau?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zum Beispiel: Meine Telefonnummer ist falsch."),
        error_messages={"required": _("Bitte schreiben Sie kurz, worum es geht.")})


class RestrictionForm(KernForm):
    """Set or lift the restriction of processing (Art. 18) from a request."""

    action = forms.ChoiceField(choices=(("set", _("einschränken")), ("lift", _("aufheben"))),
                               widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Grund"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("z. B. Die Person bestreitet die Richtigkeit der Angaben; bis zur Prüfung."),
        error_messages={"required": _("Bitte geben Sie den Grund an.")})


class HandOverForm(KernForm):
    """How the Art. 15 copy produced by the administration reached the person."""

    handed_over_on = forms.DateField(
        label=_("übergeben am"), widget=forms.DateInput,
        error_messages={"required": _("Bitte geben Sie das Datum der Übergabe an."),
                        "invalid": _("Bitte ein Datum wie 24.11.2026 eingeben.")})
    how = forms.ChoiceField(label=_("übergeben wie"), widget=forms.RadioSelect,
                            choices=DataSubjectRequest.HandOver.choices,
                            error_messages={"required": _("Bitte wählen Sie, wie die Auskunft "
                                                          "übergeben wurde.")})
