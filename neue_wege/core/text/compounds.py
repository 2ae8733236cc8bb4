"""Compound boundaries from a morphological analysis (HanTa, the Hannover Tagger).

A compound is split only where HanTa's analysis of the written word puts a boundary
between two content morphemes (``Gebäudereinigung`` -> ``gebäude | reinigung``,
``Laiendolmetscherin`` -> ``laie | dolmetscher``). A word HanTa keeps whole is not split:
``Hilfskraft``, ``Mitternacht``, ``ebenfalls``, place names such as ``Oberhausen``; and a
string that only *looks* like a part is never one (no ``Bau`` in ``Bauchschmerzen``, no
``shelf`` in ``Hauswirtschaftshelferin``).

HanTa ships its German model in the wheel (no download, no network); it is loaded once per
process on first use (~0.5 s) and every word's analysis is cached. It costs 1–80 ms per
new word (growing with its length), so callers ask only about words that a cheap
vocabulary check has already found to be compound candidates, and words longer than
``MAX_LETTERS`` are left whole.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from .tokens import fold_gender_surface

# HanTa's segment tags for content morphemes; linking elements (FUGE), suffixes (SUF_*)
# and prefixes/particles (PREF_*, PTKVZ_SEP) are not parts of their own.
CONTENT_TAGS = ("NN", "NE", "ADJ", "VV", "VA", "VM", "ADV", "CARD")
_ATTACH_RIGHT = ("PREF", "PTKVZ")
# HanTa's cost grows with the word (≈1 ms for 10 letters, 20–80 ms for 20–30 letters on a
# busy machine); longer words are left whole so that no story can make a request slow.
MAX_LETTERS = 30

_TAGGER: Any = None
_LOCK = threading.Lock()


def tagger() -> Any:
    """The HanTa tagger with its German model (loaded once, thread-safe)."""
    global _TAGGER  # noqa: PLW0603
    if _TAGGER is None:
        with _LOCK:
            if _TAGGER is None:
                from HanTa import HanoverTagger  # noqa: PLC0415 - 0.5 s, only when needed

                _TAGGER = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    return _TAGGER


@lru_cache(maxsize=100_000)
def segments(word: str) -> tuple[str, ...]:
    """Lower-case content morphemes of ``word`` (one element when it is not a compound).

    ``Kindergarten`` -> ``("kind", "garten")``; ``Fachangestellte`` -> ``("fach",
    "anstell")`` (a particle joins the morpheme after it); ``Hilfskraft`` ->
    ``("hilfskraft",)``.

    A female person noun is analysed in its male form (``fold_gender_surface``): HanTa splits
    *Bandstanzer* but keeps *Bandstanzerin* whole, and both forms must read alike for every
    caller (the occupation engine's compound parts and first-name test, the strength core's
    compound heads).
    """
    word = fold_gender_surface(word)
    if not word or not word[0].isalpha() or len(word) > MAX_LETTERS:
        return (word.lower(),)
    _, parts, _ = tagger().analyze(word, taglevel=3)
    units: list[str] = []
    pending = ""
    for text, tag in parts:
        if tag.startswith(_ATTACH_RIGHT):
            pending += text
        elif tag.startswith(CONTENT_TAGS):
            units.append(pending + text)
            pending = ""
    return tuple(units) if len(units) > 1 else (word.lower(),)


def splits(word: str) -> tuple[tuple[str, str], ...]:
    """(first part, rest) at every real boundary of ``word``, longest head first."""
    units = segments(word)
    return tuple(("".join(units[:k]), "".join(units[k:])) for k in range(1, len(units)))
