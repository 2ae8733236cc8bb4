"""A broad gender-and-origin swap generator for stories (issue 13, point 6: "swapping gender or
origin changes no top 10").

Written independently of the engine's word lists: it rewrites a story the way another
person's story would read – other first names and surnames of several origins and both
genders, every gendered person noun in the other form (*-in/-innen*, *-frau/-mann*,
*Krankenschwester/Krankenpfleger*), family roles (*Mutter/Vater, Tochter/Sohn*), titles
(*Frau/Herr*), pronouns (singular *sie* only – a plural *sie* stays), possessives, the article
before a flipped noun, and places of origin (German towns ↔ countries and cities people come
from). Used by ``test_fairness_broad.py`` and ``bench/measure_occupations_real.py``-style
checks; pure Python, no engine import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# --- names ------------------------------------------------------------------------------
# origin -> (female first, male first, surname)
ORIGINS: dict[str, tuple[str, str, str]] = {
    "german": ("Sabine", "Thomas", "Krause"),
    "turkish": ("Ayşe", "Mehmet", "Yılmaz"),
    "arabic": ("Fatima", "Mohammed", "Al-Hassan"),
    "ukrainian": ("Olena", "Taras", "Kowalenko"),
    "polish": ("Agnieszka", "Piotr", "Nowak"),
    "west_african": ("Aminata", "Kwame", "Mensah"),
    "vietnamese": ("Thi Lan", "Minh", "Nguyen"),
}
# First names of the shared development stories (their records name no person).
KNOWN_FIRST_NAMES = frozenset(
    """Nina Sabrina Christoph Jessika Ralf Jonas Carina Mandy Nadja Kirstin Arlette Roswitha
    Anna Ahmet""".split()
)

# --- places ---------------------------------------------------------------------------------
PLACES = [
    "Bocholt", "Borken", "Ahaus", "Bochum", "Bremen", "Jena", "Oberhausen", "Düsseldorf",
    "Syrien", "Türkei", "Ukraine", "Irak", "Afghanistan", "Eritrea", "Polen", "Rumänien",
    "Aleppo", "Istanbul", "Kiew", "Kabul", "Venezuela", "Griechenland", "Kasachstan",
    "Russland", "Italien", "Berlin", "Hamburg", "München", "Leipzig", "Dortmund", "Essen",
]
PLACE_SET = frozenset(PLACES)
TOWNS = frozenset(PLACES[:8] + PLACES[16:20] + PLACES[-6:])  # towns and cities, no countries
PLACE_TARGETS = ("Syrien", "Borken", "Ukraine", "Eritrea", "Ahaus", "Kasachstan", "Polen")

# --- gender -----------------------------------------------------------------------------------
# female -> male, whole words (lower case)
WORD_PAIRS = [
    ("frau", "mann"), ("frauen", "männer"), ("mutter", "vater"), ("mütter", "väter"),
    ("tochter", "sohn"), ("töchter", "söhne"), ("schwester", "bruder"),
    ("schwestern", "brüder"), ("oma", "opa"), ("großmutter", "großvater"), ("mama", "papa"),
    ("mutti", "vati"), ("tante", "onkel"), ("nichte", "neffe"), ("ehefrau", "ehemann"),
    ("witwe", "witwer"), ("mädchen", "junge"), ("dame", "herr"), ("hausfrau", "hausmann"),
    ("krankenschwester", "krankenpfleger"), ("freundin", "freund"), ("cousine", "cousin"),
    ("alleinerziehende", "alleinerziehender"), ("schwangerschaft", "elternzeit"),
]
# adjectives that are flipped in lower case too ("die alleinerziehende Mutter")
LOWER_PAIRS = frozenset({"alleinerziehende", "alleinerziehender"})
# Agentive endings of masculine person nouns that take -in (Fahrer -> Fahrerin, Mechaniker,
# Student, Hannoveraner); a closed list, so "Heimat", "Semester" or "Deutschland" stay.
PERSON_ENDINGS = (
    "arbeiter", "fahrer", "pfleger", "helfer", "iker", "meister", "leiter", "lehrer",
    "berater", "käufer", "gärtner", "tischler", "schreiner", "maler", "maurer", "bäcker",
    "fleischer", "kellner", "vermittler", "händler", "betreuer", "begleiter", "nehmer",
    "geber", "bewohner", "einsteiger", "absolvent", "assistent", "student", "dozent",
    "referent", "praktikant", "lagerist", "florist", "friseur", "monteur", "ingenieur",
    "erzieher", "sanitäter", "schüler", "sucher", "macher", "bauer", "führer", "sprecher",
    "dolmetscher", "übersetzer", "inhaber", "besitzer", "partner", "nachbar", "aner",
    "trainer", "koch", "arzt", "bürger", "rentner", "jobber", "zieher", "wirt",
)
WORD_PAIRS += [
    ("kollegin", "kollege"), ("kundin", "kunde"), ("köchin", "koch"), ("ärztin", "arzt"),
    ("psychologin", "psychologe"), ("pädagogin", "pädagoge"), ("sozialpädagogin",
    "sozialpädagoge"), ("biologin", "biologe"), ("chefin", "chef"), ("bäuerin", "bauer"),
]
FEMALE_TO_MALE = dict(WORD_PAIRS)
MALE_TO_FEMALE = {m: f for f, m in WORD_PAIRS}
FEMALE_WORDS = frozenset(FEMALE_TO_MALE)

PRONOUNS_F_TO_M = {
    "ihr_poss": "sein", "ihre": "seine", "ihren": "seinen", "ihrem": "seinem",
    "ihrer": "seiner", "ihres": "seines", "ihr_dat": "ihm",
}
PRONOUNS_M_TO_F = {
    "er": "sie", "ihn": "sie", "ihm": "ihr", "sein": "ihr", "seine": "ihre",
    "seinen": "ihren", "seinem": "ihrem", "seiner": "ihrer", "seines": "ihres",
}
ARTICLE_F_TO_M = {"die": "der", "eine": "ein", "keine": "kein", "diese": "dieser"}
ARTICLE_M_TO_F = {"der": "die", "ein": "eine", "kein": "keine", "dieser": "diese"}

ARTICLES = frozenset("die der eine einer keine meine ihre seine diese jede".split())
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _case(old: str, new: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def _noun_to_male(word: str) -> str | None:
    low = word.lower()
    if low in FEMALE_TO_MALE and (word[:1].isupper() or low in LOWER_PAIRS):
        return _case(word, FEMALE_TO_MALE[low])
    if not word[:1].isupper() or len(word) < 6:
        return None
    for suffix, cut in (("innen", 5), ("in", 2)):
        base = word[:-cut]
        if low.endswith(suffix) and base.lower().endswith(PERSON_ENDINGS):
            return base
    for fem, masc in (("frau", "mann"), ("frauen", "männer"), ("schwester", "pfleger")):
        if low.endswith(fem) and len(low) > len(fem) + 2:
            return word[: -len(fem)] + masc
    return None


# Before a masculine person noun these words make it a plural ("die Mitarbeiter", "viele
# Fahrer"): its female form is then -innen, not -in (a swap keeps the number).
PLURAL_BEFORE = frozenset(
    """die alle viele mehrere einige keine meine deine seine ihre unsere eure diese jene
    welche zwei drei vier fünf sechs sieben acht neun zehn""".split()
)


def _noun_to_female(word: str, before: str = "") -> str | None:
    low = word.lower()
    if low in MALE_TO_FEMALE and (word[:1].isupper() or low in LOWER_PAIRS):
        return _case(word, MALE_TO_FEMALE[low])
    if not word[:1].isupper() or len(word) < 4 or low in FEMALE_WORDS:
        return None
    for masc, fem in (("männer", "frauen"), ("mann", "frau")):
        if low.endswith(masc) and len(low) > len(masc) + 2:
            return word[: -len(masc)] + fem
    if low.endswith(PERSON_ENDINGS):
        plural = before in PLURAL_BEFORE and low.endswith(("er", "ner", "ler"))
        return word + ("innen" if plural else "in")
    return None


def _plural_sie(words: list[str], n: int) -> bool:
    """``sie`` at ``n`` is plural when a verb in -en stands right after or before it
    ("sie arbeiten", "arbeiteten sie"); "Sie" in the middle of a sentence is formal."""
    nxt = words[n + 1] if n + 1 < len(words) else ""
    prev = words[n - 1] if n else ""
    if nxt in {"sind", "haben", "waren", "hatten", "werden", "wurden", "können", "konnten",
               "wollen", "wollten", "müssen", "mussten", "alle", "beide"}:
        return True
    if prev in {"sind", "haben", "waren", "hatten", "werden", "wurden", "konnten", "wollten"}:
        return True
    if nxt.endswith("ten") and nxt[:1].islower() and len(nxt) > 4:
        return True
    return prev.endswith("ten") and prev[:1].islower() and len(prev) > 4


def _title(words: list[str], matches: list[re.Match], n: int) -> bool:
    """"Frau" as a title: a capitalised name follows and no article stands before it."""
    nxt = matches[n + 1].group() if n + 1 < len(matches) else ""
    return nxt[:1].isupper() and (n == 0 or words[n - 1] not in ARTICLES)


def _formal_sie(text: str, match: re.Match) -> bool:
    """A capital "Sie" inside a sentence is the polite form, not a woman."""
    if match.group() != "Sie":
        return False
    before = text[: match.start()].rstrip().rstrip("„“\"'»«")
    return bool(before) and before[-1] not in ".!?:;"


def flip_gender(text: str, to: str, kinds: tuple[str, ...] = ("pronouns", "nouns")) -> str:
    """Every gendered person word of ``text`` in the form of gender ``to`` ("f" or "m").

    ``kinds`` chooses what is flipped: ``pronouns`` (personal pronouns and possessives) and/or
    ``nouns`` (gendered person nouns, the title *Frau/Herr*, the article before a flipped
    noun) – the swap diagnostic applies each kind alone."""
    do_pronouns, do_nouns = "pronouns" in kinds, "nouns" in kinds
    matches = list(_WORD.finditer(text))
    words = [m.group().lower() for m in matches]
    out: list[tuple[int, int, str]] = []
    flipped_nouns: set[int] = set()
    for n, m in enumerate(matches):
        word = m.group()
        low = words[n]
        new: str | None = None
        pronoun = low in {"sie", "ihr"} or low in PRONOUNS_F_TO_M or low in PRONOUNS_M_TO_F
        if (pronoun and not do_pronouns) or (not pronoun and not do_nouns):
            continue
        if to == "m":
            if low == "sie" and not _formal_sie(text, m) and not _plural_sie(words, n):
                new = _case(word, "er")
            elif low == "ihr":
                nxt = matches[n + 1].group() if n + 1 < len(matches) else ""
                new = _case(word, PRONOUNS_F_TO_M["ihr_poss" if nxt[:1].isupper() else "ihr_dat"])
            elif low in PRONOUNS_F_TO_M:
                new = _case(word, PRONOUNS_F_TO_M[low])
            elif word == "Frau" and _title(words, matches, n):
                new = "Herr"
            else:
                new = _noun_to_male(word)
        else:
            if low in PRONOUNS_M_TO_F:
                new = _case(word, PRONOUNS_M_TO_F[low])
            elif low == "herr":
                new = _case(word, "frau")
            else:
                new = _noun_to_female(word, words[n - 1] if n else "")
        if new is not None and new != word:
            out.append((m.start(), m.end(), new))
            plural = low.endswith(("innen", "frauen", "männer")) or low in {
                "mütter", "väter", "töchter", "söhne", "schwestern", "brüder"}
            if word[:1].isupper() and not plural:
                flipped_nouns.add(n)
    # the article right before a flipped noun (one adjective may stand between)
    articles = ARTICLE_F_TO_M if to == "m" else ARTICLE_M_TO_F
    for n in flipped_nouns:
        for back in (1, 2):
            k = n - back
            if k >= 0 and words[k] in articles:
                m = matches[k]
                out.append((m.start(), m.end(), _case(m.group(), articles[words[k]])))
                break
    return _apply(text, out)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    result, last = [], 0
    for start, end, new in sorted(set(edits)):
        if start < last:
            continue
        result.append(text[last:start])
        result.append(new)
        last = end
    result.append(text[last:])
    return "".join(result)


def person_names(person: str) -> list[str]:
    """The names in a record's ``person`` field: capitalised words without punctuation and
    without a title or remark ("Maria Albrecht (Name geändert)" -> Maria, Albrecht). A field
    that describes several people ("… und …") must not make "und" a name: the swap would
    replace every "und" of the story, and the name list would mask it."""
    words = re.sub(r"\(.*?\)|\*", " ", person).split()
    names = [w.strip(".,;:!?\"'„“") for w in words]
    return [w for w in names if len(w) > 1 and w[:1].isupper() and w.lower() not in {
        "frau", "herr"}]


def replace_names(text: str, person: str, origin: str, gender: str) -> str:
    """The person's first name(s) and surname become the origin's names of ``gender``."""
    female, male, surname = ORIGINS[origin]
    first = female if gender == "f" else male
    parts = person_names(person)
    names = {p: (first if k == 0 else surname) for k, p in enumerate(parts)}
    for word in set(_WORD.findall(text)):
        if word in KNOWN_FIRST_NAMES:
            names.setdefault(word, first)
    for old in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", names[old], text)
    return text


# A town takes no article: after one of these the word is a common noun ("beim Essen",
# "das Essen"), not a place; countries may take one ("aus der Türkei", "im Irak").
COMMON_NOUN_BEFORE = frozenset(
    "der die das dem den des ein eine einem einen eines beim zum zur vom am im ins".split()
)


# Lower-case words in -e/-en/-er/-es/-em that are no adjective or verb: a town may follow.
NOT_ATTRIBUTIVE = frozenset(
    """über aber oder wieder immer später früher sondern hinter unter außer zwischen gegen
    neben oben unten seit heute gerne ohne wegen trotz während gegenüber nahe ebenfalls
    danach dann wenn denn""".split()
)


def _common_noun_before(word: str) -> bool:
    """An article, an article contraction, an inflected adjective or a verb before a
    capitalised word: a town takes none of them ("beim Essen", "warmes Essen", "Essen
    kochen" is the meal), so the word is the common noun and no place to swap."""
    low = word.lower()
    if low in COMMON_NOUN_BEFORE:
        return True
    return (word[:1].islower() and len(low) >= 4 and low not in NOT_ATTRIBUTIVE
            and low.endswith(("e", "en", "em", "er", "es")))


def replace_places(text: str, k: int) -> str:
    """Every known place becomes another one (German towns and places of origin mixed);
    a town after an article is the common noun ("beim Essen") and stays."""
    def swap(match: re.Match) -> str:
        word = match.group()
        if word not in PLACE_SET:
            return word
        before = re.findall(r"[^\W\d_]+", text[: match.start()][-16:])
        if word in TOWNS and before and _common_noun_before(before[-1]):
            return word
        target = PLACE_TARGETS[(PLACES.index(word) + k) % len(PLACE_TARGETS)]
        return target if target != word else PLACE_TARGETS[(k + 1) % len(PLACE_TARGETS)]

    return _WORD.sub(swap, text)


# Origin words: countries, nationality adjectives and nouns (both genders), written here for
# the swap, independent of the engine's gazetteer. Each group is swapped with the next one.
ORIGIN_WORDS = [
    # country, adjective stem, person noun (m), person noun (f)
    ("Syrien", "syrisch", "Syrer", "Syrerin"),
    ("Polen", "polnisch", "Pole", "Polin"),
    ("Deutschland", "deutsch", "Deutscher", "Deutsche"),
    ("Türkei", "türkisch", "Türke", "Türkin"),
    ("Ukraine", "ukrainisch", "Ukrainer", "Ukrainerin"),
    ("Eritrea", "eritreisch", "Eritreer", "Eritreerin"),
    ("Rumänien", "rumänisch", "Rumäne", "Rumänin"),
    ("Afghanistan", "afghanisch", "Afghane", "Afghanin"),
    ("Italien", "italienisch", "Italiener", "Italienerin"),
    ("Russland", "russisch", "Russe", "Russin"),
]
_ADJ = ("", "e", "en", "em", "er", "es")


def replace_origin_words(text: str, k: int) -> str:
    """Countries, nationality adjectives (any ending, also capitalised: *Arabisch*) and
    nationality nouns become those of another origin (``k`` picks the shift, 1..9)."""
    table: dict[str, str] = {}
    n = len(ORIGIN_WORDS)
    for i, (country, adj, male, female) in enumerate(ORIGIN_WORDS):
        c2, a2, m2, f2 = ORIGIN_WORDS[(i + k) % n]
        table[country] = c2
        for e in _ADJ:
            table[adj + e] = a2 + e
            table[(adj + e).capitalize()] = (a2 + e).capitalize()
        table[male] = m2
        table[female] = f2
        table[female + "nen"] = f2 + "nen"
        if not male.endswith("er"):
            table[male + "n"] = m2 + ("" if m2.endswith("er") else "n")

    def swap(match: re.Match) -> str:
        return table.get(match.group(), match.group())

    return _WORD.sub(swap, text)


def category_variants(text: str, person: str = "", gender: str | None = None
                      ) -> Iterator[tuple[str, str]]:
    """(category, text): each swap category alone – ``names`` (every origin, same gender),
    ``pronouns``, ``nouns`` (gendered person nouns), ``places`` (towns and cities),
    ``origin`` (countries, nationality words) – for the per-category diagnostic."""
    gender = gender or guess_gender(text)
    other = "m" if gender == "f" else "f"
    for origin in ORIGINS:
        yield "names", replace_names(text, person, origin, gender)
    yield "pronouns", flip_gender(text, other, ("pronouns",))
    yield "nouns", flip_gender(text, other, ("nouns",))
    for k in range(len(PLACE_TARGETS)):
        yield "places", replace_places(text, k)
    for k in (1, 3, 5, 7):
        yield "origin", replace_origin_words(text, k)


def guess_gender(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.lower())
    male = sum(w in {"er", "sein", "seine", "seinen", "seinem", "seiner", "ihm", "ihn"}
               for w in words)
    female = sum(w in {"sie", "ihr", "ihre", "ihren", "ihrem", "ihrer"} for w in words)
    return "m" if male > female else "f"


def variants(text: str, person: str = "", gender: str | None = None) -> Iterator[tuple[str, str]]:
    """(label, text) of every swap of one story: gender flipped alone; names of each origin
    with the same and with the other gender; places; all together."""
    gender = gender or guess_gender(text)
    other = "m" if gender == "f" else "f"
    flipped = flip_gender(text, other)
    yield "gender", flipped
    for k, origin in enumerate(ORIGINS):
        yield f"names:{origin}", replace_names(text, person, origin, gender)
        yield f"gender+names:{origin}", replace_names(flipped, person, origin, other)
        yield f"places:{k}", replace_places(text, k)
        yield (f"all:{origin}",
               replace_places(replace_names(flipped, person, origin, other), k))
