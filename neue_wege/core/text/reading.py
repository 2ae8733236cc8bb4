"""Reading German beyond single words: stop phrases and who did what.

Both assistants use these rules, so a story reads the same for strengths and occupations.

**Stop phrases** (``STOP_PHRASES``, ``stop_positions``): phrases that organise a story –
connectors, time and sequence, quantities – and never say what a person can do or does.
Their words are never evidence. Every entry belongs to one of the rules below; the lists
are general German, not taken from single stories:

- ``R1`` connector or sentence adverbial (*zum Beispiel, vor allem, unter anderem*);
- ``R2`` time and sequence (*am Ende, am Anfang, nach und nach, zum ersten Mal*);
- ``R3`` a relative-time adjective (*letzte, nächste, vergangene, vorige* in any
  ending) together with the time noun after it (*letzten Sommer*);
- ``R4`` quantity or degree (*eine Menge, ein paar, ein bisschen*);
- ``R5`` a calendar noun (*Jahr, Monat, Sommer, Montag, Januar*): says when, not what –
  except after *jeden/jede* ("jeden Tag" says how often: behaviour).

**Who did what** (``clause_owners``): a clause whose subject is another person (*die
Kinder lachten*, *der Vater bat mich …*, *ihre Fallmanagerin erkannte …*) is ``OTHER``; a
clause with *ich/wir* or a personal pronoun as its first subject-like word, or without any
person subject, is ``SELF`` (a story is about its writer or, written in the third person,
about its protagonist). A clause without a subject of its own – a *zu*-infinitive ("…, das
Fest zu organisieren") or a relative clause on a person ("die Kinder, die lachten") –
takes its owner from the clause before it in the same sentence, and so does a clause that
begins with its verb ("Danach fiel sie in ein Loch, bekam später die Kinder …": the
subject goes on, "die Kinder" is the object). Only word lists of role
nouns (both gender forms) and function words decide; names, pronoun gender and origin
never do, so swapping them cannot change an owner.
"""

from __future__ import annotations

from .tokens import Token, lemma

SELF = "self"
OTHER = "other"

# --- stop phrases -----------------------------------------------------------------------
# (rule, words) – words in lower case, matched word for word.
STOP_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (rule, tuple(phrase.split()))
    for rule, phrases in (
        ("R1", """zum beispiel|zum glück|unter anderem|vor allem|im gegenteil|auf jeden fall|
            in der tat|im grunde|zum teil|im allgemeinen|in erster linie|nicht zuletzt|
            im nachhinein|im prinzip|im übrigen|zum einen|zum anderen|auf der anderen seite|
            auf der einen seite|im endeffekt|letzten endes|letztendlich|beispielsweise|
            sozusagen|übrigens|eigentlich|natürlich|jedenfalls|ohnehin|sowieso"""),
        ("R2", """am ende|am anfang|zu beginn|im laufe|von anfang an|nach und nach|ab und zu|
            auf einmal|zum ersten mal|zum letzten mal|zum schluss|eines tages|im moment|
            zur zeit|zurzeit|in der zwischenzeit|mittlerweile|inzwischen|seit langem|
            seit kurzem|vor kurzem|bis heute|bis dahin|von da an|ab sofort|damals|
            schließlich|anschließend|danach|zunächst|später"""),
        ("R4", """eine menge|jede menge|eine reihe|eine weile|ein bisschen|ein paar|
            ein wenig|eine zeit lang|eine zeitlang|viele male|mehrere male"""),
    )
    for phrase in phrases.replace("\n", " ").split("|")
    if phrase.strip()
)
RELATIVE_TIME_STEMS = ("letzt", "nächst", "vergangen", "vorig", "kommend")
ADJECTIVE_ENDINGS = ("", "e", "en", "em", "er", "es")
CALENDAR_NOUNS = frozenset(
    """
    jahr jahre jahren jahres monat monate monaten monats woche wochen tag tage tagen tages
    stunde stunden minute minuten sekunde sekunden wochenende wochenenden jahrzehnt
    jahrzehnte jahrzehnten halbjahr quartal frühling frühjahr sommer herbst winter
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag januar februar
    märz april mai juni juli august september oktober november dezember mal
    """.split()
)
# "jeden Tag", "jede Woche" say how often someone does something: behaviour, not a date.
FREQUENCY_WORDS = frozenset({"jeden", "jede", "jeder", "jedes", "jedem"})
_RELATIVE_TIME = frozenset(
    stem + ending for stem in RELATIVE_TIME_STEMS for ending in ADJECTIVE_ENDINGS
)
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _rule, _words in STOP_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_words[0], []).append(_words)


def stop_positions(tokens: list[Token]) -> set[int]:
    """Indices of word tokens that belong to a stop phrase (rules R1–R5 above)."""
    out: set[int] = set()
    words = [i for i, t in enumerate(tokens) if t.is_word]
    lows = [tokens[i].lower for i in words]
    for n, low in enumerate(lows):
        for phrase in _PHRASES_BY_FIRST.get(low, ()):
            if tuple(lows[n : n + len(phrase)]) == phrase:
                out.update(words[n : n + len(phrase)])
        if low in _RELATIVE_TIME:  # R3
            out.add(words[n])
            if n + 1 < len(lows) and lows[n + 1] in CALENDAR_NOUNS:
                out.add(words[n + 1])
        elif low in CALENDAR_NOUNS and not (n and lows[n - 1] in FREQUENCY_WORDS):  # R5
            out.add(words[n])
    return out


# --- who did what -----------------------------------------------------------------------
FIRST_PERSON = frozenset({"ich", "wir"})
# Personal pronouns that can be a subject; "ihr" is a possessive when a capital follows.
SUBJECT_PRONOUNS = frozenset({"ich", "wir", "du", "er", "sie", "ihr"})
# The masculine object forms read like their ambiguous feminine counterparts ("brachte ihn
# auf die Idee" = "brachte sie auf die Idee"), so er/sie stories get the same owners.
PRONOUN_FOLD = {"ihn": "sie", "ihm": "ihr"}
# Determiners a subject (nominative) can start with; dative/accusative-only forms
# (den, dem, einen, meinem …) are not listed, so "den Vater pflegte sie" stays the writer's.
NOMINATIVE_DETERMINERS = frozenset(
    """
    der die das ein eine mein meine dein deine sein seine ihr ihre unser unsere euer eure
    dieser diese dieses jener jene jenes jeder jede jedes alle viele einige manche beide
    mehrere zwei drei vier fünf andere
    """.split()
)
GENITIVE_DETERMINERS = frozenset("des eines meines deines seines ihres unseres".split())
PREPOSITIONS = frozenset(
    """
    mit von zu zum zur bei beim nach aus auf für über unter vor durch gegen ohne um bis
    seit im ins am an vom in neben zwischen hinter wegen trotz statt während gegenüber
    als wie
    """.split()
)
# Words that open a clause and are skipped before looking for its subject.
CLAUSE_OPENERS = frozenset(
    """
    und oder aber sondern doch denn weil da dass damit ob obwohl obgleich wenn falls als
    nachdem bevor bis sobald seit seitdem während wie wo jedoch trotzdem deshalb
    deswegen dennoch dann also
    """.split()
)
RELATIVE_PRONOUNS = frozenset(
    "der die das dem den denen deren dessen welche welcher welches welchem welchen".split()
)
# Role nouns of other people (lemma, lower case; both gender forms on purpose). "Frau",
# "Mann" and "Herr" are left out: stories call their protagonist "die Frau" too.
PERSON_NOUNS = frozenset(
    """
    mutter vater eltern elternteil kind kinder tochter sohn schwester bruder geschwister
    oma opa großmutter großvater enkel enkelin tante onkel nichte neffe cousin cousine
    ehefrau ehemann partner partnerin freund freundin nachbar nachbarin baby
    kollege kollegin chef chefin vorgesetzte vorgesetzter meister meisterin ausbilder
    ausbilderin lehrer lehrerin leiter leiterin berater beraterin fallmanager
    fallmanagerin arbeitsvermittler arbeitsvermittlerin vermittler vermittlerin
    sozialpädagoge sozialpädagogin betreuer betreuerin trainer trainerin coach
    arbeitgeber arbeitgeberin kunde kundin gast bewohner bewohnerin patient patientin
    schüler schülerin arzt ärztin therapeut therapeutin teilnehmer teilnehmerin
    teilnehmende teilnehmender mitarbeiter mitarbeiterin mensch leute gruppe team
    jobcenter behörde
    """.split()
)
_ADJECTIVE_ENDINGS = ("e", "en", "em", "er", "es")
# Generic people: a bare "Leute, die …" describes a kind of person, not someone's act.
GENERIC_PEOPLE = frozenset({"leute", "menschen", "personen"})
# Role-noun protagonists (third-person stories): singular article phrases only, never a
# possessive ("meine Mutter" is someone else). The adjective stems describe a person's
# situation or training, the way such stories introduce their protagonist.
PROTAGONIST_ARTICLES = frozenset({"der", "die", "ein", "eine"})
PROTAGONIST_ADJECTIVE_STEMS = (
    "alleinerziehend", "gelernt", "ehemalig", "langzeitarbeitslos", "arbeitslos",
    "ausgebildet", "studiert", "gebürtig", "zweifach", "dreifach", "jung",
)
# A first subject acting on "sie/ihn/ihm" ("Die Mutter bat sie …") is someone else.
THIRD_PERSON_OBJECTS = frozenset("sie ihn ihm ihr er".split())
# Words that show a story is told by its writer (then a role noun is someone else).
WRITER_WORDS = frozenset("ich mich mir mein meine meinen meinem meiner meines".split())
# Words after a noun that continue its phrase: coordination, articles (in any case).
_PHRASE_GOES_ON = frozenset("und oder sowie den dem einen einem einer".split())
_NOT_ADJECTIVES = SUBJECT_PRONOUNS | NOMINATIVE_DETERMINERS | PREPOSITIONS | RELATIVE_PRONOUNS
_FUNCTION_WORDS = _NOT_ADJECTIVES | CLAUSE_OPENERS | GENITIVE_DETERMINERS
_PLURAL_OR_CASE = ("en", "n", "e", "er", "s")


def _person_noun(surface: str) -> bool:
    if not surface[:1].isupper():
        return False
    low = surface.lower()
    if low in PERSON_NOUNS:
        return True
    lem = lemma(surface)
    if lem in PERSON_NOUNS:
        return True
    for form in (low, lem):
        for ending in _PLURAL_OR_CASE:
            if form.endswith(ending) and form[: -len(ending)] in PERSON_NOUNS:
                return True
    return False


def _person_phrase(low: list[str], surf: list[str], n: int) -> bool:
    """A person noun phrase starts at ``n``: determiner? adjective* person noun."""
    m = n
    has_determiner = low[m] in NOMINATIVE_DETERMINERS
    if has_determiner:
        m += 1
    while (
        has_determiner
        and m < len(low)
        and m < n + 4
        and not surf[m][:1].isupper()
        and low[m].endswith(_ADJECTIVE_ENDINGS)
        and low[m] not in _NOT_ADJECTIVES
    ):
        m += 1  # inflected adjectives ("die anderen", "die älteren")
    if m >= len(low) or not _person_noun(surf[m]):
        return False
    if has_determiner:
        return True
    # A bare noun is a subject only in the plural ("Kollegen lobten sie"), never "Mutter"
    # and never a genitive in -s ("des Jobcenters").
    bare = surf[m].lower()
    return lemma(surf[m]) != bare and bare not in PERSON_NOUNS and not bare.endswith("s")


def _phrase_noun(low: list[str], surf: list[str], n: int) -> int:
    """Index of the role noun of the person phrase that starts at ``n`` (after
    ``_person_phrase`` said yes)."""
    m = n
    while m < len(low) and not _person_noun(surf[m]):
        m += 1
    return m


def _protagonist_key(low: list[str], surf: list[str], n: int) -> str | None:
    """The role key of a singular article phrase at ``n`` ("Die alleinerziehende Mutter",
    "Der Teilnehmer"), ``None`` for possessive, plural or bare phrases ("meine Mutter",
    "die Kinder", "Kollegen")."""
    if low[n] not in PROTAGONIST_ARTICLES:
        return None
    m = _phrase_noun(low, surf, n)
    if m >= len(low):
        return None
    noun = surf[m].lower()
    if low[n] == "die" and (lemma(surf[m]).lower() != noun or noun.endswith("innen")):
        return None  # "die Kinder", "die Teilnehmerinnen": plural
    if low[n] == "die" and not _feminine_singular(noun) and not _singular_verb(low, surf, m + 1):
        # "die Bewohner" – a masculine form after "die" – is a plural too, so that "die
        # Bewohnerinnen" and "die Bewohner" read alike (a gender swap must not make a
        # plural object the protagonist); unless a singular verb follows ("Die Teilnehmer
        # lernte": the number of the verb decides, as for "Der Teilnehmer lernte")
        return None
    return noun


# Role nouns that are feminine in the singular without -in ("die Mutter", "die Fachkraft").
FEMININE_SINGULAR_ENDINGS = ("in", "e", "mutter", "tochter", "schwester", "frau", "kraft",
                             "person", "hilfe")


SINGULAR_AUXILIARIES = frozenset(
    "ist war hat hatte wird wurde kann konnte muss musste will wollte soll sollte darf "
    "durfte mag mochte".split()
)
_NOT_VERBS = frozenset("nicht jetzt selbst erst meist sonst bereits oft zuletzt zunächst "
                       "gut mit bis seit".split())


def _singular_verb(low: list[str], surf: list[str], k: int) -> bool:
    """The word at ``k`` is a finite verb in the singular (*ist, hatte, lernte, arbeitet*)."""
    if k >= len(low) or not surf[k][:1].islower():
        return False
    word = low[k]
    if word in SINGULAR_AUXILIARIES:
        return True
    if word in _NOT_VERBS or word in _FUNCTION_WORDS or word.endswith("en"):
        return False
    return len(word) >= 4 and word.endswith(("te", "t"))


def _feminine_singular(noun: str) -> bool:
    """A noun that can be singular after "die": a female form (*-in*), an adjectival noun
    (*die Alleinerziehende*) or a feminine role noun (*Mutter, Fachkraft, Person*)."""
    return noun.endswith(FEMININE_SINGULAR_ENDINGS)


def _is_protagonist_phrase(low: list[str], surf: list[str], n: int) -> bool:
    """An article phrase that describes the person the story is about: a singular role noun
    with a describing adjective ("Die alleinerziehende Mutter", "Der gelernte …")."""
    return any(
        any(w.startswith(stem) for stem in PROTAGONIST_ADJECTIVE_STEMS)
        or "jährig" in w
        for w in low[n + 1 : _phrase_noun(low, surf, n)]
    )


def _zu_infinitive(low: list[str]) -> bool:
    if "zu" in low[:-1]:
        return True
    return any(len(w) > 6 and "zu" in w[2:-3] and w.endswith("en") for w in low[-2:])


def clause_owners(tokens: list[Token], spans: list[tuple[int, int]]) -> list[str]:
    """``SELF`` or ``OTHER`` for every clause in ``spans`` (see the module docstring)."""
    owners: list[str] = []
    previous_end_char = -1
    sentence_owner: str | None = None
    previous_last_person = False
    # A story told in the third person may name its protagonist by a role ("Die
    # alleinerziehende Mutter …", "Der Teilnehmer …"): that phrase is the protagonist, not
    # someone else – when the story has no "ich", and the phrase is its first subject or
    # has a describing adjective. Later phrases with the same role noun are the protagonist.
    third_person = not any(t.is_word and t.lower in WRITER_WORDS for t in tokens)
    protagonist: set[str] = set()
    first_subject_seen = False
    for start, end in spans:
        idx = [i for i in range(start, end) if tokens[i].is_word]
        # A new sentence starts when sentence punctuation lies between the clauses.
        between = tokens[max(previous_end_char, 0) : start]
        if previous_end_char < 0 or any(t.surface in ".!?;:" for t in between):
            sentence_owner = None
            previous_last_person = False
        previous_end_char = end
        if not idx:
            owners.append(SELF)
            continue
        low = [PRONOUN_FOLD.get(tokens[i].lower, tokens[i].lower) for i in idx]
        surf = [tokens[i].surface for i in idx]
        found: list[int] = []
        owner = _owner(low, surf, sentence_owner, previous_last_person, found)
        if found and found[0] >= 0 and third_person:
            key = _protagonist_key(low, surf, found[0])
            if key is not None and (
                _is_protagonist_phrase(low, surf, found[0])
                or (not first_subject_seen and not THIRD_PERSON_OBJECTS & set(low))
            ):
                protagonist.add(key)
            if key is not None and key in protagonist:
                owner = SELF
        first_subject_seen = first_subject_seen or bool(found)
        owners.append(owner)
        sentence_owner = owner
        # A relative clause on a specific person is that person's ("den Nachbarn, die krank
        # waren"); on generic people without a determiner ("Leute, die selbst Impulse
        # geben") it describes a kind of person, not what someone else did.
        previous_last_person = _person_noun(surf[-1]) and not (
            low[-1] in GENERIC_PEOPLE and (len(low) < 2 or low[-2] not in _NOT_ADJECTIVES)
        )
    return owners


def _owner(
    low: list[str],
    surf: list[str],
    inherited: str | None,
    after_person: bool,
    found: list[int] | None = None,
) -> str:
    """The owner of one clause. ``found`` receives where its own subject was found: the
    start of a person phrase, or -1 for a pronoun (nothing when no subject was found)."""
    found = [] if found is None else found
    if FIRST_PERSON & set(low):
        found.append(-1)
        return SELF
    n = 0
    while n < len(low) and low[n] in CLAUSE_OPENERS:
        n += 1
    if inherited is not None and n < len(low) and low[n] in RELATIVE_PRONOUNS and (
        n + 1 < len(low) and not surf[n + 1][:1].isupper()
    ):
        # A relative clause: its own pronoun subject decides, else its antecedent.
        if n + 1 < len(low) and low[n + 1] in SUBJECT_PRONOUNS:
            return SELF
        return OTHER if after_person else inherited
    if (
        inherited is not None
        and n < len(low)
        and not surf[n][:1].isupper()
        and low[n] not in _NOT_ADJECTIVES
    ):
        # Starts with a verb: the subject of the clause before goes on ("…, bekam später
        # die Kinder und …"); what follows the verb is its object, not a new subject –
        # unless a pronoun right after the verb is the subject ("…, lebt sie von …").
        if n + 1 < len(low) and low[n + 1] in SUBJECT_PRONOUNS - {"ihr"}:
            return SELF  # not "ihr": after a verb it is a dative or a possessive
        return inherited
    if inherited is not None and _zu_infinitive(low) and not SUBJECT_PRONOUNS & set(low):
        return inherited  # "…, Menschen eine Freude zu machen": no subject of its own
    after_preposition = False
    for m in range(n, min(len(low), n + 7)):
        word = low[m]
        if word in SUBJECT_PRONOUNS and not (
            word == "ihr" and m + 1 < len(low) and surf[m + 1][:1].isupper()
        ):
            found.append(-1)
            return SELF
        if word in PREPOSITIONS or word in GENITIVE_DETERMINERS:
            after_preposition = True
            continue
        after_noun = (  # a genitive: "Hilfe der Kollegen"
            m > n and surf[m - 1][:1].isupper() and low[m - 1] not in _FUNCTION_WORDS
        )
        if after_noun and not surf[m][:1].isupper() and word not in _PHRASE_GOES_ON:
            # The verb after a prepositional phrase ends it ("Am Geburtstag lachten …");
            # "und den Kindern" after "mit ihrem Mann" still belongs to it.
            after_preposition = False
        if after_noun and word in NOMINATIVE_DETERMINERS:
            after_preposition = True
            continue
        if not after_preposition and not after_noun and _person_phrase(low, surf, m):
            found.append(m)
            return OTHER
    return SELF


def foreign_spans(tokens: list[Token], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges of the clauses whose subject is another person."""
    out = []
    for (start, end), owner in zip(spans, clause_owners(tokens, spans), strict=True):
        if owner == OTHER and start < end:
            out.append((tokens[start].start, tokens[end - 1].end))
    return out
