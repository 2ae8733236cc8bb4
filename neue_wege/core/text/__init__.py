"""The shared German text core of the two assistants (strengths/suggest, orientation/match).

PURE: no Django and no other ``neue_wege`` import (enforced by import-linter, see
pyproject.toml), so both pure cores can build on it without depending on each other.
Tokens with offsets, clauses, lemmas (simplemma, no download), compound boundaries (HanTa),
stop phrases and who did what (clause owners), the language check and the word lists for
function words and other people.
"""

from __future__ import annotations

from .compounds import segments as compound_segments
from .compounds import splits as compound_splits
from .compounds import tagger as compound_tagger
from .language import (
    GERMAN_FUNCTION_WORDS,
    MESSAGES,
    OTHER_PEOPLE,
    LanguageError,
    check_language,
)
from .places import gazetteer, is_origin_word, origin_positions
from .reading import (
    OTHER,
    SELF,
    STOP_PHRASES,
    clause_owners,
    foreign_spans,
    stop_positions,
)
from .tokens import (
    NEGATORS,
    SCOPE_WORDS,
    Token,
    base_keys,
    clauses,
    fold_gender,
    fold_gender_surface,
    is_attributive,
    lemma,
    tokenize,
)

__all__ = [
    "GERMAN_FUNCTION_WORDS",
    "MESSAGES",
    "NEGATORS",
    "OTHER",
    "OTHER_PEOPLE",
    "SCOPE_WORDS",
    "SELF",
    "STOP_PHRASES",
    "LanguageError",
    "Token",
    "base_keys",
    "check_language",
    "fold_gender",
    "fold_gender_surface",
    "foreign_spans",
    "gazetteer",
    "is_origin_word",
    "origin_positions",
    "clause_owners",
    "clauses",
    "compound_segments",
    "compound_splits",
    "compound_tagger",
    "is_attributive",
    "lemma",
    "stop_positions",
    "tokenize",
]
