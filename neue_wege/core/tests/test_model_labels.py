"""Every word a model gives the interface (choice labels, model names) is German and translated.

The audit-log filter listed "instrument item", "referral status change" and "suggestion
decision": Django's English defaults from the class names. Here every choice label of every
model field and every model's verbose names are rendered in German and in English; a label
that is no translation object, or renders the same in both languages, is an English default
or a forgotten `_()` — unless it is one of the few words that really are the same in both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from neue_wege.privacy.forms import AuditSearchForm

# Language-neutral: CEFR level codes, and "Administration", spelt the same in both languages.
SAME_IN_BOTH = {"A1", "A2", "B1", "B2", "C1", "C2", "Administration"}


def _flat(choices: Any) -> Iterator[tuple[Any, Any]]:
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from _flat(label)
        else:
            yield value, label


def _our_models() -> list[Any]:
    return [model for model in apps.get_models() if model.__module__.startswith("neue_wege.")]


def _problem(label: Any) -> str | None:
    with translation.override("de"):
        german = str(label)
    with translation.override("en"):
        english = str(label)
    if german in SAME_IN_BOTH:
        return None
    if not isinstance(label, Promise):
        return f"„{german}“ is not marked for translation"
    if german == english:
        return f"„{german}“ is the same in German and English (English default or no msgstr)"
    return None


def test_every_choice_label_of_every_model_field_is_german_and_translated():
    problems = []
    for model in _our_models():
        for field in model._meta.get_fields():
            for value, label in _flat(getattr(field, "choices", None) or []):
                problem = _problem(label)
                if problem:
                    problems.append(f"{model._meta.label}.{field.name}={value!r}: {problem}")
    assert not problems, "\n".join(problems)


def test_every_model_has_a_german_verbose_name():
    problems = []
    for model in _our_models():
        for kind in ("verbose_name", "verbose_name_plural"):
            problem = _problem(getattr(model._meta, kind))
            if problem:
                problems.append(f"{model._meta.label} {kind}: {problem}")
    assert not problems, "\n".join(problems)


def test_audit_log_filter_names_record_types_in_german():
    with translation.override("de"):
        labels = [str(label) for _value, label in AuditSearchForm().fields["object_type"].choices]
    assert "Statuswechsel einer Zuweisung" in labels
    assert "Entscheidung über einen Vorschlag" in labels
    assert "Aussage eines Fragebogens" in labels
    assert not {"instrument item", "referral status change", "suggestion decision"} & set(labels)
