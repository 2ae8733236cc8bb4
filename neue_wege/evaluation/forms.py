"""The filters of the evaluation page: programme, year, location, target group."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.dashboards.selectors import FIRST_YEAR
from neue_wege.evaluation.selectors import Filters
from neue_wege.privacy import access

TARGET_GROUPS = (
    _("unter 25"), _("ab 50"), _("Alleinerziehende"), _("Langzeitleistungsbeziehende"),
    _("alle Erwachsenen"),
)


class ChoiceFromList(forms.ModelChoiceField):
    """A model choice whose every bad value (also a malformed id) gets the list message."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(self.error_messages["invalid_choice"],
                                  code="invalid_choice") from error


class EvaluationFilterForm(KernForm):
    projekt = ChoiceFromList(label=_("Projekt"), queryset=None, required=False,
                                     empty_label=_("alle Projekte"), to_field_name="pk")
    jahr = forms.TypedChoiceField(label=_("Jahr (Beginn des Durchlaufs)"), coerce=int,
                                  choices=(), required=False, empty_value=None)
    standort = ChoiceFromList(label=_("Standort"), queryset=None, required=False,
                                      empty_label=_("alle Standorte"))
    zielgruppe = forms.ChoiceField(label=_("Zielgruppe"), required=False, choices=())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projekt"].queryset = access.programmes_for(user).order_by("name")
        self.fields["standort"].queryset = access.locations_for(user).order_by("name")
        last = timezone.localdate().year
        self.fields["jahr"].choices = [("", _("alle Jahre"))] + [
            (year, str(year)) for year in range(last, FIRST_YEAR - 1, -1)]
        self.fields["jahr"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie ein Jahr zwischen %(first)s und %(last)s."
        ) % {"first": FIRST_YEAR, "last": last}
        self.fields["zielgruppe"].choices = [("", _("alle Zielgruppen"))] + [
            (str(label), label) for label in TARGET_GROUPS]
        self.fields["projekt"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie ein Projekt aus der Liste.")
        self.fields["standort"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie einen Standort aus der Liste.")
        self.fields["zielgruppe"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie eine Zielgruppe aus der Liste.")

    def filters(self) -> Filters:
        """The chosen filters; call after ``is_valid()`` returned True."""
        data = self.cleaned_data
        return Filters(
            programme_id=data["projekt"].pk if data.get("projekt") else None,
            year=data.get("jahr"),
            location_id=data["standort"].pk if data.get("standort") else None,
            target_group=data.get("zielgruppe") or "",
        )
