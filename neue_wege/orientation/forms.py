"""Forms of the path pages: input parsing only (the rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.orientation import interest_check
from neue_wege.orientation.models import Obstacle, OccupationSuggestion, Strategy
from neue_wege.orientation.services.pathway import MAX_STEP_CHARS, MAX_TEXT_CHARS

REQUIRED_ANSWER = _("Bitte wählen Sie eine Antwort.")


class InterestCheckForm(KernForm):
    """One radio group per item, all on the same 4-point scale."""

    notes = forms.CharField(
        label=_("Was hat Ihnen in früheren Jobs oder im Alltag am meisten Spaß gemacht?"),
        help_text=_("Freiwillig. Zum Beispiel: „Im Verein die Kasse führen“ oder „Mit "
                    "meinen Kindern basteln“."),
        required=False, max_length=MAX_TEXT_CHARS, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        notes = self.fields.pop("notes")
        for item in interest_check.ITEMS:
            self.fields[f"item_{item.key}"] = forms.TypedChoiceField(
                label=item.text, choices=interest_check.SCALE, coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": REQUIRED_ANSWER, "invalid_choice": REQUIRED_ANSWER})
        self.fields["notes"] = notes

    def answers(self) -> dict[str, int]:
        return {item.key: self.cleaned_data[f"item_{item.key}"] for item in interest_check.ITEMS}


def _text(label: Any, help_text: Any = "", *, required: bool = False, rows: int = 3
          ) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=required,
                           max_length=MAX_TEXT_CHARS, widget=forms.Textarea(attrs={"rows": rows}))


class VisionForm(KernForm):
    what = _text(_("Was möchte ich arbeiten?"),
                 _("Zum Beispiel: „Ich möchte in einer Kita in der Küche arbeiten.“"),
                 required=True)
    with_whom = _text(_("Mit wem möchte ich arbeiten?"),
                      _("Zum Beispiel: im Team, mit Kindern, mit älteren Menschen, allein."))
    where = _text(_("Wo möchte ich arbeiten?"),
                  _("Zum Beispiel: in Bocholt, draußen, in einer Werkstatt, im Büro."))
    why = _text(_("Warum ist mir das wichtig?"))
    good_day = _text(_("Wie sieht ein guter Arbeitstag aus?"), rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what"].error_messages["required"] = _(
            "Bitte schreiben Sie, was Sie arbeiten möchten.")


class ObstacleForm(KernForm):
    kind = forms.ChoiceField(
        label=_("Was steht Ihnen im Weg?"), choices=Obstacle.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_("Gesundheit und Sucht sehen nur Sie und Ihre Projektleitung."),
        error_messages={"required": _("Bitte wählen Sie, was Ihnen im Weg steht."),
                        "invalid_choice": _("Bitte wählen Sie eine der Möglichkeiten.")})
    title = forms.CharField(label=_("In eigenen Worten (freiwillig, bei „Sonstiges“ nötig)"),
                            max_length=200, required=False)
    details = _text(_("Was genau ist schwierig? (freiwillig)"),
                    _("Das wird verschlüsselt gespeichert."))


class StrategyForm(KernForm):
    description = _text(_("Was kann helfen?"),
                        _("Zum Beispiel: „Platz in der Kita beantragen“."), required=True,
                        rows=2)
    helper = forms.ChoiceField(
        label=_("Wer hilft dabei?"), choices=[("", _("Bitte wählen"))] + Strategy.Helper.choices,
        help_text=_("Ihre Stadt oder Gemeinde hilft auch: bei der Kinderbetreuung, bei Schulden, "
                    "bei seelischen Belastungen und bei Sucht."),
        error_messages={"required": _("Bitte wählen Sie, wer dabei hilft.")})
    due_on = forms.DateField(label=_("Bis wann? (freiwillig)"), required=False,
                             widget=forms.DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = _(
            "Bitte schreiben Sie, was helfen kann.")


class StrategyStatusForm(KernForm):
    status = forms.ChoiceField(label=_("Stand"), choices=Strategy.Status.choices,
                               error_messages={"required": _("Bitte wählen Sie einen Stand.")})


class StepForm(KernForm):
    description = forms.CharField(
        label=_("Was ist der nächste Schritt?"), max_length=MAX_STEP_CHARS,
        help_text=_("Zum Beispiel: ein Praktikum, ein Beratungstermin, eine Bewerbung, ein "
                    "Kurs."),
        error_messages={"required": _("Bitte schreiben Sie, was der nächste Schritt ist.")})
    due_on = forms.DateField(label=_("Bis wann? (freiwillig)"), required=False,
                             widget=forms.DateInput)


class StepDoneForm(KernForm):
    done = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1",
                                  widget=forms.HiddenInput)


class SuggestionDecideForm(KernForm):
    status = forms.ChoiceField(choices=OccupationSuggestion.Status.choices,
                               widget=forms.HiddenInput)


class SuggestionStepsForm(KernForm):
    """The offered step ideas (checkboxes) plus one own step, with one date for all."""

    ideas = forms.MultipleChoiceField(label=_("Welche Schritte passen für Sie?"),
                                      widget=forms.CheckboxSelectMultiple, required=False)
    own = forms.CharField(label=_("Eigener Schritt (freiwillig)"), max_length=MAX_STEP_CHARS,
                          required=False)
    due_on = forms.DateField(label=_("Bis wann? (freiwillig)"), required=False,
                             widget=forms.DateInput)

    def __init__(self, *args: Any, ideas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(str(i), text) for i, text in enumerate(ideas)]
        self._ideas = ideas

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("ideas") and not (data.get("own") or "").strip():
            raise forms.ValidationError(_("Bitte wählen oder schreiben Sie mindestens einen "
                                          "Schritt."))
        return data

    def steps(self) -> list[tuple[str, Any]]:
        due = self.cleaned_data.get("due_on")
        chosen = [self._ideas[int(i)] for i in self.cleaned_data.get("ideas", [])]
        own = (self.cleaned_data.get("own") or "").strip()
        return [(text, due) for text in [*chosen, *([own] if own else [])]]


def decided_text(status: str, label: str) -> str:
    """The confirmation after saving, dismissing or undoing (participant and facilitator)."""
    texts = {
        OccupationSuggestion.Status.SAVED: _("„%(label)s“ ist gemerkt."),
        OccupationSuggestion.Status.DISMISSED: _("„%(label)s“ steht jetzt unter „Passt "
                                                 "nicht“."),
        OccupationSuggestion.Status.SUGGESTED: _("„%(label)s“ ist wieder ein Vorschlag."),
    }
    return texts[status] % {"label": label}
