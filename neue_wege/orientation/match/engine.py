"""Ranking all ESCO occupations for a German story.

Three parts, each in 0..1, combined with fixed weights (``WEIGHTS``):

- **lexical** – the story's words (lemma, gender folded, light stem, compound parts at real
  boundaries; no stop phrases, no clause whose subject is another person) against
  each occupation's German labels, definition, German skill labels, ISCO group label and the
  KldB activities, with BM25 weights precomputed at load time in a sparse matrix;
- **strengths** – strengths suggested by the strength assistant the matcher is given (or
  accepted by the person) reach ESCO transversal skills through the catalogue's ESCO links, and from there
  the occupation skills below them in the ESCO skill hierarchy; rare strengths count more;
- **interests** – a RIASEC vector from word cues and strengths (or given by the person)
  against the occupation's O*NET interest profile (cosine of the centred profile).

A part with nothing to go on (no strengths, no interests) drops out and the other weights
are scaled up. The candidate rules (``candidates``) then remove what is never shown and
apply the person's qualification and limits. Names, pronouns and gendered nouns never
become terms, so swapping them does not change the ranking or the scores (tested). Both
assistants read a **canonical text** (``OccupationMatcher.canonical``): the person's names,
names found in the text, places in a place position, countries and nationality words are
replaced by a mask word first, so an origin or name swap gives the same text to read.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from scipy import sparse

from neue_wege.core.text import (
    check_language,
    clauses,
    compound_segments,
    compound_tagger,
    fold_gender_surface,
    foreign_spans,
    lemma,
    origin_positions,
    stop_positions,
    tokenize,
)

from . import interests as riasec
from .candidates import CandidateRules, parse_limits, parse_qualification
from .data import OccupationData, load_data
from .synonyms import REPLACED_BY_SYNONYMS, SYNONYM_WEIGHT, SYNONYMS
from .terms import (
    PART_WEIGHT,
    CompoundSplitter,
    family_positions,
    fold_gender,
    is_content_word,
    stem,
    word_stem,
    words,
)

WEIGHTS = {"lexical": 0.6, "strengths": 0.2, "interests": 0.2}
FIELD_WEIGHTS = {
    "label": 5.0,
    "definition": 0.7,
    "isco": 1.0,
    "skill_essential": 0.6,
    "skill_optional": 0.3,
    "kldb": 0.4,
    # the job titles the KldB assigns to the occupation's Berufsgattung ("Zugeordnete Berufe":
    # Fernfahrer, Putzhilfe, Raumpfleger …): everyday names of the same work
    "kldb_jobs": 1.0,
}
K1 = 1.2
B = 0.5
LEX_SCALE = 12.0  # lexical = 1 - exp(-bm25 / LEX_SCALE)
DEPTH_FACTOR = 0.85  # a skill one step below the strength's ESCO skill counts 85 %
OPTIONAL_FACTOR = 0.5
MAX_REASON_WORDS = 3
# Story compounds: HanTa is asked about nouns of at least SHORT_PART_WORD letters the index
# does not know, and morphemes of SHORT_PART letters (Bus, Zug) count as parts there.
SHORT_PART = 3
SHORT_PART_WORD = 7
FOCUS_WEIGHT = 2.0  # words of the person's vision ("Zielbild") count twice
# German requirement level (5th KldB digit: 1 Helfer, 2 Fachkraft, 3 Spezialist, 4 Experte)
# -> factor on the score. Most people leaving long-term unemployment start at levels 1-2;
# expert occupations (a university degree: lecturers, managers, scientists) need a story
# that names them clearly. The KldB level, not the ISCO major group: in Germany nurses and
# educators (ISCO 2) train in the dual/school system. Mild and uniform: it never depends
# on the person.
LEVEL_PRIOR = {"4": 0.85, "3": 0.95}
# Teaching occupations ("Lehrkraft für Musik", "Fahrlehrer", "Ausbilder …") share the words
# of their subject; a story about the subject (music, a driving licence) is not about
# teaching it. They count TEACHING_FACTOR unless the person mentions teaching.
TEACHING_ISCO = ("23", "5165")
TEACHING_FACTOR = 0.8
TEACHING_CUES = frozenset({
    "unterrichten", "unterricht", "lehren", "lehrer", "lehrerin", "lehrkraft", "dozent",
    "dozentin", "ausbilden", "beibringen", "nachhilfe", "schüler", "schülerin",
    "pädagogik", "didaktik", "referent", "kursleiter", "kursleiterin", "trainer", "trainerin",
})
MAX_PER_GROUP = 2  # occupations of one ISCO-08 unit group in a row before others get a turn
WISH_FACTOR = 1.5  # words of a sentence saying what the person likes or wishes
PAST_FACTOR = 0.5  # the former trade after "gelernte(r)", "ehemalige(r)"
PAST_SPAN = 3
PAST_MARKERS = ("gelernt", "ehemalig")
# lemmas (or lower-case words) that make a sentence one about likes and wishes
WISH_CUES = frozenset({
    "gern", "gerne", "lieben", "mögen", "spaß", "freude", "gefallen", "wunsch",
    "berufswunsch", "traum", "traumberuf", "träumen", "wünschen", "begeistern", "begeistert",
    "interessieren", "leidenschaft", "glücklich",
})
NEGATIONS = frozenset({"kein", "keine", "keinen", "keinem", "keiner", "nicht", "nie", "niemals"})
NUMBER_WORDS = frozenset(
    "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig fünfzig "
    "hundert tausend".split()
)
SAYING_VERBS = frozenset({"sagt", "erzählt", "berichtet", "erklärt", "betont", "meint", "so",
                          "ergänzt", "fügt", "lacht", "erinnert"})
QUOTE_ENDS = frozenset(',“"”«»\'')
MASK = "Xx"  # what a masked word (name, place, origin) becomes in the canonical text
NAME_TITLES = frozenset({"Herr", "Frau", "Herrn", "Dr.", "Dr"})
_SENTENCE_END = re.compile(r"[.!?;,]+(?=\s|$)")


@dataclass(frozen=True, slots=True)
class OccupationSuggestion:
    label: str
    isco08: str
    esco_uri: str
    kldb2010: str | None
    score: float
    reasons: tuple[str, ...]
    parts: dict[str, float]

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "isco08": self.isco08,
            "esco_uri": self.esco_uri,
            "kldb2010": self.kldb2010,
            "score": self.score,
            "reasons": list(self.reasons),
        }


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every span replaced by ``MASK`` (lower case for a lower-case word);
    of overlapping spans the first and longest wins (a hyphenated name and its parts)."""
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(MASK if text[start:start + 1].isupper() else MASK.lower())
        last = end
    out.append(text[last:])
    return "".join(out)


def _quote_list(items: list[str]) -> str:
    quoted = [f"„{i}“" for i in items]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " und " + quoted[-1]


class StrengthAssistant(Protocol):
    """What the matcher needs of a strength assistant: its catalogue (``strengths`` with
    ``id``, ``label`` and ``esco`` links, ``get(id)``) and suggestions (``id``, ``score``) for
    a text. ``neue_wege.strengths.suggest.Suggester`` is one; the two pure cores do not
    import each other, ``neue_wege.orientation.matcher`` puts them together."""

    catalogue: Any

    def suggest(self, text: str) -> Iterable[Any]: ...


def irregular_female_forms(data: OccupationData) -> dict[str, str]:
    """Female person nouns whose index term is not the male one's, from the data's own pairs
    (lower-case female form, singular and plural -> male form as written).

    ``fold_gender`` cuts *-in*: *Altenpflegerin* and *Altenpfleger* share a term. It cannot
    know *Zimmerin* -> *Zimmerer* (the cut leaves *Zimmer*, a room) or *Fluglotsin* ->
    *Fluglotse*; ESCO and the KldB write both forms of every title ("Zimmerer/Zimmerin"), so
    the pairs whose terms differ are taken from there. Only regular formations count
    (the male form minus at most two final letters begins the female one), so a misspelt
    half of a label (*Bestattunggehilfe/Bestattungsgehilfin*) pairs nothing."""
    pairs: dict[str, str] = {}
    for occ in data.occupations:
        for label in (occ.label, *occ.alt):
            halves = label.split("/")
            if len(halves) != 2:
                continue
            male_words, female_words = halves[0].split(), halves[1].split()
            if len(male_words) != len(female_words):
                continue
            for male, female in zip(male_words, female_words, strict=True):
                low = female.lower()
                if (not male[:1].isupper() or not low.endswith("in") or male == female
                        or len(male) < 4 or not low.startswith(male.lower()[:-2])):
                    continue
                male_term = word_stem(male)
                if male_term and word_stem(female) != male_term:
                    pairs[low] = male
                    pairs[low + "nen"] = male
    return pairs


class OccupationMatcher:
    """Built once from the data (about a second); ``suggest`` is then a few milliseconds.

    Without a strength assistant the strengths part drops out (and strength ids are unknown).
    """

    def __init__(self, data: OccupationData | None = None,
                 strengths: StrengthAssistant | None = None) -> None:
        self.data = data or load_data()
        self.strength_assistant = strengths
        self.catalogue = strengths.catalogue if strengths is not None else None
        self._male_forms = irregular_female_forms(self.data)
        self._build_lexical()
        self._replaced = {word_stem(w) for w in REPLACED_BY_SYNONYMS} - {None}
        self._synonyms: dict[str, list[str]] = defaultdict(list)
        for key, values in SYNONYMS.items():
            key_term = word_stem(key)
            for value in values:
                for surface, *_ in words(value):
                    term = word_stem(surface)
                    if key_term and term and term != key_term:
                        self._synonyms[key_term].append(term)
        self._build_strengths()
        self._build_interests()
        compound_tagger()  # the morphology model (~0.5 s) is loaded with the index, not later
        self._labels = [o.label for o in self.data.occupations]
        self._prior = np.array([LEVEL_PRIOR.get((o.kldb2010 or "")[4:5], 1.0)
                                for o in self.data.occupations])
        self.rules = CandidateRules(self.data)
        self._not_teaching = np.array([
            TEACHING_FACTOR if o.isco08.startswith(TEACHING_ISCO) else 1.0
            for o in self.data.occupations
        ])

    # --- building ---------------------------------------------------------------------
    def _counts(self, text: str) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for surface, *_ in words(text):
            term = word_stem(surface)
            if term:
                counts[term] += 1
                if surface[:1].isupper():
                    self._nouns.add(term)
        return counts

    def _build_lexical(self) -> None:
        data = self.data
        self._nouns: set[str] = set()  # terms written with a capital: only nouns are split
        self._story_parts: dict[tuple[str, str], tuple[str, ...]] = {}
        skill_counts: dict[int, dict[str, int]] = {}
        for index, skill in enumerate(data.skills):
            if skill.label_de:
                skill_counts[index] = self._counts(skill.label_de)
        kldb_counts = {
            code: self._counts(entry["title"] + ". " + entry["activities"])
            for code, entry in data.kldb.items()
        }
        kldb_job_counts = {
            code: self._counts(" . ".join(entry.get("jobs", ())))
            for code, entry in data.kldb.items()
        }
        isco_counts = {code: self._counts(label) for code, label in data.isco_groups.items()}
        fields_per_doc: list[list[tuple[float, dict[str, int]]]] = []
        self._label_terms: list[frozenset[str]] = []
        for occ in data.occupations:
            label_counts = self._counts(" . ".join((occ.label, *occ.alt)))
            fields = [
                (FIELD_WEIGHTS["label"], label_counts),
                (FIELD_WEIGHTS["definition"], self._counts(occ.definition)),
                (FIELD_WEIGHTS["isco"], isco_counts.get(occ.isco08, {})),
            ]
            if occ.kldb2010 and occ.kldb2010 in kldb_counts:
                fields.append((FIELD_WEIGHTS["kldb"], kldb_counts[occ.kldb2010]))
                fields.append((FIELD_WEIGHTS["kldb_jobs"], kldb_job_counts[occ.kldb2010]))
            for kind, skills in (("skill_essential", occ.essential), ("skill_optional", occ.optional)):
                merged: dict[str, int] = defaultdict(int)
                for s in skills:
                    for term in skill_counts.get(s, ()):
                        merged[term] += 1
                fields.append((FIELD_WEIGHTS[kind], merged))
            fields_per_doc.append(fields)
            self._label_terms.append(frozenset(label_counts))
        vocabulary = {t for fields in fields_per_doc for _, counts in fields for t in counts}
        self.splitter = CompoundSplitter(vocabulary)
        self._skill_terms = {i: frozenset(self._expand(c)) for i, c in skill_counts.items()}
        self._label_terms = [frozenset(self._expand(dict.fromkeys(t, 1))) for t in self._label_terms]

        term_index: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for d, fields in enumerate(fields_per_doc):
            weights: dict[str, float] = defaultdict(float)
            for field_weight, counts in fields:
                for term, value in self._expand(counts).items():
                    weights[term] += field_weight * value
            for term, value in weights.items():
                col = term_index.setdefault(term, len(term_index))
                rows.append(d)
                cols.append(col)
                vals.append(value)
        n_docs = len(fields_per_doc)
        raw = sparse.csr_matrix(
            (np.array(vals), (np.array(rows), np.array(cols))), shape=(n_docs, len(term_index))
        )
        lengths = np.asarray(raw.sum(axis=1)).ravel()
        norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1e-9))
        raw = raw.tocoo()
        saturated = raw.data * (K1 + 1) / (raw.data + norm[raw.row])
        self._bm25 = sparse.csc_matrix((saturated, (raw.row, raw.col)), shape=raw.shape)
        df = np.diff(self._bm25.indptr)
        self._idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        self._term_index = term_index

    def _expand(self, counts: Mapping[str, int],
                parts: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, float]:
        """Term weights (1 + log tf) plus compound parts at ``PART_WEIGHT``."""
        out: dict[str, float] = {}
        for term, count in counts.items():
            weight = 1.0 + math.log(count)
            out[term] = max(out.get(term, 0.0), weight)
            for part in self._parts(term, parts):
                out[part] = max(out.get(part, 0.0), PART_WEIGHT * weight)
        return out

    def _parts(self, term: str, story: Mapping[str, tuple[str, ...]] | None = None
               ) -> tuple[str, ...]:
        """Compound parts of an index term: the story's own (``story``, from
        ``story_parts``) or, for occupation texts, the index vocabulary's – nouns only
        (adjectives such as *politisch*, *zahlreich* are not compounds of *Tisch*, *Reich*)."""
        if story is not None:
            return story.get(term, ())
        return self.splitter.parts(term) if term in self._nouns else ()

    def story_parts(self, surface: str, term: str) -> tuple[str, ...]:
        """Parts of a story word, split only on real boundaries (see ``docs/occupations.md``).

        1. only nouns (a capital letter) are split;
        2. a compound the index knows as a whole word keeps its parts out
           (*Kindergarten* is matched as *Kindergarten*, not as *Garten*): the index
           matches it directly, its parts only reach other meanings;
        3. a candidate found by the index vocabulary is split where HanTa's morphological
           analysis has a boundary between content morphemes; the parts are the morphemes
           and their joins that are index terms (*Hauswirtschaftshelferin* -> *Helfer*,
           *Hauswirtschaft*, never *shelf*);
        4. a noun of at least ``SHORT_PART_WORD`` letters the vocabulary cannot split is
           asked too, and only its three-letter morphemes that are index nouns count
           (*Busführerschein* -> *Bus*; *Lichtenfels* stays whole).
        """
        key = (surface, term)
        cached = self._story_parts.get(key)
        if cached is not None:
            return cached
        parts: list[str] = []
        vocabulary_split = bool(self.splitter.parts(term))
        if (
            surface[:1].isupper()
            and term not in self._term_index
            and (vocabulary_split or len(term) >= SHORT_PART_WORD)
        ):
            units = compound_segments(surface)
            pieces = [*units]
            for k in range(1, len(units)):
                pieces += ["".join(units[:k]), "".join(units[k:])]
            for piece in pieces:
                for candidate in (stem(piece), stem(lemma(piece.capitalize()).lower())):
                    if (candidate != term and candidate in self._term_index
                            and ((vocabulary_split and candidate in self.splitter.vocabulary)
                                 or self._short_part(piece, candidate))
                            and candidate not in parts):
                        parts.append(candidate)
        result = tuple(parts)
        if len(self._story_parts) < 200_000:
            self._story_parts[key] = result
        return result

    def _short_part(self, piece: str, candidate: str) -> bool:
        """A three-letter morpheme at a real boundary (*Bus*führerschein, *Zug*begleiter) is
        a part when the index has it as a noun and it is no dropped word (*Tag*esablauf)."""
        return (len(candidate) == SHORT_PART and candidate in self._nouns
                and word_stem(piece.capitalize()) == candidate)

    def _build_strengths(self) -> None:
        data = self.data
        uri_index = {s.uri: i for i, s in enumerate(data.skills)}
        children: dict[int, list[int]] = defaultdict(list)
        for narrower, broader in data.skill_broader:
            children[broader].append(narrower)
        strengths = [s for s in self.catalogue.strengths if s.esco] if self.catalogue else []
        self._strength_ids = [s.id for s in strengths]
        self._strength_col = {s.id: k for k, s in enumerate(strengths)}
        # skill -> [(strength column, factor, German label of the strength's ESCO skill)]
        reach: dict[int, list[tuple[int, float, str]]] = defaultdict(list)
        for k, strength in enumerate(strengths):
            for link in strength.esco:
                root = uri_index.get(link.uri)
                if root is None:
                    continue
                frontier, depth, seen = [root], 0, {root}
                while frontier and depth <= 3:
                    for s in frontier:
                        reach[s].append((k, DEPTH_FACTOR**depth, link.label_de or strength.label))
                    frontier = [c for s in frontier for c in children.get(s, ()) if c not in seen]
                    seen.update(frontier)
                    depth += 1
        n = len(data.occupations)
        matrix = np.zeros((n, len(strengths)))
        best: dict[tuple[int, int], tuple[int, str]] = {}
        for o, occ in enumerate(data.occupations):
            for skills, relation in ((occ.essential, 1.0), (occ.optional, OPTIONAL_FACTOR)):
                for s in skills:
                    for k, factor, root_label in reach.get(s, ()):
                        value = relation * factor
                        if value > matrix[o, k]:
                            matrix[o, k] = value
                            best[(o, k)] = (s, root_label)
        df = (matrix > 0).sum(axis=0)
        self._strength_idf = np.where(df > 0, np.log(1 + n / np.maximum(df, 1)), 0.0)
        self._strength_matrix = matrix
        self._strength_best = best

    def _build_interests(self) -> None:
        rows = []
        for occ in self.data.occupations:
            if occ.riasec is None:
                rows.append(np.zeros(6))
                continue
            profile = np.array(occ.riasec, dtype=float)
            centred = profile - profile.mean()
            length = np.linalg.norm(centred)
            rows.append(centred / length if length else np.zeros(6))
        self._riasec = np.vstack(rows)

    # --- suggesting -------------------------------------------------------------------
    def suggest(  # noqa: PLR0913
        self,
        text: str,
        top: int = 10,
        strengths: Iterable[str] | None = None,
        interests: Mapping[str, float] | None = None,
        focus: str = "",
        check: bool = True,
        qualification: str | Iterable[str] | None = None,
        limits: Iterable[str] | None = None,
        names: Iterable[str] = (),
    ) -> list[OccupationSuggestion]:
        """Occupations for a German story, best first (raises ``LanguageError``).

        ``strengths``: ids the person accepted (replace the automatic suggestions);
        ``interests``: RIASEC scores the person gave (replace the ones read from the text);
        ``focus``: what the person wants (their vision, "Zielbild"): its words count
        ``FOCUS_WEIGHT`` times; ``check=False`` skips the language check (the caller has
        checked the texts; an empty text is then allowed when strengths or interests are
        given); ``qualification``: ids of the person's school and vocational qualification
        (``candidates.QUALIFICATIONS``; the requirement level must fit or a training path
        lead there); ``limits``: ids of what the person told us (``candidates.LIMITS``;
        conflicting occupations are lowered or removed). Unknown ids raise ``ValueError``.
        ``names``: the person's own first and last names where the caller knows them (the
        client record): they are never evidence, wherever they stand ("Bäcker", "Koch" as
        surnames), so a person's name cannot move the list.
        Occupations of rule 1 (``candidates.EXCLUSION_RULES``) are never returned.
        """
        qualification_ = parse_qualification(qualification)
        limits_ = parse_limits(limits)
        if check:
            check_language(text if not focus else f"{text}\n{focus}")
        name_set = frozenset(  # whole names and their parts ("Al-Hassan", "Al", "Hassan")
            p for n in names for w in n.split() for p in (w, *re.split(r"[\-‐]+", w)) if p)
        # everything below reads the canonical text: names, places and origin words are
        # masked, so swapping them cannot change what the assistants see
        text = self.canonical(text, name_set)
        focus = self.canonical(focus, name_set) if focus.strip() else focus
        if strengths is None:
            assistant = self.strength_assistant
            strength_scores = ({s.id: s.score for s in assistant.suggest(text)}
                               if text.strip() and assistant is not None else {})
        else:
            strength_scores = {}
            for strength_id in strengths:
                if self.catalogue is None:
                    raise KeyError(strength_id)
                self.catalogue.get(strength_id)  # KeyError for unknown ids
                strength_scores[strength_id] = 1.0

        query, surfaces, folded_words = self.query(text, name_set)
        focus_terms: set[str] = set()
        if focus.strip():
            f_query, f_surfaces, f_folded = self.query(focus, name_set)
            for term, weight in f_query.items():
                if FOCUS_WEIGHT * weight > query.get(term, 0.0):
                    query[term] = FOCUS_WEIGHT * weight
                    focus_terms.add(term)
                    surfaces[term] = f_surfaces.get(term, term)
            folded_words = folded_words + f_folded

        n = len(self.data.occupations)
        parts: dict[str, np.ndarray] = {}
        if query:
            cols = np.array([self._term_index[t] for t in query])
            q = np.array([w for w in query.values()]) * self._idf[cols]
            bm25 = self._bm25[:, cols] @ q
            parts["lexical"] = 1 - np.exp(-bm25 / LEX_SCALE)
        else:
            cols, q = np.array([], dtype=int), np.array([])
            if text.strip() or focus.strip():
                parts["lexical"] = np.zeros(n)  # a story without content words: weak

        s_vec = np.zeros(len(self._strength_ids))
        for strength_id, score in strength_scores.items():
            k = self._strength_col.get(strength_id)
            if k is not None:
                s_vec[k] = score * self._strength_idf[k]
        if s_vec.sum() > 0:
            parts["strengths"] = self._strength_matrix @ s_vec / s_vec.sum()

        if interests is not None:
            u = riasec.parse_interests(interests)
        else:
            u, _ = riasec.infer(folded_words, strength_scores)
        u_vec = np.array([u[d] for d in riasec.RIASEC])
        if u_vec.any():
            parts["interests"] = np.clip(self._riasec @ u_vec, 0.0, 1.0)

        if not parts:
            return []
        total_weight = sum(WEIGHTS[p] for p in parts)
        score = sum(WEIGHTS[p] * v for p, v in parts.items()) / total_weight * self._prior
        if not any(w in TEACHING_CUES for w in folded_words):
            score = score * self._not_teaching
        score, extra_reasons = self.rules.apply(score, text, qualification_, limits_)
        rounded = np.round(score, 3)
        order = self._diverse_top(rounded, max(top, 0))
        out = []
        for o in order:
            occ = self.data.occupations[o]
            part_values = {p: round(float(v[o]), 3) for p, v in parts.items()}
            reasons = self._reasons(o, query, cols, q, surfaces, s_vec, strength_scores, u, parts,
                                    focus_terms)
            reasons.extend(extra_reasons(o))
            out.append(
                OccupationSuggestion(
                    label=occ.label,
                    isco08=occ.isco08,
                    esco_uri=occ.uri,
                    kldb2010=occ.kldb2010,
                    score=float(rounded[o]),
                    reasons=tuple(reasons),
                    parts=part_values,
                )
            )
        return out

    def _diverse_top(self, rounded: np.ndarray, top: int) -> list[int]:
        """The best ``top`` occupations, at most ``MAX_PER_GROUP`` of one ISCO-08 unit group
        before the others get their turn (so five variants of one job do not fill the list)."""
        labels = self._labels
        candidates = np.argsort(-rounded, kind="stable")[: max(top * 8, 200)]
        ranked = sorted((int(i) for i in candidates), key=lambda i: (-rounded[i], labels[i]))
        chosen: list[int] = []
        held: list[int] = []
        per_group: dict[str, int] = defaultdict(int)
        for i in ranked:
            if len(chosen) == top or rounded[i] < 0:  # below 0: removed by a rule
                break
            group = self.data.occupations[i].isco08
            if per_group[group] < MAX_PER_GROUP:
                per_group[group] += 1
                chosen.append(i)
            else:
                held.append(i)
        chosen.extend(held[: top - len(chosen)])
        return chosen

    def query(
        self, text: str, names: frozenset[str] = frozenset()
    ) -> tuple[dict[str, float], dict[str, str], list[str]]:
        """(index term -> weight, term -> story word, folded lemmas of all words).

        Words of a sentence that says what the person likes or wishes (``WISH_CUES``) count
        ``WISH_FACTOR`` times; the few words right after "gelernte(r)/ehemalige(r)" (a
        former trade, often the one they leave) count ``PAST_FACTOR`` times.
        """
        tokens = words(text)
        family = family_positions(tokens) | self.name_positions(text, tokens)
        if names:
            family |= {i for i, (surface, *_) in enumerate(tokens) if surface in names}
        skipped = self._not_evidence(text)
        sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        wish_sentences: set[int] = set()
        sentence_of: list[int] = []
        past_until = -1
        past: set[int] = set()
        for i, (surface, start, _, _) in enumerate(tokens):
            sentence = bisect.bisect_right(sentence_ends, start)
            sentence_of.append(sentence)
            low = surface.lower()
            if (lemma(surface) in WISH_CUES or low in WISH_CUES) and not any(
                t[0].lower() in NEGATIONS for t in tokens[max(0, i - 3) : i]
            ):
                wish_sentences.add(sentence)
            if low.startswith(PAST_MARKERS):
                past_until = i + PAST_SPAN
            elif i <= past_until:
                past.add(i)
        counts: dict[str, int] = defaultdict(int)
        factor: dict[str, float] = {}
        surfaces: dict[str, str] = {}
        folded_words: list[str] = []
        parts: dict[str, tuple[str, ...]] = {}
        for i, (surface, start, _, sentence_start) in enumerate(tokens):
            if i in family or skipped(start):
                continue
            written = surface
            surface = self._male_forms.get(surface.lower(), surface)  # Zimmerin: Zimmerer
            folded_words.append(fold_gender(lemma(surface)))
            if not is_content_word(surface, sentence_start):
                continue
            term = word_stem(surface)
            if term:
                counts[term] += 1
                surfaces.setdefault(term, written)
                if term not in parts:
                    # a licence inside a compound stands for the activity, like the word
                    # alone (only its synonyms count)
                    parts[term] = tuple(p for p in self.story_parts(surface, term)
                                        if p not in self._replaced)
                f = (WISH_FACTOR if sentence_of[i] in wish_sentences else 1.0) * (
                    PAST_FACTOR if i in past else 1.0)
                factor[term] = max(factor.get(term, 0.0), f)
        expanded = self._expand(
            {t: c for t, c in counts.items() if t not in self._replaced}, parts
        )
        if any(f != 1.0 for f in factor.values()):
            for term, f in factor.items():
                if f == 1.0:
                    continue
                for t in (term, *parts.get(term, ())):
                    if t in expanded:
                        expanded[t] *= f
        for term in list(counts):
            # a compound part brings its synonyms too, at the part's weight
            # ("Busführerschein" -> Bus -> Omnibus, Busfahrer; Führerschein -> Fahrer)
            sources = [(term, 1.0)] + [(p, PART_WEIGHT) for p in parts.get(term, ())]
            for source, part_factor in sources:
                for synonym in self._synonyms.get(source, ()):
                    for t, w in self._expand({synonym: 1}).items():
                        if expanded.get(t, 0.0) < SYNONYM_WEIGHT * part_factor * w:
                            expanded[t] = SYNONYM_WEIGHT * part_factor * w
                            surfaces.setdefault(t, surfaces[term])
        query = {t: w for t, w in expanded.items() if t in self._term_index}
        for term in query:
            if term not in surfaces:  # a compound part: show the word it came from
                surfaces[term] = next(
                    (surfaces[t] for t in counts if term in parts.get(t, ())), term
                )

        return query, surfaces, folded_words

    def canonical(self, text: str, names: frozenset[str] = frozenset()) -> str:
        """The text with every word that names a person or says where someone comes from
        replaced by ``MASK`` (``Xx``, or ``xx`` for a lower-case word): the person's own
        ``names``, the names ``name_positions`` finds, and the text core's
        ``origin_positions`` (countries, nationality words, towns in a place position).
        The mask is a word of its own (clauses and sentence starts stay as they were) that
        is no term, no strength cue and no person noun, so a story and its swapped variant
        (other names, places, origins) read the same for both assistants."""
        # places and origin words first: a masked "Türkischen" can then not pass for a
        # first name and make "Bahn" in "der Türkischen Bahn" a surname
        core_tokens = tokenize(text)
        text = _mask(text, [(core_tokens[i].start, core_tokens[i].end)
                            for i in origin_positions(core_tokens)])
        tokens = words(text)
        positions = self.name_positions(text, tokens, names)
        if names:
            positions |= {i for i, (surface, *_) in enumerate(tokens) if surface in names}
        return _mask(text, [(tokens[i][1], tokens[i][2]) for i in positions])

    def name_positions(self, text: str, tokens: list[tuple[str, int, int, bool]],
                       names: frozenset[str] = frozenset()) -> set[int]:
        """Indices of the words that name a person: a capitalised word right after a
        capitalised word the index does not know (a first name: *Marco Leister*, *Michael
        Bosch*) or after *Herr/Frau*, and that word again wherever it stands alone
        (*Leister berichtet*). Surnames are ordinary words (*Leister* -> Leistung, *Bosch*,
        *Kindermann* -> Kinder); they say nothing about the person's work.

        Each of the person's own ``names`` counts as a first name, whatever it looks like:
        whether "Müller" (a word in *-er*, not first-name-like) or "Krause" stands before a
        capitalised word must not decide whether that word is read (a name swap would move
        it); so the word after an own name is always taken for a further name."""
        surnames: set[str] = set()
        firsts: set[int] = set()
        for i in range(1, len(tokens)):
            surface, start = tokens[i][0], tokens[i][1]
            previous, _, previous_end, _ = tokens[i - 1]
            if not (surface[:1].isupper() and surface.isalpha() and not surface.isupper()):
                continue
            if (
                previous[:1].isupper()
                and text[previous_end:start].isspace()
                and (previous in NAME_TITLES or previous in names
                     or self._first_name_like(previous))
            ):
                surnames.add(surface)
                firsts.add(i - 1)
            elif (  # the speaker after a quotation: "…“, sagt Kindermann
                previous.lower() in SAYING_VERBS
                and text[:tokens[i - 1][1]].rstrip()[-1:] in QUOTE_ENDS
                and word_stem(surface) is not None
            ):
                surnames.add(surface)
        if not surnames:
            return set()
        return firsts | {i for i, (surface, *_) in enumerate(tokens) if surface in surnames}

    def _first_name_like(self, word: str) -> bool:
        """A word that may be a first name: a capitalised word that is not dropped (function,
        number, context words), not an abbreviation, unknown to the index and no compound
        of index words (*Entsorgungsunternehmen*), and no place adjective (*Landsberger*)."""
        # a female person noun is read like the male one (*Bandstanzerin* like *Bandstanzer*,
        # *Zimmerin* like *Zimmerer*): its term decides whether it is dropped or known, the
        # folded written form whether it ends in -er or is a compound for the morphology model
        male = self._male_forms.get(word.lower(), word)
        folded = fold_gender_surface(male)
        low = folded.lower()
        if len(word) < 3 or word.isupper() or low.endswith("er") or low in NUMBER_WORDS:
            return False
        term = word_stem(male)
        return (term is not None and term not in self._term_index
                and not self.splitter.parts(term) and len(compound_segments(folded)) == 1)

    @staticmethod
    def _not_evidence(text: str) -> Callable[[int], bool]:
        """Whether the word at a character offset is no evidence: a stop phrase or a clause
        whose subject is another person (the shared text core's rules)."""
        core_tokens = tokenize(text)
        stops = {core_tokens[i].start for i in stop_positions(core_tokens)}
        foreign = foreign_spans(core_tokens, clauses(core_tokens))
        starts = [a for a, _ in foreign]

        def skipped(offset: int) -> bool:
            if offset in stops:
                return True
            k = bisect.bisect_right(starts, offset) - 1
            return k >= 0 and foreign[k][0] <= offset < foreign[k][1]

        return skipped

    # --- reasons ----------------------------------------------------------------------
    def _reasons(self, o, query, cols, q, surfaces, s_vec, strength_scores, u, parts,  # noqa: ANN001, PLR0913
                 focus_terms=frozenset()) -> list[str]:
        reasons: list[str] = []
        occ = self.data.occupations[o]
        if len(cols):
            contributions = self._bm25[o, cols].toarray().ravel() * q
            terms = list(query)
            ranked = sorted(
                (i for i in range(len(terms)) if contributions[i] > 0),
                key=lambda i: (-contributions[i], terms[i]),
            )
            shown: list[str] = []
            shown_terms: list[str] = []
            for i in ranked:
                surface = surfaces[terms[i]]
                if surface not in shown:
                    shown.append(surface)
                    shown_terms.append(terms[i])
                if len(shown) == MAX_REASON_WORDS:
                    break
            from_focus = [w for w, t in zip(shown, shown_terms, strict=True) if t in focus_terms]
            if from_focus:
                reasons.append(
                    f"In Ihrem Zielbild schreiben Sie {_quote_list(from_focus)} – das passt zu "
                    "diesem Beruf."
                )
            shown_terms = [t for w, t in zip(shown, shown_terms, strict=True) if w not in from_focus]
            shown = [w for w in shown if w not in from_focus]
            in_label = [w for w, t in zip(shown, shown_terms, strict=True) if t in self._label_terms[o]]
            rest = [(w, t) for w, t in zip(shown, shown_terms, strict=True) if w not in in_label]
            if in_label:
                reasons.append(
                    f"Sie erzählen von {_quote_list(in_label)} – das steckt in der "
                    "Berufsbezeichnung."
                )
            if rest:
                rest_terms = {t for _, t in rest}
                skill = next(
                    (
                        self.data.skills[s].label_de
                        for s in (*occ.essential, *occ.optional)
                        if self._skill_terms.get(s, frozenset()) & rest_terms
                    ),
                    None,
                )
                where = (
                    f"zur Fähigkeit „{skill}“ dieses Berufs"
                    if skill
                    else "zur Beschreibung dieses Berufs"
                )
                lead = "Auch" if in_label else "Sie erzählen von"
                verb = "passt" if len(rest) == 1 else "passen"
                if in_label:
                    reasons.append(f"Auch {_quote_list([w for w, _ in rest])} {verb} {where}.")
                else:
                    reasons.append(
                        f"{lead} {_quote_list([w for w, _ in rest])} – das passt {where}."
                    )
        if "strengths" in parts:
            contributions = self._strength_matrix[o] * s_vec
            for k in np.argsort(-contributions, kind="stable")[:2]:
                if contributions[k] <= 0:
                    break
                strength = self.catalogue.get(self._strength_ids[k])
                skill_index, root_label = self._strength_best[(o, int(k))]
                skill_label = self.data.skills[skill_index].label_de or root_label
                reasons.append(
                    f"Ihre Stärke „{strength.label}“ passt zur Fähigkeit „{skill_label}“ "
                    "dieses Berufs."
                )
        if "interests" in parts and parts["interests"][o] >= 0.5 and occ.riasec:
            mine = [d for d in sorted(riasec.RIASEC, key=lambda d: -u[d]) if u[d] > 0][:2]
            theirs = sorted(range(6), key=lambda i: -occ.riasec[i])[:2]
            reasons.append(
                "Ihre Interessen ("
                + " und ".join(riasec.RIASEC_NAMES[d] for d in mine)
                + ") passen zum Interessenprofil dieses Berufs ("
                + " und ".join(riasec.RIASEC_NAMES[riasec.RIASEC[i]] for i in theirs)
                + ")."
            )
        return reasons
