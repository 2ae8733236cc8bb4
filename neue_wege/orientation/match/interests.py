"""Interests from a story, as a RIASEC vector (Holland codes, the order of O*NET).

Two general sources, both written once (not per story) and documented in
``docs/occupations.md``:

- word cues: a German word (lemma, gender folded, umlauts plain) that *starts with* a cue
  of at least five letters or *is* a shorter cue adds to its dimension ("Holz" -> R,
  "Menschen" -> S, "Büro" -> C);
- strengths: a suggested or accepted strength adds to the dimensions it usually goes with
  (``handwerkliches_geschick`` -> R, ``empathie`` -> S, ``organisationsfaehigkeit`` -> C).

The vector is normalised to length 1; all zeros when nothing was found.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache

RIASEC = ("R", "I", "A", "S", "E", "C")
RIASEC_NAMES = {
    "R": "praktisch-technisch",
    "I": "forschend",
    "A": "künstlerisch-kreativ",
    "S": "sozial",
    "E": "unternehmerisch",
    "C": "ordnend-verwaltend",
}
_ALIASES = {
    "realistic": "R", "investigative": "I", "artistic": "A", "social": "S",
    "enterprising": "E", "conventional": "C",
}

CUES: dict[str, tuple[str, ...]] = {
    "R": (
        "holz", "werkzeug", "maschin", "handwerk", "hand", "bauen", "baustell", "repar",
        "montag", "montier", "fahrzeug", "fahren", "fahrer", "lkw", "bus", "stapler",
        "lager", "garten", "draußen", "technik", "technisch", "elektr", "metall", "schraub",
        "tischler", "schreiner", "werkstatt", "führerschein", "motor", "anpacken",
        "körperlich", "putzen", "reinig", "kochen", "küche", "material", "produkt",
    ),
    "I": (
        "forsch", "analys", "wissenschaft", "untersuch", "experiment", "rätsel", "herausfind",
        "mathemat", "informatik", "programmier", "software", "logik", "medizin", "labor",
        "tüfteln", "studium", "studier", "komplex", "theorie",
    ),
    "A": (
        "kreativ", "gestalt", "kunst", "künstler", "musik", "design", "zeichn", "malen",
        "film", "fernseh", "theater", "foto", "mode", "idee", "grafik", "schmuck", "frisur",
        "schön",
    ),
    "S": (
        "mensch", "helfen", "hilfe", "unterstütz", "betreu", "pflege", "kind", "bewohner",
        "patient", "senior", "älter", "beraten", "beratung", "erzieh", "zuhören", "kümmern",
        "trösten", "ermutig", "freude", "gespräch", "begleit", "versorg", "kindergart",
        "schüler", "jugendlich", "sozial",
    ),
    "E": (
        "verkauf", "kunde", "handel", "einzelhandel", "selbstständig", "selbständig", "gründ",
        "leiten", "führen", "überzeug", "verhandel", "geschäft", "marketing", "verantwortung",
        "reise", "tourismus", "kauffrau", "kaufmann",
    ),
    "C": (
        "büro", "verwaltung", "akte", "ordnen", "ordnung", "sortier", "zahl", "rechnen",
        "buchhaltung", "kasse", "daten", "dokument", "formular", "tabelle", "computer",
        "planen", "termin", "sekretär", "behörde", "genau", "sorgfältig", "organisier",
        "geschäftsführung",
    ),
}

STRENGTH_RIASEC: dict[str, dict[str, float]] = {
    "handwerkliches_geschick": {"R": 1.0},
    "technisches_verstaendnis": {"R": 1.0, "I": 0.3},
    "koerperliche_belastbarkeit": {"R": 0.7},
    "mobilitaet": {"R": 0.3},
    "analytisches_denken": {"I": 1.0},
    "neugier": {"I": 0.5, "A": 0.2},
    "auffassungsgabe": {"I": 0.4},
    "problemloesefaehigkeit": {"I": 0.5, "R": 0.2},
    "zahlenverstaendnis": {"C": 0.6, "I": 0.4},
    "kreativitaet": {"A": 1.0},
    "empathie": {"S": 1.0},
    "hilfsbereitschaft": {"S": 1.0},
    "fuersorge": {"S": 1.0},
    "geduld": {"S": 0.4},
    "toleranz": {"S": 0.4},
    "teamfaehigkeit": {"S": 0.4},
    "interkulturelle_kompetenz": {"S": 0.5},
    "sprachkompetenz": {"S": 0.3, "A": 0.2},
    "kommunikationsfaehigkeit": {"S": 0.5, "E": 0.3},
    "kontaktfreude": {"S": 0.5, "E": 0.5},
    "freundlichkeit": {"S": 0.5, "E": 0.2},
    "beratung": {"S": 0.7, "E": 0.3},
    "kundenorientierung": {"E": 0.6, "S": 0.4},
    "unternehmergeist": {"E": 1.0},
    "fuehrung": {"E": 0.8},
    "initiative": {"E": 0.5},
    "organisationsfaehigkeit": {"C": 0.7, "E": 0.3},
    "sorgfalt": {"C": 0.7},
    "puenktlichkeit": {"C": 0.3},
    "ordnung_sauberkeit": {"C": 0.5, "R": 0.3},
    "umgang_mit_geld": {"C": 0.7, "E": 0.3},
    "digitale_kompetenz": {"C": 0.4, "I": 0.4},
}

STRENGTH_FACTOR = 0.5  # a strength counts half as much as a word cue of the same weight
_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_SHORT = {dim: frozenset(c.translate(_UMLAUT) for c in cues if len(c) < 5) for dim, cues in CUES.items()}
# Long cues are prefixes. A final "-e" is left off so that a person noun's female form,
# gender-folded like every word ("Kundin" -> "kund"), meets the cue of the male form
# ("Kunde"): the swap check found "Jobcenter-Kundin"/"-Kunde" giving different interests.
_LONG = {dim: tuple(c.translate(_UMLAUT).removesuffix("e") for c in cues if len(c) >= 5)
         for dim, cues in CUES.items()}


@lru_cache(maxsize=200_000)
def cue_dimensions(folded: str) -> tuple[str, ...]:
    """The RIASEC dimensions a word (lemma, gender folded) is a cue for (cached)."""
    word = folded.translate(_UMLAUT)
    return tuple(
        dim
        for dim in RIASEC
        if word in _SHORT[dim] or any(word.startswith(c) for c in _LONG[dim])
    )


def normalise(vector: Mapping[str, float]) -> dict[str, float]:
    length = math.sqrt(sum(v * v for v in vector.values()))
    if length == 0:
        return {dim: 0.0 for dim in RIASEC}
    return {dim: vector.get(dim, 0.0) / length for dim in RIASEC}


def parse_interests(raw: Mapping[str, float]) -> dict[str, float]:
    """Accepts ``{"S": 5, "C": 2}`` or full English names; negative values count as 0."""
    out = {dim: 0.0 for dim in RIASEC}
    for key, value in raw.items():
        dim = _ALIASES.get(str(key).strip().lower(), str(key).strip().upper()[:1])
        if dim not in out:
            raise ValueError(f"unknown RIASEC dimension {key!r}")
        out[dim] += max(0.0, float(value))
    return normalise(out)


def infer(folded_words: Iterable[str], strengths: Mapping[str, float]) -> tuple[dict[str, float], dict]:
    """(normalised RIASEC vector, raw counts per dimension) from words and strengths."""
    raw = {dim: 0.0 for dim in RIASEC}
    seen: set[str] = set()
    for word in folded_words:
        if word in seen:
            continue
        seen.add(word)
        for dim in cue_dimensions(word):
            raw[dim] += 1.0
    for strength_id, score in strengths.items():
        for dim, weight in STRENGTH_RIASEC.get(strength_id, {}).items():
            raw[dim] += STRENGTH_FACTOR * weight * score
    return normalise(raw), raw
