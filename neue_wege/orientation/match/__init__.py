"""Occupation suggestions: German story text -> ranked ESCO occupations with German reasons.

PURE core: no Django. It uses the strength assistant's pure core
(``neue_wege.strengths.suggest``) for tokens, lemmas, the language check and strengths.
It suggests; people decide.

    >>> from neue_wege.orientation.match import suggest_occupations
    >>> [s.isco08 for s in suggest_occupations("Ich arbeitete gern im Lager.", top=1)]
    ['9333']
"""

from __future__ import annotations

from neue_wege.strengths.suggest import LanguageError

from .data import Occupation, OccupationData, Skill, load_data
from .engine import OccupationMatcher, OccupationSuggestion, default_matcher, suggest_occupations

__all__ = [
    "LanguageError",
    "Occupation",
    "OccupationData",
    "OccupationMatcher",
    "OccupationSuggestion",
    "Skill",
    "default_matcher",
    "load_data",
    "suggest_occupations",
]
