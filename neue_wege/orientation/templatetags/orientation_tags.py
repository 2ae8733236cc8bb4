"""Template filters of the orientation pages."""

from __future__ import annotations

from django import template

from neue_wege.orientation.fit import fit_words as _fit_words

register = template.Library()


@register.filter
def fit_words(score: float | None) -> str:
    """``{{ row.score|fit_words }}``: "passt gut", "passt teilweise" or "passt eher wenig"."""
    return _fit_words(score)
