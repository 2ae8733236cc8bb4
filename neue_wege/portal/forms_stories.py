"""Forms of the portal's story pages: input parsing only (rules live in the services)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.strengths.catalogue_i18n import group_text
from neue_wege.strengths.models import Story, Strength, StrengthCatalogue, SuggestionDecision
from neue_wege.strengths.services.feedback import MAX_NOTE_CHARS
from neue_wege.strengths.services.stories import MAX_TEXT_CHARS, MAX_TITLE_CHARS

AUTOSAVE_TRIGGER = "keyup changed delay:1500ms, change"


class StoryForm(KernForm):
    """Write or edit a story. While typing, htmx posts the form to the autosave URL."""

    story = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Made by the browser (portal/story-writing.js) when a draft starts; one story per key.
    draft_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # The browser's count of edits of this draft: late, older requests change nothing.
    revision = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1,
                                  widget=forms.HiddenInput)
    title = forms.CharField(label=_("Überschrift (freiwillig)"), max_length=MAX_TITLE_CHARS,
                            required=False, strip=False)
    text = forms.CharField(
        label=_("Ihre Geschichte"), max_length=MAX_TEXT_CHARS, strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Schreiben Sie, was passiert ist und was Sie getan haben. "
                    "Ihr Entwurf wird beim Schreiben automatisch gespeichert."),
        error_messages={"required": _("Bitte schreiben Sie Ihre Geschichte.")},
    )

    def __init__(self, *args: Any, autosave: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if autosave:
            url = reverse("portal:story-autosave")
            for name in ("title", "text"):
                self.fields[name].widget.attrs.update({
                    "hx-post": url, "hx-trigger": AUTOSAVE_TRIGGER,
                    "hx-include": "closest form", "hx-target": "#story-autosave-status",
                    "hx-swap": "innerHTML", "hx-sync": "closest form:replace",
                })


class AutosaveForm(KernForm):
    """What the autosave request carries: an empty text is a valid draft."""

    story = forms.UUIDField(required=False)
    draft_key = forms.UUIDField(required=False)
    revision = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    title = forms.CharField(max_length=MAX_TITLE_CHARS, required=False, strip=False)
    text = forms.CharField(max_length=MAX_TEXT_CHARS, required=False, strip=False)


class ShareChoiceForm(KernForm):
    visibility = forms.ChoiceField(
        label=_("Wer darf diese Geschichte lesen?"), choices=Story.Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie, wer die Geschichte lesen darf."),
                        "invalid_choice": _("Bitte wählen Sie eine der Möglichkeiten.")},
    )


class ShareConfirmForm(KernForm):
    """Second step: the consent text was shown; the writer confirms it."""

    visibility = forms.ChoiceField(
        choices=[(Story.Visibility.GROUP, Story.Visibility.GROUP.label),
                 (Story.Visibility.FACILITATOR, Story.Visibility.FACILITATOR.label)],
        widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("Ja, ich bin einverstanden."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie einverstanden sind. "
                                      "Sonst bleibt die Geschichte privat.")},
    )


def _card_label(strength: Strength) -> str:
    return format_html('<span class="kern-label">{}</span> <span class="kern-hint">{}</span>',
                       strength.local_label, strength.local_description)


class FeedbackForm(KernForm):
    """Choose strength cards (one checkbox group per catalogue group), a note, show name."""

    note = forms.CharField(
        label=_("Was in der Geschichte zeigt diese Stärke? (freiwillig)"), required=False,
        max_length=MAX_NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel ein Satz aus der Geschichte. Höchstens 500 Zeichen."),
    )
    show_name = forms.BooleanField(
        label=_("Meinen Vornamen zeigen"), required=False,
        help_text=_("Mit Haken steht Ihr Vorname (nur der Vorname) bei der Rückmeldung: für "
                    "die Person, die die Geschichte geschrieben hat, und für alle, die die "
                    "Geschichte oder ihr Stärkenprofil sehen dürfen. Ohne Haken sehen sie "
                    "keinen Namen. Die Projektleitung sieht immer, von wem eine Rückmeldung "
                    "kommt."))

    def __init__(self, *args: Any, catalogue: StrengthCatalogue | None,
                 with_name: bool = True, first: Sequence[str] = (),
                 named: Collection[str] = (), query: str = "", **kwargs: Any) -> None:
        """`first`: keys of strengths offered at the top (the assistant's suggestions);
        `named`: keys the giver already named for this story (shown ticked, not offered);
        `query`: only catalogue strengths whose name or description contain it."""
        super().__init__(*args, **kwargs)
        self._strengths: dict[str, Strength] = {}
        strengths = list(catalogue.strengths.all()) if catalogue is not None else []
        by_key = {s.key: s for s in strengths}
        self.named = sorted((by_key[k] for k in named if k in by_key), key=lambda s: s.local_label)
        top = [by_key[k] for k in dict.fromkeys(first) if k in by_key and k not in named]
        group_fields: dict[str, forms.Field] = {}
        if top:
            self._strengths.update({s.key: s for s in top})
            group_fields["strengths_first"] = forms.MultipleChoiceField(
                label=_("Vorschläge aus Ihrer Geschichte"), required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(s.key, _card_label(s)) for s in top],
                error_messages={"invalid_choice": _("Bitte wählen Sie Stärken aus der "
                                                    "Liste.")},
            )
        needle = query.strip().casefold()
        # A suggestion stays in its catalogue group too (folded on the page), so a card
        # posted from either place counts.
        rest = [s for s in strengths if s.key not in named
                and (not needle or any(needle in text.casefold() for text in (
                    s.local_label, s.local_description, s.label, s.description)))]
        self.catalogue_matches = len(rest)
        for value, group_label in Strength.Group.choices:
            members = sorted((s for s in rest if s.group == value), key=lambda s: s.local_label)
            if not members:
                continue
            self._strengths.update({s.key: s for s in members})
            group_fields[f"strengths_{value}"] = forms.MultipleChoiceField(
                label=group_text(value, str(group_label)), required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(s.key, _card_label(s)) for s in members],
                error_messages={"invalid_choice": _("Bitte wählen Sie Stärken aus der "
                                                    "Liste.")},
            )
        # strength cards first, then the note and the name choice
        self.fields = {**group_fields, **self.fields}
        if not with_name:
            del self.fields["show_name"]
        self.order_fields(list(self.fields))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        keys = [key for name, value in data.items()
                if name.startswith("strengths_") for key in value]
        if not keys and not self.errors:
            raise forms.ValidationError(_("Bitte wählen Sie mindestens eine Stärke."))
        data["strengths"] = [self._strengths[key] for key in keys]
        return data


class SuggestionDecisionForm(KernForm):
    strength = forms.SlugField(max_length=60)
    decision = forms.ChoiceField(choices=SuggestionDecision.Decision.choices)
