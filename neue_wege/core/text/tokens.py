"""Tokens with character offsets, clauses, negation scopes and lemma keys."""

from __future__ import annotations

import re
from dataclasses import dataclass

import simplemma

TOKEN = re.compile(r"\w+(?:[-‐]\w+)*|[^\w\s]", re.UNICODE)

# Punctuation that ends a clause (commas, dashes, quotes and brackets included).
CLAUSE_PUNCT = frozenset(".,;:!?–—()[]\"„“”‚‘’«»…/")
# Words that start a new clause (coordination with a contrast, subordination).
CLAUSE_WORDS = frozenset(
    "aber sondern doch jedoch obwohl obgleich weil da dass damit denn während wenn falls "
    "nachdem bevor bis sobald seit seitdem trotzdem deshalb deswegen dennoch".split()
)
# Negation does not cross these either (its scope is a part of a clause).
SCOPE_WORDS = frozenset("und oder sowie sowohl".split())

NEGATORS = frozenset(
    "nicht nie niemals kein keine keinen keinem keiner keines nichts kaum weder nirgends "
    "keineswegs keinesfalls ohne".split()
)
# Negators that only look backwards at what follows them closely ("ohne Angst").
FORWARD_ONLY_NEGATORS = frozenset({"ohne"})

# Strong-verb forms simplemma gets wrong, with the lemma they need.
LEMMA_FIXES = {
    "stand": "stehen",
    "standen": "stehen",
    "stands": "stehen",
}

ATTRIBUTIVE_ENDINGS = ("e", "en", "em", "er", "es")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    surface: str
    lower: str
    is_word: bool


def tokenize(text: str) -> list[Token]:
    out = []
    for match in TOKEN.finditer(text):
        surface = match.group()
        first = surface[0]
        out.append(
            Token(match.start(), match.end(), surface, surface.lower(), first.isalnum())
        )
    return out


_LEMMA_CACHE: dict[str, str] = {}


def lemma(word: str) -> str:
    """Lower-case German lemma of one word (cached; simplemma, no model download)."""
    cached = _LEMMA_CACHE.get(word)
    if cached is None:
        fixed = LEMMA_FIXES.get(word.lower())
        cached = fixed or simplemma.lemmatize(word, lang="de").lower()
        if len(_LEMMA_CACHE) < 500_000:
            _LEMMA_CACHE[word] = cached
    return cached


def base_keys(surface: str) -> tuple[str, ...]:
    """The lookup keys of one word: its lemmas and simple normalisations.

    The word is lemmatised as written (the engine adds the lower-case reading for a word
    at the start of a sentence). Feminine ``-in/-innen`` and a
    plural ``-s`` are stripped as extra keys, so that ``Dolmetscherin`` finds
    ``Dolmetscher``: the catalogue never needs gendered forms.
    """
    keys: list[str] = []
    low = surface.lower()
    # The lower-case spelling of a capitalised word is left out: "Gründen" is not "gründen".
    for candidate in (lemma(surface), low if surface == low else None):
        if candidate and candidate not in keys:
            keys.append(candidate)
    extra = []
    for key in keys:
        if key.endswith("innen") and len(key) > 8:
            extra.append(key[:-5])
        elif key.endswith("in") and len(key) > 6:
            extra.append(key[:-2])
        if key.endswith("s") and len(key) > 4:
            extra.append(key[:-1])
    for key in extra:
        if key not in keys:
            keys.append(key)
    if "-" in low or "‐" in low:
        head = re.split(r"[-‐]", surface)[-1]
        if head:
            for key in base_keys(head):
                if key not in keys:
                    keys.append(key)
    return tuple(keys)


def is_attributive(surface_lower: str, key: str) -> bool:
    """An inflected adjective before a noun ("fleißigen Bewerbens")."""
    if surface_lower == key or not surface_lower.startswith(key):
        return False
    return surface_lower[len(key) :] in ATTRIBUTIVE_ENDINGS


def clauses(tokens: list[Token]) -> list[tuple[int, int]]:
    """Half-open token ranges of clauses (punctuation tokens are dropped)."""
    out = []
    start = None
    for i, tok in enumerate(tokens):
        if not tok.is_word:
            if tok.surface in CLAUSE_PUNCT or tok.surface in "-":
                if start is not None:
                    out.append((start, i))
                    start = None
            continue
        if tok.lower in CLAUSE_WORDS and start is not None:
            out.append((start, i))
            start = None
        if start is None:
            start = i
    if start is not None:
        out.append((start, len(tokens)))
    return out


_GENDER_SUFFIXES = (("frauen", "mann"), ("männer", "mann"), ("frau", "mann"), ("leute", "mann"),
                    ("schwestern", "pfleger"), ("schwester", "pfleger"))


def fold_gender(word: str) -> str:
    """``altenpflegerin`` -> ``altenpfleger``, ``kauffrau`` -> ``kaufmann`` (lower case in)."""
    for suffix, neutral in _GENDER_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + neutral
    if word.endswith("innen") and len(word) > 8:
        return word[:-5]
    if word.endswith("in") and len(word) > 5:  # also the short ones: kundin, ärztin, köchin
        return word[:-2]
    return word


# Endings of masculine agent nouns whose female form adds -in (Fahrer, Student, Praktikant,
# Doktorand, Florist, Friseur, Autor, Soldat, Pilot, Sekretär, Notar, Chef).
AGENT_ENDINGS = ("er", "ent", "ant", "and", "ist", "eur", "or", "ör", "at", "ot", "är", "ar",
                 "ef")


def fold_gender_surface(surface: str) -> str:
    """The written word with its gender folded as ``fold_gender`` folds the lower-case one,
    the case kept (*Bandstanzerin* -> *Bandstanzer*, *Kauffrau* -> *Kaufmann*). Whatever looks
    at the written form of a noun (the morphology model's compound boundaries, the
    first-name test) looks at this one, so both forms of a person noun read alike.

    Unlike ``fold_gender`` (whose cut is harmless for a term: both forms of any word get the
    same one), a written word is folded only where the rest is an agent noun: *Termin*,
    *Medizin*, *Busführerschein* stay as written."""
    low = surface.lower()
    folded = fold_gender(low)
    if folded == low or not folded.endswith((*AGENT_ENDINGS, "mann")):
        return surface
    keep = 0
    while keep < min(len(low), len(folded)) and low[keep] == folded[keep]:
        keep += 1
    return surface[:keep] + folded[keep:]
