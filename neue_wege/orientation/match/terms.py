"""German words -> gender-folded index terms (shared by the occupation index and the story).

The tokenizer and lemmatiser are the shared text core's (``neue_wege.core.text``, also
used by the strength assistant): one tokenizer, one lemma cache for the project. On top of
the lemma this module

1. folds gender: ``-in/-innen`` endings are cut, ``-frau/-mann/-leute`` become ``-mann``,
   ``-schwester`` becomes ``-pfleger`` – *Altenpflegerin* and *Altenpfleger*, *Kauffrau* and
   *Kaufmann* give the same term, so nothing depends on the gender of a word;
2. drops words that name a person's gender or family role (*Frau, Mann, Mutter, Sohn …*),
   the words every job-centre story uses (*Jobcenter, Arbeitslosigkeit, Bewerbung …*),
   the other people of such stories (the text core's list: *Fallmanagerin,
   Sozialpädagoge, Ausbilder …* – their occupation is not the writer's) and function words;
3. cuts a light German stem (*Reinigung, reinigen, Reiniger* -> ``reinig``) and writes
   umlauts as plain vowels;
4. splits compounds on the index's own vocabulary (*Gebäudereinigung* -> ``gebaudereinig``
   + ``gebaude`` + ``reinig``); parts count half. The occupation index splits nouns only;
   a story word is split only at HanTa's real boundaries and only when the index does not
   know the whole word (``OccupationMatcher.story_parts``).

The same function is applied to occupation texts and to stories, so the folding only has
to be consistent, not linguistically perfect.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import simplemma

from neue_wege.core.text import (
    GERMAN_FUNCTION_WORDS,
    OTHER_PEOPLE,
    fold_gender,
    lemma,
    tokenize,
)

PART_WEIGHT = 0.5
MIN_HEAD = 4
MIN_PREFIX = 4

# Words for a person's gender or family role: never an index term (fairness).
GENDER_WORDS = frozenset(
    """
    frau mann herr dame mutter vater tochter sohn schwester bruder oma opa großmutter
    großvater ehefrau ehemann freundin freund junge mädchen tante onkel nichte neffe
    witwe witwer mama papa eltern elternteil cousine cousin mutti vati
    schwanger schwangere schwangerer schwangeren schwangerschaft mutterschaft mutterschutz
    vaterschaft vaterschaftsurlaub elternzeit elterngeld familienvater familienmutter
    """.split()
)
# (pregnancy and parenthood are life events tied to a gender, never evidence about work:
# "nach der Schwangerschaft" must not suggest midwives, a swap to "Elternzeit" nothing else)

# Words that nearly every story about a way into work contains and that say nothing about
# an occupation (documented in docs/occupations.md; general, not taken from one story).
CONTEXT_WORDS = frozenset(
    """
    jobcenter arbeitsagentur agentur fallmanager fallmanagerin arbeitsvermittler
    arbeitsvermittlerin arbeitslos arbeitslosigkeit langzeitarbeitslos langzeitarbeitslose
    arbeitslosengeld bürgergeld hartz leistungsbezug sozialleistung bildungsträger träger
    maßnahme bildungsgutschein bewerbung bewerben bewerbungsgespräch vorstellungsgespräch
    lebenslauf bewerbungsunterlage stelle job jobs arbeit arbeiten beruf berufsleben
    berufswunsch ausbildung umschulung weiterbildung praktikum praktikant praktikantin
    probezeit probearbeiten abschluss prüfung abschlussprüfung schule hauptschule
    berufsschule abitur studium jahr jahre monat woche tag zeit leben weg ziel chance
    erfolg problem mensch leute teilnehmer teilnehmerin teilnehmende gruppe projekt
    kollege kollegin chef chefin arbeitgeber arbeitgeberin unternehmen betrieb firma
    heute später zunächst schließlich anfang ende immer wieder sagen erzählen finden
    machen gehen kommen geben nehmen stehen lassen bekommen wollen mögen müssen können
    sollen dürfen werden sein haben neu alt gut groß klein lang viel wenig erst zweit
    beginnen anfangen schaffen lernen helfen hilfe unterstützung kurs deutschkurs
    alleinerziehend elternzeit kinderpause schwanger geburt
    fähigkeit eigenschaft erfahrung potenzial anerkennung wahl geschichte gefühl moment
    punkt plan sache ding spaß lust freude glück idee sicht energie grund umstand
    möglichkeit perspektive herausforderung aufgabe bereich art weise teil mal leben
    alltag unterstützung druck gewalt loch wunsch traum überzeugung motivation mut
    """.split()
) | frozenset(
    # general verbs of any narrative (light verbs, perceiving, daring, coping) that say
    # nothing about an occupation: "zieht drei Kinder groß", "traute sich nicht",
    # "die Kosten übernahm das Jobcenter", "es stellte sich heraus"; and the words of
    # learning German and of studies, which in these stories are about arriving and
    # qualifying, not about the occupation ("Deutschkurse bis Niveau C1", "acht Semester")
    """
    ziehen fallen legen reichen brauchen übernehmen kosten sehen erkennen merken trauen
    zutrauen halten bringen stellen setzen sitzen liegen bleiben heißen zeigen wissen denken
    glauben meinen fühlen gehören erfahren absolvieren teilnehmen ergeben herausstellen
    entscheiden schaffen gelingen klappen versuchen warten hoffen zweifeln bereuen freuen
    gefallen mögen lieben wünschen träumen hegen erhalten verdienen wagen
    sprache sprachkurs sprachkenntnis sprachkompetenz sprachniveau niveau integrationskurs
    semester studieren
    """.split()
)

# Family words ("Kinder", "Familie") usually mean the person's own family ("zieht drei
# Kinder groß", "machte die Kinder schulfertig"); they count as an occupation signal only
# right after "mit", "für", "um" ("mit Kindern arbeiten", "sich um Kinder kümmern").
FAMILY_NOUNS = frozenset({"kind", "kinder", "baby", "enkel", "enkelkind", "familie", "hund"})
FAMILY_MARKERS = frozenset({"mit", "für", "um"})

_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_STEM_SUFFIXES = (
    "ungen", "ung", "heiten", "heit", "keiten", "keit", "ieren", "erei", "isten", "ist",
    "ern", "er", "en",
    "em", "es", "e", "n", "s",
)
_DROP = GENDER_WORDS | CONTEXT_WORDS | GERMAN_FUNCTION_WORDS | OTHER_PEOPLE
_SPLIT = re.compile(r"[-‐/]")
SENTENCE_END = frozenset('.!?:;"„“”«»–—(')


def stem(word: str) -> str:
    """A light stem: gender folded, umlauts plain, one inflection/derivation suffix cut."""
    word = fold_gender(word).translate(_UMLAUT)
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "n" and word.endswith("on"):
                continue  # Station, Produktion, Motivation
            return word[: -len(suffix)]
    return word


_STEM_CACHE: dict[str, str | None] = {}


def word_stem(surface: str) -> str | None:
    """The index term of one written word, or None when the word is dropped."""
    cached = _STEM_CACHE.get(surface, "")
    if cached != "":
        return cached
    low = surface.lower()
    result: str | None = None
    if len(low) >= 3 and not low.isdigit() and low not in _DROP:
        lem = lemma(surface)
        if lem not in _DROP and fold_gender(lem) not in _DROP:
            # simplemma joins some hyphenated words ("Industrie-Elektroniker" ->
            # "industrieelektroniker") but not their female form: join them all
            result = stem(lem).replace("-", "")
            if len(result) < 3:
                result = None
    if len(_STEM_CACHE) < 500_000:
        _STEM_CACHE[surface] = result
    return result


def words(text: str) -> list[tuple[str, int, int]]:
    """(surface, start, end, sentence start) of the words of ``text``.

    A hyphenated word also gives each of its parts.
    """
    out: list[tuple[str, int, int, bool]] = []
    previous = "."
    for token in tokenize(text):
        if not token.is_word:
            previous = token.surface
            continue
        start = previous in SENTENCE_END
        previous = token.surface
        out.append((token.surface, token.start, token.end, start))
        if "-" in token.surface or "‐" in token.surface:
            offset = token.start
            for part in _SPLIT.split(token.surface):
                if part and part != token.surface:
                    out.append((part, offset, offset + len(part), False))
                offset += len(part) + 1
    return out


class CompoundSplitter:
    """Splits stems into known parts (longest known head first), cached."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(v for v in vocabulary if len(v) >= MIN_PREFIX)
        self._cache: dict[str, tuple[str, ...]] = {}

    def parts(self, term: str) -> tuple[str, ...]:
        cached = self._cache.get(term)
        if cached is not None:
            return cached
        found: list[str] = []
        if len(term) >= MIN_HEAD + MIN_PREFIX:
            for cut in range(MIN_PREFIX, len(term) - MIN_HEAD + 1):
                head = term[cut:]
                if head not in self.vocabulary:
                    continue
                prefix = self._prefix(term[:cut])
                if prefix is None:
                    continue
                found = [prefix, head]
                for sub in self.parts(head):
                    if sub not in found:
                        found.append(sub)
                break
        result = tuple(p for p in found if p != term)
        if len(self._cache) < 500_000:
            self._cache[term] = result
        return result

    def _prefix(self, prefix: str) -> str | None:
        candidates = [prefix]
        for link in ("s", "n", "en", "e", "er"):
            if prefix.endswith(link) and len(prefix) - len(link) >= MIN_PREFIX:
                candidates.append(prefix[: -len(link)])
        for candidate in candidates:
            for form in (candidate, stem(candidate)):
                if form in self.vocabulary and form not in _DROP:
                    return form
        return None


def family_positions(tokens: list[tuple[str, int, int, bool]]) -> set[int]:
    """Indices of family nouns that mean the person's own family ("drei Kinder")."""
    out = set()
    for i, (surface, *_) in enumerate(tokens):
        low = surface.lower()
        if low in FAMILY_NOUNS or lemma(surface) in FAMILY_NOUNS:
            before = {t[0].lower() for t in tokens[max(0, i - 2) : i]}
            if not before & FAMILY_MARKERS:
                out.add(i)
    return out


_VERB_ENDINGS = ("en", "ern", "eln")
_KEEP_ADJECTIVE_ENDINGS = ("isch",)


def is_content_word(surface: str, sentence_start: bool) -> bool:
    """Whether a story word may describe an activity or an object.

    Nouns (capitalised inside a sentence) and verbs (lemma ending in -en/-ern/-eln) count;
    other lower-case words (adverbs, most adjectives: "ebenfalls", "besonders", "warm")
    do not, except adjectives in -isch ("technisch", "kaufmännisch"). A capitalised word at
    the start of a sentence counts when its lower-case lemma is a verb or it looks like a
    noun (its lemma keeps the capital).
    """
    if surface[:1].isupper() and not sentence_start:
        return True
    low_lemma = lemma(surface.lower())
    if low_lemma.endswith(_VERB_ENDINGS) or low_lemma.endswith(_KEEP_ADJECTIVE_ENDINGS):
        return True
    if sentence_start and surface[:1].isupper():
        return simplemma.lemmatize(surface, lang="de")[:1].isupper()
    return False
