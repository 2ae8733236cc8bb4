"""KERN UX for every Django form: one renderer, one field template, one place.

Forms inherit `KernForm` / `KernModelForm`; the template renders `{{ form }}` and gets labels,
hints, German error messages tied to their field (aria-describedby, aria-invalid) and KERN
classes. Invalid forms keep what was typed because Django re-renders bound values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import DjangoTemplates
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

# No date in this domain lies outside these bounds (births from 1900, plans to 2100); the
# bounds also keep date arithmetic and time zones far from Python's representable range.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class KernRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


# One renderer for the process, as Django's own default renderer. A renderer class as
# `default_renderer` makes every form build a renderer of its own, and with it a template
# engine that reads and parses its templates from disk and scans every app for template tag
# libraries again: 2–5 ms per form, on every page with a filter form (issue 12).
KERN_RENDERER = KernRenderer()


def _kern_classes(field: forms.BoundField) -> None:
    widget = field.field.widget
    error = bool(field.errors)
    # CheckboxSelectMultiple subclasses RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        css = "kern-form-check__checkbox"
    elif isinstance(widget, forms.RadioSelect):
        css = "kern-form-check__radio"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "kern-form-input__select"
    else:
        css = "kern-form-input__input"
    classes = [css] + ([f"{css}--error"] if error else [])
    widget.attrs["class"] = " ".join(classes)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if error:
        described.append(f"{field.auto_id}-error")
        widget.attrs["aria-invalid"] = "true"
    if described:
        widget.attrs["aria-describedby"] = " ".join(described)


DJANGO_DASHES = BLANK_CHOICE_DASH[0][1]  # "---------"
PLEASE_CHOOSE = _("Bitte wählen")


def _please_choose(field: forms.Field) -> None:
    """Django's empty choice "---------" reads "Bitte wählen", as on every other form."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_DASHES:
            field.empty_label = PLEASE_CHOOSE
    elif (isinstance(field, forms.ChoiceField)
          and not isinstance(field.choices, CallableChoiceIterator)):
        choices = list(field.choices)
        if any(value == "" and label == DJANGO_DASHES for value, label in choices):
            field.choices = [(value, PLEASE_CHOOSE if value == "" and label == DJANGO_DASHES
                              else label) for value, label in choices]


class KernFormMixin:
    default_renderer = KERN_RENDERER

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name in self.fields:  # type: ignore[attr-defined]
            _please_choose(self.fields[name])  # type: ignore[attr-defined]
            widget = self.fields[name].widget  # type: ignore[attr-defined]
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
                widget.attrs.setdefault("min", EARLIEST_DATE.isoformat())
                widget.attrs.setdefault("max", LATEST_DATE.isoformat())
                self.fields[name].validators += [  # type: ignore[attr-defined]
                    MinValueValidator(EARLIEST_DATE, _("Bitte ein Datum ab dem 01.01.1900 "
                                                       "eingeben.")),
                    MaxValueValidator(LATEST_DATE, _("Bitte ein Datum bis zum 31.12.2100 "
                                                     "eingeben.")),
                ]
            elif isinstance(widget, forms.TimeInput):
                widget.input_type = "time"
                widget.format = "%H:%M"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.fields:  # type: ignore[attr-defined]
            _kern_classes(self[name])  # type: ignore[index]

    def __getitem__(self, name: str) -> forms.BoundField:
        bound = super().__getitem__(name)  # type: ignore[misc]
        _kern_classes(bound)
        return bound


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass
