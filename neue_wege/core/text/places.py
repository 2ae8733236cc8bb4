"""Where a person comes from is never evidence: places, countries and nationality words.

``origin_positions(tokens)`` gives the indices of the word tokens that say where someone
comes from or lives, so that both assistants can leave them out (invariance under an
origin swap by construction, not by word lists of single stories):

- **countries** (German and English names, ISO 3166-1 / GeoNames: *Syrien, Türkei,
  Deutschland, Vereinigte Staaten*) wherever they stand;
- **nationality adjectives and language names** (*syrisch, türkische, Arabisch, deutsch*)
  in any ending, and **nationality nouns** (*Syrer, Türkin, Ukrainerinnen, Deutsche*)
  wherever they stand;
- **towns** (GeoNames, every town of 15,000 inhabitants or more, with German exonyms such as
  *Kiew, Charkiw*) only **in a place position**: right after a place preposition (*aus,
  in, nach, bei, von, bis, Richtung …*), after *Stadt/Kreis/Raum/Region …*, coordinated
  with such a place (*aus Essen und Hamm*), or as the apposition of an institution
  (*Jobcenter Essen*, *Stadtwerke Bochum*: a capitalised noun inside the sentence before a
  word the morphology reads as a proper name), or opening a sentence as a dateline or
  heading does (*Bochum – Seit …*, *Berlin Ostbahnhof.*). A town after an article is the
  common noun (*in der Halle*, *das Essen*). A name of several words (*Weil am Rhein, Bad
  Oeynhausen, Halle (Saale)*) counts wherever it stands. So *kam aus Essen* hides *Essen*,
  while *beim Essen helfen* still counts (*beim* is no place preposition).

The gazetteer is ``data/places_de.json.gz`` (built by ``scripts/build_place_names.py``;
sources and licences in ``data/SOURCE.md``), loaded once on first use.
"""

from __future__ import annotations

import gzip
import json
import threading
from functools import lru_cache
from pathlib import Path

from .tokens import Token

DATA = Path(__file__).resolve().parent / "data" / "places_de.json.gz"
# Prepositions after which a town name is a place ("aus Essen", "in Halle", "nach Hamm").
# Not "beim/zum/am": "beim Essen", "zum Essen" are the meal.
PLACE_PREPOSITIONS = frozenset(
    "aus in nach bei von bis ab über richtung nahe nähe um gen zwischen".split()
)
# Nouns after which a town name is a place ("im Kreis Borken", "die Stadt Essen").
PLACE_NOUNS = frozenset(
    "stadt städte städten kreis kreise kreisen landkreis landkreise raum region regionen "
    "gemeinde gemeinden großraum bezirk stadtteil ort orte orten hauptstadt heimatstadt "
    "heimatort standort standorte".split()
)
_SENTENCE_PUNCT = frozenset('.!?:;"„“”«»–—(')
# After a town at the start of a sentence these make it a dateline or a heading
# ("ESSEN. Die 34-Jährige …", "Bochum – Seit …", "Berlin Ostbahnhof. …").
_DATELINE_NEXT = frozenset(".,:–—-(/")
_COORDINATION = frozenset({"und", "oder", "sowie", ",", "bzw", "/"})
ADJECTIVE_ENDINGS = ("", "e", "en", "em", "er", "es")
# Person-noun endings of nationality nouns and the adjective endings they go with
# (Syr-er/syr-isch, Türk-e/türk-isch, Pol-e/pol-nisch, Span-ier/span-isch,
# Marokkan-er/marokkan-isch, Chines-e/chines-isch).
_NOUN_TO_ADJECTIVE = (
    ("ier", ("isch",)),
    ("er", ("isch", "anisch")),
    ("e", ("isch", "nisch", "esisch")),
)
# Derived forms that are ordinary words, not nationalities (Letter, Polier, Maler …).
NOT_DEMONYMS = frozenset("letter polier maler arme armee roman ester".split())
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, frozenset[str] | dict[str, list[tuple[str, ...]]]]:
    """The place lists, loaded once: countries, adjectives, nouns, single-word towns and
    multi-word places keyed by their first word."""
    with _LOCK:
        raw = json.loads(gzip.decompress(DATA.read_bytes()).decode("utf-8"))
    single: set[str] = set()
    multi: dict[str, list[tuple[str, ...]]] = {}
    for name in (*raw["cities"], *raw["countries"]):
        parts = tuple(name.replace("(", " ( ").replace(")", " ) ").split())
        if len(parts) == 1:
            single.add(name)
        else:
            multi.setdefault(parts[0], []).append(parts)
    for entries in multi.values():
        entries.sort(key=len, reverse=True)
    return {
        "countries": frozenset(c for c in raw["countries"] if " " not in c),
        "adjectives": frozenset(raw["origin_adjectives"]),
        "nouns": frozenset(raw["origin_nouns"]) - NOT_DEMONYMS,
        "towns": frozenset(single),
        "multi": multi,
    }


def _fold_female(low: str) -> str:
    if low.endswith("innen") and len(low) > 7:
        return low[:-5]
    if low.endswith("in") and len(low) > 4:  # also Polin, Russin
        return low[:-2]
    return low


def is_origin_word(surface: str) -> bool:
    """A country, a nationality adjective (any ending, any case) or a nationality noun
    (both genders, singular and plural)."""
    g = gazetteer()
    if surface in g["countries"]:
        return True
    low = surface.lower()
    for ending in ADJECTIVE_ENDINGS:
        if low.endswith(ending) and low[: len(low) - len(ending)] in g["adjectives"]:
            return True
    if not surface[:1].isupper():
        return False
    folded = _fold_female(low)
    candidates = {folded, folded[:-1] if folded.endswith(("n", "s")) else folded}
    if folded != low:
        candidates.add(folded + "e")  # Türkin -> Türke, Polin -> Pole, Russin -> Russe
    for noun in sorted(candidates):
        if noun in NOT_DEMONYMS:
            return False
        if noun in g["nouns"]:
            return True
        for ending, adjective_endings in _NOUN_TO_ADJECTIVE:
            if noun.endswith(ending) and len(noun) > len(ending) + 2:
                stem = noun[: -len(ending)]
                if any(stem + a in g["adjectives"] for a in adjective_endings):
                    return True
    return False


# Words before a capitalised noun that make it a common noun, not a town's apposition.
_DETERMINERS = frozenset(
    """der die das dem den des ein eine einen einem einer eines beim zum zur vom am im ins
    kein keine mein meine sein seine ihr ihre unser unsere""".split()
)


def _apposition(tokens: list[Token], words: list[int], n: int, town: str) -> bool:
    """A town right after the name of an institution ("Jobcenter Essen", "Stadtwerke
    Bochum", "Uniklinik Düsseldorf"): the word before is a capitalised noun inside the
    sentence (no determiner before the town), and the morphology reads the town as a proper
    name (HanTa tag ``NE``), so "Beim Kochen Lage …" or "Mittel" stay words."""
    if n < 2:
        return False
    before = tokens[words[n - 1]]
    if not before.surface[:1].isupper() or before.lower in _DETERMINERS:
        return False
    if words[n - 1] > 0 and tokens[words[n - 1] - 1].surface in ".!?:;\"„“”«»–—(":
        return False  # the word before starts a sentence: it may be an adverb or a verb
    return _proper_name(town)


def _dateline(tokens: list[Token], i: int, town: str) -> bool:
    """A town that opens a sentence and is followed by punctuation or a capitalised word,
    as datelines and headings are ("Bochum – Seit …", "Berlin Ostbahnhof."), and that the
    morphology reads as a proper name; "Essen ist wichtig" (a verb follows) stays a word."""
    if i > 0 and tokens[i - 1].surface not in _SENTENCE_PUNCT:
        return False
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1].surface
    if nxt not in _DATELINE_NEXT and not (nxt[:1].isupper() and tokens[i + 1].is_word):
        return False
    return _proper_name(town)


@lru_cache(maxsize=20_000)
def _proper_name(word: str) -> bool:
    from .compounds import tagger  # noqa: PLC0415 - HanTa, loaded once

    return tagger().analyze(word)[1] == "NE"


def origin_positions(tokens: list[Token]) -> set[int]:
    """Indices (into ``tokens``) of the words that say where someone comes from or lives."""
    g = gazetteer()
    towns, multi = g["towns"], g["multi"]
    out: set[int] = set()
    words = [i for i, t in enumerate(tokens) if t.is_word]
    n_tokens = len(tokens)
    place_after = -1  # index of the last token that ended a place (for coordination)
    for n, i in enumerate(words):
        tok = tokens[i]
        surface = tok.surface
        if i in out:
            continue
        if not surface[:1].isalpha():
            continue
        # multi-word places ("Weil am Rhein", "Halle (Saale)") wherever they stand
        matched = False
        for parts in multi.get(surface, ()):  # type: ignore[union-attr]
            k, j = 0, i
            while k < len(parts) and j < n_tokens and tokens[j].surface == parts[k]:
                k += 1
                j += 1
            if k == len(parts):
                out.update(m for m in range(i, j) if tokens[m].is_word)
                place_after = j - 1
                matched = True
                break
        if matched:
            continue
        if is_origin_word(surface):
            out.add(i)
            place_after = i
            continue
        head = surface.split("-")[0] if "-" in surface else surface
        if not head[:1].isupper() or head not in towns:
            continue
        previous = tokens[words[n - 1]].lower if n else ""
        before = tokens[i - 1].surface if i else ""
        if (
            previous in PLACE_PREPOSITIONS
            or _apposition(tokens, words, n, head)
            or _dateline(tokens, i, head)
            or previous in PLACE_NOUNS
            or (place_after >= 0 and (previous in _COORDINATION or before in _COORDINATION)
                and place_after >= i - 2)
        ):
            out.add(i)
            place_after = i
    return out
