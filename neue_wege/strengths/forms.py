"""Input parsing for the strengths pages (portal profile, facilitator tools, catalogue)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.strengths.models import Strength
from neue_wege.strengths.selectors import StrengthProfile
from neue_wege.strengths.services.catalogue_edit import (
    indicators_from_text,
    indicators_to_text,
)


class ProfilePdfForm(KernForm):
    """The participant ticks what goes into their PDF."""

    strengths = forms.MultipleChoiceField(
        label=_("Welche Stärken sollen in das PDF?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Stärke aus.")},
    )
    include_passages = forms.BooleanField(
        label=_("Stellen aus meinen Geschichten zeigen"), required=False)
    include_peer_counts = forms.BooleanField(
        label=_("Zeigen, wie viele aus der Gruppe die Stärke genannt haben"), required=False)

    def __init__(self, *args: Any, profile: StrengthProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strengths"].choices = [(e.key, e.label) for e in profile.entries]


class ExportConsentForm(KernForm):
    """Give or withdraw the consent that the facilitators may export the profile."""

    ACTIONS = (("give", _("Zustimmen")), ("withdraw", _("Zustimmung zurücknehmen")))
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)


class HeldFeedbackRemoveForm(KernForm):
    reason = forms.CharField(
        label=_("Warum entfernen Sie die Rückmeldung?"), max_length=300,
        help_text=_("Der Grund wird im Protokoll gespeichert. Die Person sieht ihn nicht."),
        error_messages={"required": _("Bitte nennen Sie einen Grund.")})


class FacilitatorFeedbackForm(KernForm):
    """A facilitator names strengths they see in a shared story."""

    strengths = forms.ModelMultipleChoiceField(
        queryset=Strength.objects.none(), label=_("Welche Stärken sehen Sie?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Stärke aus.")})
    note = forms.CharField(
        label=_("Was in der Geschichte zeigt diese Stärke? (freiwillig)"), required=False,
        max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, strengths: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strengths"].queryset = strengths


class CatalogueVersionForm(KernForm):
    valid_from = forms.DateField(
        label=_("gültig ab"),
        help_text=_("Ein Tag nach heute oder später. Bis dahin können Sie die Version "
                    "bearbeiten."))
    change_note = forms.CharField(label=_("Was ändert sich?"), widget=forms.Textarea(
        attrs={"rows": 3}), max_length=2000)


class StrengthForm(KernForm):
    label = forms.CharField(label=_("Bezeichnung"), max_length=100)
    group = forms.ChoiceField(label=_("Gruppe"), choices=Strength.Group.choices)
    description = forms.CharField(
        label=_("Beschreibung in einfacher Sprache"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kurze Sätze, mit „Sie“ angesprochen."))
    ba_profile = forms.CharField(
        label=_("Stärke im Profiling der BA"), max_length=100, required=False,
        help_text=_("Zum Beispiel Zuverlässigkeit oder Teamfähigkeit; leer lassen, wenn "
                    "keine passt."))
    indicators = forms.CharField(
        label=_("Hinweiswörter"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ein Wort oder eine Wendung pro Zeile. Optional nach einem Semikolon: "
                    "„Gewicht 0,5“, „verneint“ (zählt nur verneint, z. B. „auf|geben ; "
                    "verneint“), „direkt hintereinander“."))

    @classmethod
    def initial_from(cls, strength: Strength) -> dict[str, Any]:
        return {"label": strength.label, "group": strength.group,
                "description": strength.description, "ba_profile": strength.ba_profile,
                "indicators": indicators_to_text(strength.indicators)}

    def clean_indicators(self) -> list[Any]:
        return indicators_from_text(self.cleaned_data.get("indicators") or "")
