"""Strength suggestion assistant: German story text -> strengths with evidence.

PURE core: no Django; outside this package it imports only the shared text core
``neue_wege.core.text`` (tokens, lemmas, the language check), so it can be tested,
benchmarked and run from the command line or a worker. It suggests; people decide.

    >>> from neue_wege.strengths.suggest import suggest
    >>> [s.id for s in suggest("Ich gab nie auf und war immer zuverlässig.")]
    ['durchhaltevermoegen', 'zuverlaessigkeit']
"""

from __future__ import annotations

from neue_wege.core.text import LanguageError, check_language

from .catalogue import Catalogue, Indicator, Strength, load_catalogue
from .engine import Evidence, Suggester, Suggestion, default_suggester, suggest

__all__ = [
    "Catalogue",
    "Evidence",
    "Indicator",
    "LanguageError",
    "Strength",
    "Suggester",
    "Suggestion",
    "check_language",
    "default_suggester",
    "load_catalogue",
    "suggest",
]
