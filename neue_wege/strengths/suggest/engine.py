"""Matching the catalogue's indicators against a story and ranking the strengths.

How a story becomes suggestions:

1. the language check rejects empty, binary and non-German input;
2. the text is cut into tokens with character offsets, clauses (punctuation and
   conjunctions such as *aber*, *weil*) and negation scopes (clauses cut again at *und*);
3. every word gets lookup keys: simplemma lemmas, gender/plural normalisations, the head
   of a hyphenated word, the head of a compound that ends in a catalogue word
   (``Laiendolmetscherin`` -> ``dolmetscher``), and separable verbs put back together
   (``gab ... auf`` -> ``aufgeben``, ``drangeblieben`` -> ``dranbleiben``);
4. single-word and multi-word indicators are matched inside a clause; a negated indicator
   does not count ("nie zuverlässig"), while indicators marked ``negated`` count *only*
   when negated ("nicht aufgegeben", "nie zu schade");
5. who did what (shared text core): a clause whose subject is another person ("die Kinder
   lachten", "der Vater bat mich, ... zu organisieren") is no evidence, except a quality
   tied to the writer by a possessive ("lobte ihren Fleiß", 30 %); stop phrases ("zum
   Beispiel", "am Ende") are never evidence; a compound head counts only at a real
   morpheme boundary (HanTa);
6. per strength the weights add up with diminishing returns into a score in 0..1.

Names, pronouns and gendered nouns play no part in any of these steps, so swapping them
does not change ids or scores (tested).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from neue_wege.core.text import (
    GERMAN_FUNCTION_WORDS,
    NEGATORS,
    OTHER,
    SCOPE_WORDS,
    Token,
    base_keys,
    check_language,
    clause_owners,
    clauses,
    compound_splits,
    is_attributive,
    lemma,
    stop_positions,
    tokenize,
)

from .catalogue import Catalogue, Indicator, Strength, load_catalogue

OTHER_PERSON_FACTOR = 0.3  # another person names the writer's quality ("lobte ihren Fleiß")
# Possessives that tie a quality to the writer (or the protagonist of a third-person story)
# inside a clause whose subject is someone else; both gender forms on purpose.
POSSESSIVES = frozenset(
    """
    mein meine meinen meinem meiner meines unser unsere unseren unserem unserer sein seine
    seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres
    """.split()
)
NOT_NEGATING_AFTER = {"nicht": frozenset({"nur", "zuletzt", "umsonst", "selten"})}
SENTENCE_START_AFTER = frozenset('.!?:;"„“”«»–—(')
PHRASE_WINDOW = 8
COMPOUND_MIN_STEM = 6
COMPOUND_MIN_PREFIX = 3
COMPOUND_FACTOR = 0.8
COMPOUND_BAD_PREFIXES = frozenset({"nicht", "miss", "schein"})
DECAY = 0.7  # every further piece of evidence for the same strength counts 70 % of the last
STEEPNESS = 1.5  # score = 1 - exp(-STEEPNESS * raw)
MIN_SCORE = 0.3
MAX_EVIDENCE = 6


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    label: str
    score: float
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "score": self.score,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class _Phrase:
    strength: int
    indicator: Indicator
    words: tuple[frozenset[str], ...]
    anchor: int  # index of the word used for the index lookup


@dataclass(slots=True)
class _Match:
    strength: int
    indicator: Indicator
    tokens: tuple[int, ...]
    weight: float


@dataclass(slots=True)
class _Compiled:
    singles: dict[str, list[tuple[int, Indicator]]] = field(default_factory=dict)
    phrases: dict[str, list[_Phrase]] = field(default_factory=dict)
    separable: dict[str, dict[str, str]] = field(default_factory=dict)  # particle -> base -> full
    compound_stems: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()  # every key some indicator can match


def _word_keys(word: str) -> frozenset[str]:
    if "|" in word:
        particle, base = word.lower().split("|", 1)
        return frozenset({particle + base})
    low = word.lower()
    # Lower-case words are written as lemmas already; lemmatising them again would turn
    # adjectives into verbs ("gelassen" -> "lassen"). Nouns may be written inflected.
    return frozenset({low, lemma(word)}) if word[:1].isupper() else frozenset({low})


def _compile(catalogue: Catalogue) -> _Compiled:
    compiled = _Compiled()
    stems: set[str] = set()
    for index, strength in enumerate(catalogue.strengths):
        for indicator in strength.indicators:
            words = indicator.text.split()
            for word in words:
                if "|" in word:
                    particle, base = word.lower().split("|", 1)
                    by_base = compiled.separable.setdefault(particle, {})
                    for key in {base, lemma(base)}:
                        by_base[key] = particle + base
            keysets = tuple(_word_keys(w) for w in words)
            if len(words) == 1:
                for key in keysets[0]:
                    compiled.singles.setdefault(key, []).append((index, indicator))
                    if (
                        key == words[0].lower()
                        and len(key) >= COMPOUND_MIN_STEM
                        and indicator.weight >= 0.5
                        and indicator.polarity == "positive"
                    ):
                        stems.add(key)
                continue
            anchor = 0
            if not indicator.adjacent:
                for i, word in enumerate(words):
                    if word.lower() not in GERMAN_FUNCTION_WORDS:
                        anchor = i
                        break
            phrase = _Phrase(index, indicator, keysets, anchor)
            for key in keysets[anchor]:
                compiled.phrases.setdefault(key, []).append(phrase)
    compiled.compound_stems = frozenset(stems)
    known: set[str] = set(compiled.singles) | set(compiled.phrases)
    for phrase_list in compiled.phrases.values():
        for phrase in phrase_list:
            for keyset in phrase.words:
                known |= keyset
    compiled.known = frozenset(known)
    return compiled


class Suggester:
    """Holds a compiled catalogue; create once and reuse (thread-safe for reading)."""

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self.catalogue = catalogue or load_catalogue()
        self._compiled = _compile(self.catalogue)
        self._keys: dict[str, tuple[str, ...]] = {}

    # --- per-word keys --------------------------------------------------------------
    def keys(self, surface: str) -> tuple[str, ...]:
        cached = self._keys.get(surface)
        if cached is not None:
            return cached
        compiled = self._compiled
        keys = list(base_keys(surface))
        low = surface.lower()
        # Separable verb written as one word with ge-/zu- inside (drangeblieben, durchzuhalten).
        for particle, by_base in compiled.separable.items():
            if low.startswith(particle) and len(low) > len(particle) + 3:
                rest = low[len(particle) :]
                candidates = [rest, lemma(rest)]
                if rest.startswith("zu"):
                    candidates.append(lemma(rest[2:]))
                if rest.startswith("ge"):
                    candidates.append(lemma(rest[2:]))
                for candidate in candidates:
                    full = by_base.get(candidate)
                    if full and full not in keys:
                        keys.append(full)
        known = compiled.known
        # Inflected adjective simplemma does not know ("hilfsbereite" -> "hilfsbereit").
        if not any(k in known for k in keys) and low == surface:
            for ending in ("en", "em", "er", "es", "e"):
                stem = low[: -len(ending)]
                if low.endswith(ending) and len(stem) >= 4 and stem in known:
                    keys.append(stem)
                    break
        # Compound whose head is a catalogue word (Laiendolmetscherin -> dolmetscher).
        if not any(k in compiled.singles for k in keys):
            for key in list(keys):
                for cut in range(COMPOUND_MIN_PREFIX, len(key) - COMPOUND_MIN_STEM + 1):
                    head = key[cut:]
                    if (
                        head in compiled.compound_stems
                        and key[:cut] not in COMPOUND_BAD_PREFIXES
                        and self._real_head(surface, head)
                    ):
                        keys.append("\x00" + head)  # marks a compound head (weighted down)
                        break
        result = tuple(keys)
        if len(self._keys) < 500_000:
            self._keys[surface] = result
        return result

    @staticmethod
    def _real_head(surface: str, head: str) -> bool:
        """The head starts at a real morpheme boundary of the word (HanTa's analysis):
        *Laiendolmetscherin* has *Dolmetscher*; a word HanTa keeps whole has no head (a female
        person noun is analysed in its male form: ``compound_segments``)."""
        for _, rest in compound_splits(surface):
            if rest.startswith(head) and len(rest) - len(head) <= 3:
                return True
        return False

    # --- analysis -------------------------------------------------------------------
    def suggest(self, text: str, limit: int | None = None) -> list[Suggestion]:
        check_language(text)
        tokens = tokenize(text)
        matches = self._matches(tokens)
        return self._rank(text, tokens, matches, limit)

    def _matches(self, tokens: list[Token]) -> list[_Match]:
        compiled = self._compiled
        singles = compiled.singles
        phrases = compiled.phrases
        out: list[_Match] = []
        spans = clauses(tokens)
        stops = stop_positions(tokens)
        for (c_start, c_end), owner in zip(spans, clause_owners(tokens, spans), strict=True):
            words = [i for i in range(c_start, c_end) if tokens[i].is_word]
            if not words:
                continue
            token_keys: dict[int, tuple[str, ...]] = {}
            for i in words:
                if i in stops:
                    token_keys[i] = ()
                    continue
                surface = tokens[i].surface
                keys = self.keys(surface)
                if i == 0 or tokens[i - 1].surface in SENTENCE_START_AFTER:
                    # A capitalised word at the start of a sentence may be an adjective.
                    low = tokens[i].lower
                    if low != surface:
                        keys = (*keys, *(k for k in self.keys(low) if k not in keys))
                token_keys[i] = keys
            span_end: dict[tuple[int, str], int] = {}
            # Negation scopes (the clause cut at "und"/"oder") and negators.
            scope: dict[int, int] = {}
            negators: list[int] = []
            current = 0
            for n, i in enumerate(words):
                low = tokens[i].lower
                if low in SCOPE_WORDS:
                    current += 1
                scope[i] = current
                if low in NEGATORS:
                    nxt = tokens[words[n + 1]].lower if n + 1 < len(words) else ""
                    if nxt not in NOT_NEGATING_AFTER.get(low, ()):
                        negators.append(i)
            # Separable verb with its particle at the end of its clause part
            # ("gab nie auf", "zog die Sache durch und ...").
            for n, p in enumerate(words):
                by_base = compiled.separable.get(tokens[p].lower)
                if not by_base or n == 0:
                    continue
                if n + 1 < len(words) and tokens[words[n + 1]].lower not in SCOPE_WORDS:
                    continue
                for i in words[:n]:
                    if scope[i] != scope[p]:
                        continue
                    for key in token_keys[i]:
                        full = by_base.get(key)
                        if full and full not in token_keys[i]:
                            token_keys[i] = (*token_keys[i], full)
                            span_end[(i, full)] = p
            other = owner == OTHER
            # Index: key -> token positions in this clause (for phrases).
            positions: dict[str, list[int]] | None = None
            for i in words:
                for key in token_keys[i]:
                    weight_factor = self._owner_factor(other, tokens, i)
                    lookup = key
                    if key.startswith("\x00"):
                        lookup = key[1:]
                        weight_factor *= COMPOUND_FACTOR
                    for strength, indicator in singles.get(lookup, ()) if weight_factor else ():
                        end = span_end.get((i, key), i)
                        toks = (i, end) if end != i else (i,)
                        attributive = is_attributive(tokens[i].lower, lookup)
                        ok, toks = self._polarity(
                            indicator, toks, tokens, scope, negators, attributive
                        )
                        if ok:
                            out.append(
                                _Match(strength, indicator, toks, indicator.weight * weight_factor)
                            )
                    for phrase in phrases.get(key, ()):
                        if positions is None:
                            positions = {}
                            for j in words:
                                for k in token_keys[j]:
                                    positions.setdefault(k, []).append(j)
                        found = self._phrase_at(phrase, i, words, token_keys, positions, scope)
                        if found is None:
                            continue
                        found_ext = list(found)
                        for j in found:
                            for k in token_keys[j]:
                                if (j, k) in span_end:
                                    found_ext.append(span_end[(j, k)])
                        attributive = any(
                            is_attributive(tokens[j].lower, k)
                            for j in found
                            for k in token_keys[j][:1]
                        )
                        toks = tuple(sorted(set(found_ext)))
                        ok, toks = self._polarity(
                            phrase.indicator, toks, tokens, scope, negators, attributive
                        )
                        if ok and self._owner_factor(other, tokens, min(toks)):
                            out.append(
                                _Match(
                                    phrase.strength,
                                    phrase.indicator,
                                    toks,
                                    phrase.indicator.weight
                                    * self._owner_factor(other, tokens, min(toks)),
                                )
                            )
        return out

    @staticmethod
    def _owner_factor(other: bool, tokens: list[Token], first: int) -> float:
        """1 in the writer's clauses; in another person's clause 0, or
        ``OTHER_PERSON_FACTOR`` when a possessive ties the word to the writer."""
        if not other:
            return 1.0
        before = tokens[first - 1].lower if first > 0 else ""
        return OTHER_PERSON_FACTOR if before in POSSESSIVES else 0.0

    @staticmethod
    def _phrase_at(
        phrase: _Phrase,
        i: int,
        words: list[int],
        token_keys: dict[int, tuple[str, ...]],
        positions: dict[str, list[int]],
        scope: dict[int, int],
    ) -> tuple[int, ...] | None:
        """The tokens of ``phrase`` around word ``i``, or None.

        Adjacent phrases must follow word for word; the others may come in any order,
        within the same clause part and at most ``PHRASE_WINDOW`` words away.
        """
        if phrase.indicator.adjacent:
            n = words.index(i)
            if n + len(phrase.words) > len(words):
                return None
            picked = words[n : n + len(phrase.words)]
            for j, keyset in zip(picked, phrase.words, strict=True):
                if not keyset.intersection(token_keys[j]):
                    return None
            return tuple(picked)
        used = {i}
        picked = [i]
        for w, keyset in enumerate(phrase.words):
            if w == phrase.anchor:
                continue
            choice = None
            for key in keyset:
                for j in positions.get(key, ()):
                    if j in used or scope[j] != scope[i] or abs(j - i) > PHRASE_WINDOW:
                        continue
                    if choice is None or abs(j - i) < abs(choice - i):
                        choice = j
            if choice is None:
                return None
            used.add(choice)
            picked.append(choice)
        return tuple(picked)

    @staticmethod
    def _polarity(
        indicator: Indicator,
        toks: tuple[int, ...],
        tokens: list[Token],
        scope: dict[int, int],
        negators: list[int],
        attributive: bool,
    ) -> tuple[bool, tuple[int, ...]]:
        """Whether the match counts, and its tokens (with the negator when it needs one).

        A negator negates what stands in its clause part (``und``/``oder`` end it), before
        or after ("Zuverlässig war er nie"). An inflected adjective before a noun is only
        negated by a negator right in front of it ("kein fleißiger ...", not "fleißigen
        Bewerbens bekam sie kaum ..."); ``ohne`` only reaches the next three words.
        """
        negator = None
        if negators:
            first = min(toks)
            own_scope = scope.get(first)
            for p in negators:
                if scope.get(p) != own_scope or p in toks:
                    continue
                if attributive or tokens[p].lower == "ohne":
                    if 0 < first - p <= 3:
                        negator = p
                else:
                    negator = p
                if negator is not None:
                    break
        if indicator.polarity == "negated":
            if negator is None:
                return False, toks
            return True, tuple(sorted({*toks, negator}))
        return negator is None, toks

    def _rank(
        self, text: str, tokens: list[Token], matches: list[_Match], limit: int | None
    ) -> list[Suggestion]:
        # A word inside a longer match of another strength does not count alone
        # ("Mut machen" is encouragement, not courage).
        multi = [m for m in matches if len(m.tokens) > 1]
        kept: list[_Match] = []
        for m in matches:
            if len(m.tokens) == 1:
                t = m.tokens[0]
                if any(
                    o.strength != m.strength and t in o.tokens
                    for o in multi
                ):
                    continue
            kept.append(m)
        by_strength: dict[int, list[_Match]] = {}
        for m in kept:
            by_strength.setdefault(m.strength, []).append(m)
        results = []
        for index, ms in by_strength.items():
            strength: Strength = self.catalogue.strengths[index]
            # One weight per token group: the same words matched twice count once.
            best: dict[tuple[int, ...], float] = {}
            for m in ms:
                span = self._span(tokens, m.tokens)
                if best.get(span, 0.0) < m.weight:
                    best[span] = m.weight
            merged = self._merge(best)
            weights = sorted(merged.values(), reverse=True)
            raw = sum(w * DECAY**n for n, w in enumerate(weights))
            score = round(1 - math.exp(-STEEPNESS * raw), 3)
            if score < MIN_SCORE:
                continue
            spans = sorted(merged, key=lambda s: (-merged[s], s[0]))[:MAX_EVIDENCE]
            evidence = tuple(
                Evidence(s, e, text[s:e]) for s, e in sorted(spans)
            )
            results.append(Suggestion(strength.id, strength.label, score, evidence))
        results.sort(key=lambda s: (-s.score, s.id))
        return results[:limit] if limit else results

    @staticmethod
    def _span(tokens: list[Token], toks: tuple[int, ...]) -> tuple[int, int]:
        return tokens[min(toks)].start, tokens[max(toks)].end

    @staticmethod
    def _merge(best: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
        """Overlapping spans become one span with the highest weight among them."""
        merged: list[list] = []
        for (s, e), w in sorted(best.items()):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
                merged[-1][2] = max(merged[-1][2], w)
            else:
                merged.append([s, e, w])
        return {(s, e): w for s, e, w in merged}


_DEFAULT: Suggester | None = None


def default_suggester() -> Suggester:
    """The suggester for the shipped catalogue, built once per process."""
    global _DEFAULT  # noqa: PLW0603
    if _DEFAULT is None:
        _DEFAULT = Suggester(load_catalogue())
    return _DEFAULT


def suggest(text: str, limit: int | None = None, catalogue: str | Path | None = None) -> list[
    Suggestion
]:
    """Suggest strengths for a German story, best first (raises ``LanguageError``)."""
    suggester = Suggester(load_catalogue(catalogue)) if catalogue else default_suggester()
    return suggester.suggest(text, limit)


def suggest_many(texts: Iterable[str]) -> list[list[Suggestion]]:
    suggester = default_suggester()
    return [suggester.suggest(t) for t in texts]
