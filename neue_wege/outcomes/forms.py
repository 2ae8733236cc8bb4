"""Input parsing for ending a seat, the destination, follow-ups and the self-assessment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.outcomes.models import Destination, FollowUp, Instrument, Outcome
from neue_wege.outcomes.services import follow_up_early_with_reason, follow_up_opens_on

NOTE_MAX = 2000
REQUIRED = {"required": _("Bitte wählen Sie eine Antwort.")}


class EndForm(KernForm):
    """The facilitator ends a seat: completed or dropped out (with a reason)."""

    ended_how = forms.ChoiceField(label=_("Wie endete die Teilnahme?"),
                                  choices=[(value, label) for value, label
                                           in Outcome.EndedHow.choices
                                           if value in Outcome.ENDED_BY_FACILITATOR],
                                  widget=forms.RadioSelect,
                                  error_messages=REQUIRED)
    ended_on = forms.DateField(label=_("Letzter Tag der Teilnahme"),
                               error_messages={"required": _("Bitte geben Sie das Datum an."),
                                               "invalid": _("Bitte ein gültiges Datum "
                                                            "eingeben.")})
    dropout_reason = forms.ChoiceField(
        label=_("Grund des Abbruchs"), required=False,
        choices=[("", _("Bitte wählen")), *Outcome.DropoutReason.choices],
        help_text=_("Nur bei einem Abbruch."))
    dropout_note = forms.CharField(label=_("Anmerkung zum Abbruch"), required=False,
                                   max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("freiwillig; bitte keine Gesundheitsdaten"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("ended_how") == Outcome.EndedHow.DROPPED_OUT and not data.get(
                "dropout_reason"):
            self.add_error("dropout_reason", _("Bitte geben Sie den Grund des Abbruchs an."))
        return data


def _destination_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Verbleib"),
                             choices=[("", _("Bitte wählen")), *Destination.choices],
                             error_messages={"required": _("Bitte wählen Sie den Verbleib.")})


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=False, help_text=help_text,
                           error_messages={"invalid": _("Bitte ein gültiges Datum eingeben.")})


class _DestinationMixin:
    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        destination = data.get("destination")
        started = data.get("destination_started_on")
        if destination == Destination.NONE and started:
            self.add_error("destination_started_on", _(  # type: ignore[attr-defined]
                "Ohne Veränderung gibt es kein Beginndatum. Bitte lassen Sie das Feld leer."))
        elif destination and destination != Destination.NONE and not started:
            self.add_error("destination_started_on", _(  # type: ignore[attr-defined]
                "Bitte geben Sie an, wann die Beschäftigung oder Maßnahme begann."))
        return data


class OutcomeForm(_DestinationMixin, KernForm):
    """The case manager records what came after the run."""

    destination = _destination_field()
    destination_started_on = _date_field(_("Beginn der Beschäftigung oder Maßnahme"),
                                         _("leer lassen bei „keine Veränderung“"))
    benefit_exit_on = _date_field(_("Ende des Leistungsbezugs"),
                                  _("leer lassen, solange die Person Leistungen bezieht"))


YES_NO = [("yes", _("ja")), ("no", _("nein"))]


REACHED = [("yes", _("Person erreicht")), ("no", _("Person nicht erreicht"))]


class FollowUpForm(_DestinationMixin, KernForm):
    """The state at one follow-up point, or the attempt's result "Person nicht erreicht"."""

    months_after = forms.TypedChoiceField(label=_("Nachbefragung"), coerce=int,
                                          error_messages=REQUIRED)
    reached = forms.ChoiceField(label=_("Haben Sie die Person erreicht?"), choices=REACHED,
                                widget=forms.RadioSelect, initial="yes", required=False,
                                help_text=_("Nicht erreicht: Der Versuch wird gespeichert und in "
                                            "der Auswertung gesondert gezählt. Erreichen Sie "
                                            "die Person später, tragen Sie die Antworten nach."))
    destination = _destination_field()
    destination_started_on = _date_field(_("Beginn der Beschäftigung oder Maßnahme"),
                                         _("leer lassen bei „keine Veränderung“"))
    in_benefits = forms.ChoiceField(label=_("Bezieht die Person noch Leistungen?"),
                                    choices=YES_NO, widget=forms.RadioSelect, required=False)
    early_reason = forms.CharField(
        label=_("Grund, falls Sie vor dem Zeitraum nachbefragen"), required=False,
        max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("nur nötig, wenn die Nachbefragung noch nicht offen ist"))

    def __init__(self, *args: Any, follow_ups: list[FollowUp], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination"].required = False
        self.fields["months_after"].choices = [
            (f.months_after, _("nach %(months)s Monaten (fällig am %(day)s, offen ab "
                               "%(opens)s)")
             % {"months": f.months_after, "day": f.due_on.strftime("%d.%m.%Y"),
                "opens": follow_up_opens_on(f).strftime("%d.%m.%Y")})
            for f in follow_ups]
        if not follow_up_early_with_reason():
            del self.fields["early_reason"]

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data.get("reached") == "no":
            data.update(destination="", destination_started_on=None, in_benefits=None)
            return data
        if "destination" in data and not data["destination"]:
            self.add_error("destination", _("Bitte wählen Sie den Verbleib."))
        if "in_benefits" in data and data["in_benefits"] is None:
            self.add_error("in_benefits", REQUIRED["required"])
        return super().clean()

    def clean_in_benefits(self) -> bool | None:
        value = self.cleaned_data["in_benefits"]
        return None if not value else value == "yes"


class SelfAssessmentForm(KernForm):
    """One radio group (fieldset + legend) per statement of the instrument."""

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The shipped questionnaire's texts are translated like the UI (outcomes/data_messages.py
        # marks them for the .po files); a job centre's own wording stays as written.
        points = [(str(value), gettext(label)) for value, label in instrument.scale_points()]
        for item in instrument.items.all():
            self.fields[f"item_{item.order}"] = forms.ChoiceField(
                label=gettext(item.text), choices=points, widget=forms.RadioSelect,
                error_messages={"required": _("Bitte wählen Sie eine Antwort."),
                                "invalid_choice": _("Bitte wählen Sie eine der Antworten.")})

    def answers(self) -> dict[str, int]:
        return {name.removeprefix("item_"): int(value)
                for name, value in self.cleaned_data.items()}


INSTRUMENT_FILE_MAX = 512 * 1024


class InstrumentUploadForm(KernForm):
    """An administrator loads a self-assessment instrument (JSON, format in docs/outcomes.md)."""

    file = forms.FileField(
        label=_("Fragebogen als JSON-Datei"),
        help_text=_("Eine neue Version hat denselben Schlüssel und eine höhere Versionsnummer. "
                    "Das Format steht in der Betriebsdokumentation (docs/outcomes.md)."),
        error_messages={"required": _("Bitte wählen Sie eine Datei aus.")})

    def clean_file(self) -> Any:
        import json

        upload = self.cleaned_data["file"]
        if upload.size > INSTRUMENT_FILE_MAX:
            raise forms.ValidationError(_("Die Datei ist größer als 512 KB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Die Datei ist nicht UTF-8-kodiert.")) from error
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Die Datei ist kein gültiges JSON (Zeile %(line)s).") % {"line": error.lineno}
            ) from error


class InstrumentActiveForm(KernForm):
    active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")],
                                    coerce=lambda value: value == "1")
