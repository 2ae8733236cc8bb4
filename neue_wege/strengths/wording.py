"""Appreciative-wording check for strength feedback notes (PURE: no Django, no ORM).

Peer feedback is appreciative by design. A note that *looks* hurtful or off-topic is not
rejected; it waits for the facilitator (status HELD, `held_reason` = the German reason
returned here). The check therefore errs on the side of letting kind notes through:
appreciative negations ("hat nicht aufgegeben", "nie unpünktlich", "du bist kein Versager")
are not flagged.

    >>> check_note("Du hast nicht aufgegeben, das ist Durchhaltevermögen.") is None
    True
    >>> check_note("Du bist echt dumm.").code
    'attack'

What is flagged, in this order (the first hit gives the reason):

1. ``contact`` – links, e-mail addresses, phone numbers, social-media handles and requests
   to talk privately (no private contact via feedback);
2. ``profanity`` – swear words, whatever the context;
   ``prejudice`` – slurs against a group, and generalisations about a group of people by
   origin, religion, gender, disability or age: a group word with a generalising marker
   ("typisch", "alle", "immer", "sowieso", "ihr Ausländer", "für eine Frau", "Leute wie
   du") or a group in the plural as the subject of a general statement ("Muslime feiern
   …", "Behinderte kosten …"), and fixed phrases ("in deinem Alter", "zurück in dein
   Land", "Frauensache");
3. ``attack`` – a second-person (or third-person) put-down: "du bist …", "Sie sind …",
   "er war …" + a negative word, "du kannst nichts", "aus dir wird nie was";
4. ``insult`` – a put-down noun or a strongly negative adjective that is not negated
   ("Versager", "Vollidiot", "erbärmlich"; not "kein Versager");
5. ``negated_strength`` – a strength denied ("nicht fähig", "kein Mut", "nie zuverlässig"),
   except when the negation is about losing or giving up ("nie die Geduld verloren");
6. ``shouting`` – mostly capital letters in a longer note;
7. ``off_topic`` – a longer note that shares no word with the story, names no strength and
   has no word of appreciation.

Words are compared as simplemma lemmas (lower case) and as their lower-case spelling, so
inflection ("Idioten", "unfähige", "blöden") is covered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import simplemma


@dataclass(frozen=True, slots=True)
class WordingFlag:
    """Why a note waits for the facilitator. `reason` is German and shown to staff."""

    code: str
    reason: str


REASONS = {
    "contact": "Die Notiz enthält einen Link, eine E-Mail-Adresse oder eine Telefonnummer.",
    "profanity": "Die Notiz enthält ein Schimpfwort.",
    "prejudice": "Die Notiz verallgemeinert über eine Gruppe von Menschen (Herkunft, "
    "Religion, Geschlecht, Behinderung oder Alter).",
    "attack": "Die Notiz spricht abwertend über die Person.",
    "insult": "Die Notiz enthält ein abwertendes Wort.",
    "negated_strength": "Die Notiz spricht der Person eine Stärke ab.",
    "shouting": "Die Notiz ist überwiegend in Großbuchstaben geschrieben.",
    "off_topic": "Die Notiz scheint nichts mit der Geschichte oder einer Stärke zu tun zu "
    "haben.",
}

# --- lexicons (lemmas, lower case) ----------------------------------------------------------
# Always hurtful, whatever stands around them.
PROFANITY = frozenset(
    """
    arschloch arschlöcher arsch wichser fotze hure hurensohn schlampe missgeburt spast
    spasti spacko bastard fresse kacke scheiße scheisse scheiß scheiss verpissen wixer
    drecksau mistkerl miststück drecksack penner vollpfosten schwachmat
    """.split()
)
# Profanity as the first part of a compound ("Scheißtag", "Drecksarbeit").
PROFANITY_PREFIXES = ("scheiß", "scheiss", "arsch", "kack")

# Put-down nouns: hurtful unless negated ("du bist kein Versager").
PUTDOWN_NOUNS = frozenset(
    """
    idiot idiotin vollidiot depp trottel versager versagerin loser dummkopf nichtsnutz
    taugenichts faulpelz schmarotzer sozialschmarotzer lügner lügnerin heuchler heuchlerin
    spinner spinnerin witzfigur lachnummer niete asi assi psycho schwachkopf hohlkopf
    dummerchen blödmann trottelin feigling jammerlappen weichei memme schleimer heulsuse
    angeber angeberin jammerer nervensäge wichtigtuer wichtigtuerin
    """.split()
)
# Heads of put-down compounds ("Riesenidiot", "Obertrottel").
PUTDOWN_HEADS = ("idiot", "trottel", "versager", "depp", "schmarotzer", "dummkopf")

# Strongly negative adjectives: hurtful anywhere unless negated.
STRONG_NEGATIVE = frozenset(
    """
    bescheuert dämlich hässlich nutzlos wertlos unfähig erbärmlich armselig lächerlich
    jämmerlich asozial hirnlos minderbemittelt bekloppt beknackt idiotisch
    ungenießbar blödsinn schwachsinn
    """.split()
)
# Milder negative words: only hurtful when said about the person ("du bist faul").
MILD_NEGATIVE = frozenset(
    """
    dumm blöd doof peinlich behindert gestört widerlich ekelhaft abstoßend unerträglich
    faul langsam schwach unpünktlich unzuverlässig chaotisch nervig anstrengend naiv
    feige egoistisch arrogant eingebildet unhöflich frech komisch seltsam merkwürdig
    schlecht unfreundlich unordentlich schlampig kindisch unreif ungeschickt
    falsch verrückt lahm unnötig überflüssig
    """.split()
)

# Positive qualities; a negation right before one of them denies a strength.
STRENGTH_WORDS = frozenset(
    """
    fähig zuverlässig pünktlich sorgfältig fleißig motiviert mutig stark selbstbewusst
    belastbar flexibel selbstständig selbständig verantwortungsbewusst lernbereit neugierig
    offen zuversichtlich diszipliniert geduldig gelassen ehrlich hilfsbereit einfühlsam
    freundlich teamfähig kommunikativ kontaktfreudig kritikfähig konfliktfähig fürsorglich
    tolerant respektvoll kreativ ordentlich organisiert höflich kompetent klug schlau begabt
    talentiert engagiert ausdauernd zielstrebig entschlossen hartnäckig tapfer fleiß mut
    geduld ausdauer talent kompetenz verantwortung zuverlässigkeit pünktlichkeit sorgfalt
    motivation durchhaltevermögen zielstrebigkeit entschlossenheit selbstvertrauen
    belastbarkeit flexibilität selbstständigkeit verantwortungsbewusstsein lernbereitschaft
    ehrlichkeit hilfsbereitschaft einfühlungsvermögen freundlichkeit teamfähigkeit
    kreativität
    """.split()
)

# Words of appreciation: a note with one of them is on topic by definition.
APPRECIATION = frozenset(
    """
    toll super klasse prima stark beeindruckend beeindrucken bewundern bewundere respekt
    stolz gut großartig wunderbar schön mutig danke dank geschafft schaffen gemacht machen
    weiter weitermachen kompliment glückwunsch glückwünsche bravo spitze gelungen
    herzlich vorbild inspirierend berühren berührt bemerkenswert hut chapeau wow
    stärke stärken fähigkeit fähigkeiten eigenschaft talent zeigen zeigt gezeigt
    """.split()
)

NEGATORS = frozenset(
    "nicht nie niemals kein keine keinen keinem keiner keines nichts kaum keineswegs "
    "keinesfalls".split()
)
# "nicht nur mutig, sondern auch …" is praise, not a negation.
NOT_NEGATING_AFTER = frozenset({"nur", "bloß", "allein", "zuletzt", "umsonst"})
# Words that may stand between a negator and what it negates.
FILLERS = frozenset(
    """
    so sehr besonders wirklich gerade ganz allzu wirklich echt sonderlich eben mal gar
    der die das den dem des ein eine einen einem einer eines dein deine deinen deinem
    deiner ihr ihre ihren ihrem ihrer sein seine seinen seinem seiner viel viele wenig
    einmal ein bisschen besonders richtig
    """.split()
)
# A negation followed by one of these is about losing something: "nie die Geduld verloren".
LOSS_WORDS = frozenset(
    """
    verlieren verloren verlor verlierst verliert aufgeben aufgegeben aufgab gab auf aus
    vergessen vergaß fehlen gefehlt fehlte fehlt ausgehen ausgegangen weg nehmen genommen
    nahm lassen ließ hängen abbringen abgebracht unterkriegen
    """.split()
)

SUBJECTS_2ND = frozenset({"du", "ihr", "sie", "er", "geschichte", "text", "idee"})
# With one of these in the note, a mild word describes a hard moment ("du warst krank und
# bist trotzdem gekommen"), not the person.
CONTRAST = frozenset({"trotzdem", "dennoch", "aber", "obwohl", "trotz", "obgleich"})
FIRST_PERSON = frozenset({"ich", "mir", "mich", "wir", "uns"})
_DATE = re.compile(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}")
COPULAS = frozenset(
    {"bist", "warst", "seid", "wart", "sind", "waren", "ist", "war", "wirkst", "wirkt",
     "bleibst", "bleibt", "wärst", "wäre", "wirst", "wird"}
)
INTENSIFIERS = frozenset(
    """
    so echt total voll ziemlich richtig wirklich einfach halt eben sehr ganz ja doch
    schon immer mal wohl nur auch extrem mega absolut ein eine einer einfach
    """.split()
)

_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:de|com|net|org|info|eu|io|"
                  r"me|ly|to|tv|app)\b(?:/\S*)?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Asking for or offering private contact: messengers, social networks, handles, "meine Nummer".
_CONTACT_INTENT = re.compile(
    r"(?i)\b(?:whats\s?app|insta(?:gram)?|facebook|telegram|snapchat|tik\s?tok|signal-?"
    r"(?:nummer|gruppe))\b|(?<![\w.])@[a-z0-9_.]{3,}\b"
    r"|\b(?:handynummer|telefonnummer|nummer|adresse|mailadresse)\b.{0,30}\b(?:gib|schick|"
    r"schreib|meld|ruf|hier)|\b(?:gib|schick|schreib)\s+mir\s+(?:mal\s+)?(?:deine|ihre)\s+"
    r"(?:handy|telefon)?nummer|\bprivat\s+(?:treffen|schreiben|klären)|\bklären\s+wir\s+das\s+privat"
)
_PHONE = re.compile(r"(?:\+|\b)\d(?:[\d\s/().-]{5,}\d)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_CLAUSE_SPLIT = re.compile(r"[.,;:!?()\"„“”–—]+|\b(?:aber|sondern|weil|obwohl|doch)\b",
                           re.IGNORECASE)

# Function words that say nothing about the topic (for the off-topic test).
STOPWORDS = frozenset(
    """
    der die das den dem des ein eine einen einem einer eines und oder aber sondern doch
    ist sind war waren bin bist wird wurde wurden werden hat hatte hatten habe haben hast
    nicht nie kein keine auch noch schon sehr nur mehr immer wieder ich du er sie es wir
    ihr mich mir dich dir ihn ihm uns euch sich sein seine ihre mein meine dein deine
    mit von zu zum zur bei nach aus auf für über unter vor durch gegen ohne um bis seit
    im ins am vom beim dass weil wenn als wie ob dann denn da dort hier heute jetzt
    dieser diese dieses jeder jede alle viel viele kann konnte können muss musste will
    wollte soll sollte man etwas nichts ganz gern gerne so was wer wo ja nein mal eben
    halt einfach wirklich echt total finde fand glaube denke meine findest
    """.split()
)
# Everyday verbs say nothing about the topic either (compared as lemmas).
COMMON_LEMMAS = frozenset(
    "kommen gehen geben sagen stehen bringen lassen tun sehen sein haben werden "
    "machen nehmen wissen heute morgen gestern mal alle".split()
)
OFF_TOPIC_MIN_WORDS = 6
SHOUT_MIN_LETTERS = 15
SHOUT_RATIO = 0.8


@lru_cache(maxsize=20_000)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="de").lower()


def _keys(word: str) -> frozenset[str]:
    low = word.lower()
    return frozenset({low, _lemma(word), _lemma(low)})


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _flag(code: str) -> WordingFlag:
    return WordingFlag(code=code, reason=REASONS[code])


def _is_negated(words: list[str], index: int) -> bool:
    """A negator stands before `words[index]` in its clause (fillers may stand between)."""
    j = index - 1
    while j >= 0:
        low = words[j].lower()
        if low in NEGATORS:
            following = words[j + 1].lower() if j + 1 < len(words) else ""
            return following not in NOT_NEGATING_AFTER
        if low in FILLERS or low in INTENSIFIERS or low in COPULAS or low in SUBJECTS_2ND:
            j -= 1
            continue
        return False
    return False


def _clauses(text: str) -> list[list[str]]:
    return [words for part in _CLAUSE_SPLIT.split(text) if (words := _words(part))]


def _has_contact(text: str) -> bool:
    if _URL.search(text) or _EMAIL.search(text) or _CONTACT_INTENT.search(text):
        return True
    for match in _PHONE.finditer(_DATE.sub(" ", text)):
        if sum(ch.isdigit() for ch in match.group()) >= 7:
            return True
    return False


def _profanity(words: list[str]) -> bool:
    for word in words:
        keys = _keys(word)
        if keys & PROFANITY:
            return True
        low = word.lower()
        if len(low) > 6 and low.startswith(PROFANITY_PREFIXES) and not low.startswith(
                ("arschkalt",)):
            return True
    return False


def _is_putdown_noun(word: str) -> bool:
    keys = _keys(word)
    if keys & PUTDOWN_NOUNS:
        return True
    low = word.lower()
    return any(low.endswith(head) or low.endswith(head + "en") or low.endswith(head + "in")
               for head in PUTDOWN_HEADS if len(low) > len(head) + 2)


def _negative(word: str, *, mild: bool) -> bool:
    keys = _keys(word)
    if keys & STRONG_NEGATIVE or _is_putdown_noun(word):
        return True
    return mild and bool(keys & MILD_NEGATIVE)


def _attack(clauses: list[list[str]], *, contrast: bool) -> bool:
    for words in clauses:
        lows = [w.lower() for w in words]
        for i, low in enumerate(lows):
            # "du bist (so/echt/ein) X", "bist du X", "Sie sind X", "er war X"
            if low in COPULAS:
                subject = (i > 0 and lows[i - 1] in SUBJECTS_2ND) or (
                    i + 1 < len(lows) and lows[i + 1] in SUBJECTS_2ND)
                if not subject:
                    continue
                k = i + 1
                if k < len(lows) and lows[k] in SUBJECTS_2ND:
                    k += 1
                negated = False
                while k < len(lows) and (lows[k] in INTENSIFIERS or lows[k] in NEGATORS):
                    if lows[k] in NEGATORS and (
                            k + 1 >= len(lows) or lows[k + 1] not in NOT_NEGATING_AFTER):
                        negated = True
                    k += 1
                if k < len(lows) and not negated and _negative(words[k], mild=not contrast):
                    return True
            # "du kannst nichts", "du schaffst das nie", "aus dir wird nie was"
            if low == "du" and i + 1 < len(lows) and lows[i + 1] in {"kannst", "schaffst"}:
                rest = lows[i + 2:]
                if rest and rest[-1] in {"nichts", "nie", "niemals"} and len(rest) <= 3:
                    return True
            if low == "aus" and lows[i + 1:i + 2] in (["dir"], ["ihnen"], ["euch"]) and any(
                    w in NEGATORS for w in lows[i + 2:i + 5]):
                return True
            if low == "du" and lows[i + 1:i + 4] == ["hast", "keine", "ahnung"]:
                return True
            if low in {"halt", "halts"} and [w for w in lows[i + 1:i + 5] if w not in
                                             INTENSIFIERS][:2] in (
                    ["die", "klappe"], ["den", "mund"], ["die", "fresse"], ["dein", "maul"],
                    ["die", "schnauze"]):
                return True
    return False


def _insult(clauses: list[list[str]]) -> bool:
    for words in clauses:
        for i, word in enumerate(words):
            if _negative(word, mild=False) and not _is_negated(words, i):
                return True
    return False


def _negated_strength(clauses: list[list[str]]) -> bool:
    for words in clauses:
        lows = [w.lower() for w in words]
        # Negation about losing or giving up is praise ("nie die Geduld verloren"); the note's
        # writer speaking of themself is modesty ("ich hätte nicht so viel Geduld").
        if any(_keys(w) & LOSS_WORDS for w in words[1:]) or FIRST_PERSON & set(lows):
            continue
        for i, word in enumerate(words):
            if not (_keys(word) & STRENGTH_WORDS):
                continue
            if _is_negated(words, i):
                return True
            # "weniger fähig", "wenig Geduld"
            if i > 0 and lows[i - 1] in {"wenig", "weniger", "null", "kaum"}:
                return True
    return False

# --- prejudice: generalisations about groups of people --------------------------------------
# Slurs against a group: held whatever the context.
GROUP_SLURS = frozenset(
    """
    kanake kanaken zigeuner zigeunerin neger negerin schlitzauge schlitzaugen kümmeltürke
    kümmeltürken kopftuchmädchen tunte schwuchtel krüppel mongo mongos spastiker ossi-pack
    asylant asylanten musel
    """.split()
)
# Group words by origin, religion, gender, disability and age (lower-case beginnings, so
# inflection and compounds count: "Ausländern", "Frauensache", "Rollstuhlfahrerin").
GROUP_STEMS = (
    # origin
    "ausländer", "migrant", "zuwanderer", "flüchtling", "asylbewerber", "türke", "türken",
    "türkin", "araber", "syrer", "afghan", "afrikaner", "schwarze", "russe", "russen",
    "russin", "polen", "polin", "rumäne", "rumänen", "rumänin", "bulgare", "bulgaren",
    "kurde", "kurden", "roma", "sinti", "asiat", "chinese", "chinesen", "italiener",
    "griechen", "ukrainer", "ossis", "wessis", "ausländisch",
    # religion
    "muslim", "moslem", "christen", "juden", "jude", "jüdin", "islam", "kopftuch",
    # gender
    "frau", "männer", "mann", "weib", "mädchen", "jungs", "schwule", "lesbe",
    # disability
    "behindert", "rollstuhlfahrer", "blinde", "gehörlos",
    # age
    "rentner", "jugendliche", "alte", "alten", "senior",
)
# Words beginning like a group word that are not one.
GROUP_NOT = frozenset(
    """
    polenta manns mannschaft mannschaften frauenarzt frauenärztin alternative alternativen
    alter altenpflege altenpflegerin altenpfleger altenheim italienisch behinderung
    """.split()
)
# Markers that turn a group word into a generalisation.
GENERALISERS = frozenset(
    """
    typisch typische typischer typisches alle allen meisten immer nie niemals ständig
    sowieso eh halt nun solche solchen solcher euresgleichen deinesgleichen
    """.split()
)
# Verbs of a general statement with a group in the plural as subject ("Behinderte kosten").
GENERIC_VERBS = frozenset(
    """
    sind können wollen sollen sollten müssen dürfen gehören kriegen bekommen kosten
    machen nehmen klauen arbeiten feiern haben leben lernen kommen zahlen
    """.split()
)
PLURAL_GROUP_ENDINGS = ("er", "en", "e", "s", "innen")
_PREJUDICE_PHRASES = re.compile(
    r"(?i)\b(?:in|für|mit|bei)\s+(?:deinem|dein|ihrem|ihr|eurem|euer)\s+alter\b"
    r"|\bzu\s+alt\b|\bzurück\s+(?:in|nach)\s+(?:dein|ihr|euer|deine|eure)"
    r"|\b(?:dein|euer|ihr)\s+volk\b|\beure\s+(?:sorte|leute|kultur|religion)\b"
    r"|\bleute\s+wie\s+(?:du|dich|ihr|euch|sie)\b"
    r"|\b(?:frauen|männer|weiber)(?:sache|kram|arbeit|job)\b"
    r"|\bwie\s+ein\s+(?:mädchen|weib)\b"
)


def _group_word(word: str) -> bool:
    low = word.lower()
    if low in GROUP_NOT:
        return False
    return low.startswith(GROUP_STEMS) or low in GROUP_SLURS


def _prejudice(text: str, clauses: list[list[str]]) -> bool:
    if _PREJUDICE_PHRASES.search(text):
        return True
    for words in clauses:
        lows = [w.lower() for w in words]
        if set(lows) & GROUP_SLURS:
            return True
        groups = [i for i, w in enumerate(words) if _group_word(w)]
        if not groups:
            continue
        if GENERALISERS & set(lows):
            return True
        for i in groups:
            # "alte Leute", "behinderte Menschen": the group is the phrase's head
            if lows[i + 1:i + 2] in (["leute"], ["menschen"]):
                words, lows = words[:i] + words[i + 1:], lows[:i] + lows[i + 1:]
                lows[i] = "leute"
            before = lows[i - 1] if i > 0 else ""
            before2 = lows[i - 2] if i > 1 else ""
            # "ihr Ausländer", "euch Türken", "bei euch Frauen"
            if before in {"ihr", "euch", "uns"}:
                return True
            # "für eine Frau", "für einen Flüchtling", "als Moslem darfst du …"
            if before2 == "für" and before in {"ein", "eine", "einen"}:
                return True
            if before == "als" and i == 1 and set(lows) & {
                    "darfst", "kannst", "musst", "solltest", "darf", "kann", "muss"}:
                return True
            # a group in the plural as subject of a general statement:
            # "Muslime feiern …", "Die Araber kochen …", "Behinderte kosten …"
            opening = i == 0 or (i == 1 and before in {"die", "diese", "viele", "manche"}) or (
                i == 1 and words[0][0].isupper() and before not in {"als", "für"})
            if opening and lows[i].endswith(PLURAL_GROUP_ENDINGS) and lows[i] not in {
                    "frau", "mann", "alte", "jude", "russe"}:
                rest = lows[i + 1:i + 4]
                if any(w in GENERIC_VERBS or _lemma(w) in GENERIC_VERBS or w.endswith("en")
                       for w in rest[:1]):
                    return True
    return False


def _shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < SHOUT_MIN_LETTERS:
        return False
    upper = sum(ch.isupper() for ch in letters)
    return upper / len(letters) >= SHOUT_RATIO


def _content_keys(words: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for word in words:
        low = word.lower()
        if low in STOPWORDS or len(low) < 3:
            continue
        word_keys = _keys(word)
        if word_keys & COMMON_LEMMAS:
            continue
        keys |= word_keys
        keys.add(low[:5])  # a shared stem covers compounds and odd inflection
    return keys


def _off_topic(words: list[str], story_text: str, strength_words: Iterable[str]) -> bool:
    content = [w for w in words if w.lower() not in STOPWORDS and len(w) >= 3]
    if len(content) < OFF_TOPIC_MIN_WORDS or not story_text.strip():
        return False
    note_keys = _content_keys(content)
    if note_keys & (APPRECIATION | STRENGTH_WORDS):
        return False
    strength_keys = _content_keys(w for phrase in strength_words for w in _words(phrase))
    if note_keys & strength_keys:
        return False
    return not (note_keys & _content_keys(_words(story_text)))


def check_note(note: str, *, story_text: str = "",
               strength_words: Iterable[str] = ()) -> WordingFlag | None:
    """`None` when the note may be shown at once; else why it waits for the facilitator.

    `story_text` is the story the note is about; `strength_words` are the labels of the
    chosen strengths (and any other strength words), both for the off-topic test only.
    """
    note = (note or "").strip()
    if not note:
        return None
    if _has_contact(note):
        return _flag("contact")
    words = _words(note)
    parts = _clauses(note)
    if _prejudice(note, parts):
        return _flag("prejudice")
    if _profanity(words):
        return _flag("profanity")
    contrast = bool(CONTRAST & {w.lower() for w in words})
    if _attack(parts, contrast=contrast):
        return _flag("attack")
    if _insult(parts):
        return _flag("insult")
    if _negated_strength(parts):
        return _flag("negated_strength")
    if _shouting(note):
        return _flag("shouting")
    if _off_topic(words, story_text, strength_words):
        return _flag("off_topic")
    return None


__all__ = ["REASONS", "WordingFlag", "check_note"]
