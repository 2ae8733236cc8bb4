"""Occupation suggestions: German story text -> ranked ESCO occupations with German reasons.

PURE core: no Django; outside this package it imports only the shared text core
(``neue_wege.core.text``) for tokens, lemmas and the language check. Strengths come from a
strength assistant handed to ``OccupationMatcher``; ``neue_wege.orientation.matcher`` wires
in the strength assistant's pure core. It suggests; people decide.

    >>> from neue_wege.orientation.matcher import suggest_occupations
    >>> [s.isco08 for s in suggest_occupations("Ich arbeitete gern im Lager.", top=1)]
    ['9333']
"""

from __future__ import annotations

from neue_wege.core.text import LanguageError

from .data import Occupation, OccupationData, Skill, load_data
from .engine import OccupationMatcher, OccupationSuggestion, StrengthAssistant

__all__ = [
    "LanguageError",
    "Occupation",
    "OccupationData",
    "OccupationMatcher",
    "OccupationSuggestion",
    "Skill",
    "StrengthAssistant",
    "load_data",
]
