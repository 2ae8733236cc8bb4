"""The shared German text core of the two assistants (strengths/suggest, orientation/match).

PURE: no Django and no other ``neue_wege`` import (enforced by import-linter, see
pyproject.toml), so both pure cores can build on it without depending on each other.
Tokens with offsets, clauses, lemmas (simplemma, no download), the language check and the
word lists for function words and other people.
"""

from __future__ import annotations

from .language import (
    GERMAN_FUNCTION_WORDS,
    MESSAGES,
    OTHER_PEOPLE,
    LanguageError,
    check_language,
)
from .tokens import (
    NEGATORS,
    SCOPE_WORDS,
    Token,
    base_keys,
    clauses,
    is_attributive,
    lemma,
    tokenize,
)

__all__ = [
    "GERMAN_FUNCTION_WORDS",
    "MESSAGES",
    "NEGATORS",
    "OTHER_PEOPLE",
    "SCOPE_WORDS",
    "LanguageError",
    "Token",
    "base_keys",
    "check_language",
    "clauses",
    "is_attributive",
    "lemma",
    "tokenize",
]
