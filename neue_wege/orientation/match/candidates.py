"""Which occupations may be suggested at all, at which requirement level, and with which limits.

Pure (no Django). Three rules, applied after the ranking score is computed:

1. **Never suggested** (``EXCLUSION_RULES``): occupations a job centre must not put in front
   of its clients – no KldB 2010 Berufsgattung (not a recognised German occupation), armed
   forces, fortune-telling and esoterics, escort and partner agencies, gambling, and
   management or supervisory posts. Structure first (ISCO-08 groups, KldB codes), a short
   word list on the German label only where the classification cannot tell (an ESCO
   occupation inherits its ISCO group's KldB code, so "Spielhallenaufsicht" sits in ISCO
   3359 next to inspectors). Management posts stay in when the person's own text says they
   held one (``held_management``); nothing else has an exception.
2. **Requirement level** (``level_rule``): the KldB Anforderungsniveau (5th digit: 1 Helfer,
   2 Fachkraft, 3 Spezialist, 4 Experte) must fit the person's school and vocational
   qualification (``QUALIFICATIONS``) or be reachable through a named training path
   (Teilqualifizierung, Ausbildung, Umschulung, Fortbildung, Anerkennung); the reason names
   the path. Experte posts need a university degree (or the recognition of a foreign one): a
   degree course is no training path the job centre pays for (§ 7 Abs. 5 SGB II).
3. **Limits** (``LIMITS``): what the person told us (health, mobility, childcare). An
   occupation whose ESCO skills or ISCO group conflict with a limit is lowered, with an
   "Achtung: …" reason in plain German; with a health limit and strong evidence (an
   essential ESCO skill or a group whose work is the conflict) it is removed – work the
   person's health does not allow is not reasonable (§ 10 Abs. 1 Nr. 1 SGB II).

Without a qualification the level rule is off (the mild uniform level prior of the engine
stays); without limits nothing is lowered. Rule 1 always applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from neue_wege.core.text import tokenize

from .data import Occupation, OccupationData

# --- qualifications -------------------------------------------------------------------
# Vocational ids are the values of clients.Client.Qualification; school ids are
# "school_" + clients.Client.SchoolQualification values.
VOCATIONAL = {
    "none": "ohne Berufsabschluss",
    "partial": "Teilqualifizierung (Teile eines Berufsabschlusses)",
    "foreign": "ausländischer Abschluss, nicht anerkannt",
    "vocational": "Berufsausbildung",
    "advanced": "Meister, Techniker oder Fachwirt",
    "academic": "Hochschulabschluss (Studium)",
}
SCHOOL = {
    "school_none": "ohne Schulabschluss",
    "school_basic": "Hauptschulabschluss (Erster Schulabschluss)",
    "school_middle": "Mittlerer Schulabschluss (Realschulabschluss)",
    "school_foreign": "ausländischer Schulabschluss",
    "school_fh": "Fachhochschulreife",
    "school_higher": "Abitur (allgemeine Hochschulreife)",
}
QUALIFICATIONS = {**VOCATIONAL, **SCHOOL}
_VOCATIONAL_ORDER = ("none", "partial", "foreign", "vocational", "advanced", "academic")
_SCHOOL_ORDER = ("school_none", "school_basic", "school_middle", "school_foreign",
                 "school_fh", "school_higher")

LEVEL_NAMES = {1: "Helfer", 2: "Fachkraft", 3: "Spezialist", 4: "Experte"}

# --- limits ---------------------------------------------------------------------------
LIMITS = {
    "no_heavy_lifting": "darf nicht schwer heben",
    "no_long_standing": "kann nicht lange stehen",
    "no_night_shift": "keine Nachtschichten",
    "no_driving_licence": "kein Führerschein",
    "public_transport_only": "nur mit Bus und Bahn unterwegs",
    "childcare_hours": "feste Zeiten wegen Kinderbetreuung",
}
HEALTH_LIMITS = frozenset({"no_heavy_lifting", "no_long_standing", "no_night_shift"})
LIMIT_REASONS = {
    "no_heavy_lifting": "Achtung: In diesem Beruf hebt man oft schwer – Sie haben angegeben, "
                        "nicht schwer heben zu dürfen.",
    "no_long_standing": "Achtung: In diesem Beruf steht man oft lange – Sie haben angegeben, "
                        "nicht lange stehen zu können.",
    "no_night_shift": "Achtung: In diesem Beruf arbeitet man oft im Schichtdienst, auch nachts "
                      "– Sie haben angegeben, keine Nachtschichten machen zu können.",
    "no_driving_licence": "Achtung: In diesem Beruf braucht man einen Führerschein – Sie haben "
                          "angegeben, keinen zu haben. Das Jobcenter kann den Führerschein "
                          "unter Umständen fördern.",
    "public_transport_only": "Achtung: In diesem Beruf fährt man oft selbst oder arbeitet zu "
                             "Zeiten, in denen kaum Bus und Bahn fahren – Sie haben angegeben, "
                             "nur mit Bus und Bahn unterwegs zu sein.",
    "childcare_hours": "Achtung: In diesem Beruf arbeitet man oft im Schichtdienst oder zu "
                       "wechselnden Zeiten – Sie haben angegeben, feste Zeiten für die "
                       "Kinderbetreuung zu brauchen.",
}
# factor on the score when the occupation conflicts with the limit (weak / strong evidence);
# None: removed
LIMIT_FACTORS: dict[str, tuple[float, float | None]] = {
    "no_heavy_lifting": (0.6, None),
    "no_long_standing": (0.6, 0.6),
    "no_night_shift": (0.6, 0.6),
    "no_driving_licence": (0.6, 0.5),
    "public_transport_only": (0.8, 0.7),
    "childcare_hours": (0.7, 0.7),
}

# Evidence for a limit conflict: ESCO skills (English preferred label, stable across
# versions) and ISCO-08 groups (prefix) whose work *is* the conflict.
HEAVY_SKILLS = frozenset({
    "lift heavy weights", "assist in the movement of heavy loads",
    "load heavy items on pallets", "apply various lifting techniques", "carry objects",
    "transfer patients", "load cargo", "unload cargo", "load cargo onto ships",
    "perform loading and unloading operations", "unload supplies",
    "load products for dispatch", "lift stacks of paper", "load bulk trucks",
})
HEAVY_ISCO_STRONG = ("711", "9311", "9312", "9313", "9329", "9333", "9334", "9621")
HEAVY_ISCO_WEAK = ("2221", "3221", "5321", "5322", "712", "6", "9211", "9214", "9215")
STANDING_ISCO = ("512", "513", "514", "5223", "5230", "5246", "751", "91", "932", "933",
                 "941", "712", "713", "8")
NIGHT_SKILLS = frozenset({"work in shifts"})
NIGHT_ISCO = ("2221", "3221", "3222", "3258", "5321", "5411", "5412", "5413", "5414",
              "7512", "4224", "8311", "8331")
DRIVING_SKILLS = frozenset({
    "drive vehicles", "drive in urban areas", "perform defensive driving",
    "drive two-wheeled vehicles", "drive automatic car", "manoeuvre heavy trucks",
    "drive ambulance under emergency conditions", "drive ambulance under non-emergency "
    "conditions", "drive firetruck under emergency conditions", "drive waste collection "
    "vehicle", "apply advanced driving techniques", "park vehicles", "parallel park vehicles",
    "drive heavy duty trucks for snow removal", "drive chipper truck", "drive trams",
})
DRIVING_ISCO = ("832", "833", "5165")

# --- rule 1 ---------------------------------------------------------------------------
EXCLUSION_RULES = {
    "no_kldb": "keine KldB-2010-Berufsgattung (kein anerkannter Beruf in Deutschland)",
    "armed_forces": "Streitkräfte (ISCO-08 Hauptgruppe 0, KldB 01; Wortliste)",
    "esoteric": "Wahrsagen und Esoterik (ISCO-08 5161; Wortliste)",
    "escort": "Escort, Partnervermittlung, Club-Betreuung (ISCO-08 5169; Wortliste)",
    "gambling": "Glücksspiel (ISCO-08 4212, KldB 9434; Wortliste)",
    "management": "Führungs- und Aufsichtsposten (ISCO-08 Hauptgruppe 1, ISCO-08 "
                  "Aufsichtsgruppen; Wortliste)",
}
SUPERVISOR_ISCO = frozenset({"3121", "3122", "3123", "3341", "5151", "5222"})
_ESOTERIC = re.compile(r"astrolog|wahrsag|hellseh|gedankenles|kartenleg|esoteri|geistheil|"
                       r"^medium$|okkult|handleser")
_ESCORT = re.compile(r"escort|erotik|prostitu|sexarbeit|callgirl|stripper|partnervermitt")
_GAMBLING = re.compile(r"spielhalle|spielbank|casino|kasino|glücksspiel|wettbüro|buchmacher|"
                       r"croupier|lotterie")
# Armed forces by name where ESCO files the post under a civilian group ("Sozialarbeiter
# beim Militär", "Ausbildungsoffizier der regulären Streitkräfte").
_ARMED = re.compile(r"militär|streitkr|soldat|bundeswehr")
# Management words on an ESCO label: a compound ending in "-leiter" (Filialleiter,
# Schichtleiter, Leiter einer …) except the words where "leiter" is no post of command
# (Begleiter, Anleiter, Fahrdienstleiter, Flugverkehrsleiter, Halbleiter, Reiseleiter,
# Kursleiter, Übungsleiter, Chorleiter, Leiterplatte).
_LEITER_NOT_COMMAND = ("begleiter", "anleiter", "fahrdienstleiter", "verkehrsleiter",
                       "halbleiter", "reiseleiter", "kursleiter", "übungsleiter",
                       "chorleiter", "spielleiter")
_MANAGEMENT = re.compile(r"^(vorstand|vorständ|vorarbeiter|führungskraft|kommandant|kommandeur|"
                         r"chef)|chef$|chefin$|aufsicht|direktor|geschäftsführ|manager|"
                         r"offizier")
_MANAGEMENT_NOT = re.compile(r"assistent|sekretär")


def _label_words(label: str) -> list[str]:
    return [w for w in re.split(r"[^\wäöüß]+", label.lower()) if w]


def _is_leiter(word: str) -> bool:
    base = word[:-2] if word.endswith("in") and word[:-2].endswith("leiter") else word
    return base.endswith("leiter") and not base.endswith(_LEITER_NOT_COMMAND)


def exclusion(occ: Occupation) -> str | None:
    """The rule that removes this occupation from every list (or None)."""
    isco, kldb = occ.isco08, occ.kldb2010 or ""
    label_words = _label_words(occ.label)
    if isco.startswith("0") or kldb.startswith("01") or any(_ARMED.search(w) for w in label_words):
        return "armed_forces"
    if isco == "5161" or any(_ESOTERIC.search(w) for w in label_words):
        return "esoteric"
    if isco == "5169" or any(_ESCORT.search(w) for w in label_words):
        return "escort"
    if isco == "4212" or kldb.startswith("9434") or any(_GAMBLING.search(w) for w in label_words):
        return "gambling"
    if is_management(occ):
        return "management"
    if not kldb:
        return "no_kldb"
    return None


def is_management(occ: Occupation) -> bool:
    if occ.isco08.startswith("1") or occ.isco08 in SUPERVISOR_ISCO:
        return True
    words = _label_words(occ.label)
    if any(_MANAGEMENT_NOT.search(w) for w in words):
        return False
    return any(_is_leiter(w) or _MANAGEMENT.search(w) for w in words)


# --- did the person hold a management post? ----------------------------------------------
_HELD_NOUN = re.compile(r"(geschäftsführer|geschäftsführerin|führungskraft|vorarbeiter|"
                        r"vorarbeiterin|manager|managerin|inhaber|inhaberin|teamchef|"
                        r"teamchefin)$")
_HELD_BEFORE = frozenset({"als", "war", "wurde", "bin", "worden", "zur", "zum"})
_HELD_VERB = frozenset({"leitete", "leiteten", "geleitet", "führte", "geführt"})
_HELD_OBJECT = re.compile(r"^(team|teams|abteilung|filiale|gruppe|mitarbeiter|mitarbeiterinnen|"
                          r"betrieb|firma|restaurant|laden|geschäft|station|schicht|"
                          r"kolonne|unternehmen|praxis)$")


def held_management(text: str) -> bool:
    """True when the writer says they held a post of command ("Ich war Filialleiterin",
    "Als Schichtleiter …", "ich leitete ein Team von acht Leuten"). A post named after a
    possessive or an article ("meine Teamleiterin", "mit der Chefin") is someone else's."""
    for sentence in re.split(r"(?<=[.!?;])\s+|\n+", text):
        tokens = [t.lower for t in tokenize(sentence) if t.is_word]
        if "ich" not in tokens:  # the writer's own sentences only
            continue
        for i, word in enumerate(tokens):
            if (_HELD_NOUN.search(word) or _is_leiter(word)) and any(
                    w in _HELD_BEFORE for w in tokens[max(0, i - 3):i]):
                return True
            if word in _HELD_VERB and any(_HELD_OBJECT.match(w) for w in tokens[i + 1:i + 6]):
                return True
    return False


# --- qualification -> level ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Qualification:
    vocational: str | None = None  # a VOCATIONAL id
    school: str | None = None  # a SCHOOL id

    @property
    def known(self) -> bool:
        return self.vocational is not None or self.school is not None


def parse_qualification(values: str | Iterable[str] | None) -> Qualification:
    """Ids -> Qualification; the highest of each kind counts. ``ValueError`` (German
    message with the valid ids) for an unknown id."""
    if values is None:
        return Qualification()
    if isinstance(values, str):
        values = [values]
    vocational: str | None = None
    school: str | None = None
    for value in values:
        key = value.strip().lower().replace("-", "_")
        if key in VOCATIONAL:
            if vocational is None or _VOCATIONAL_ORDER.index(key) > _VOCATIONAL_ORDER.index(
                    vocational):
                vocational = key
        elif key in SCHOOL:
            if school is None or _SCHOOL_ORDER.index(key) > _SCHOOL_ORDER.index(school):
                school = key
        else:
            raise ValueError(
                f"Unbekannter Abschluss: {value}. Möglich sind: " + ", ".join(
                    f"{k} ({v})" for k, v in QUALIFICATIONS.items()) + ".")
    return Qualification(vocational, school)


def parse_limits(values: Iterable[str] | None) -> frozenset[str]:
    out = set()
    for value in values or ():
        key = value.strip().lower().replace("-", "_")
        if key not in LIMITS:
            raise ValueError(
                f"Unbekannte Einschränkung: {value}. Möglich sind: " + ", ".join(
                    f"{k} ({v})" for k, v in LIMITS.items()) + ".")
        out.add(key)
    return frozenset(out)


_NEED = {
    2: "Dieser Beruf braucht einen Berufsabschluss (Fachkraft).",
    3: "Dieser Beruf ist eine Spezialistentätigkeit (Meister, Techniker oder Bachelor).",
    4: "Dieser Beruf braucht einen Hochschulabschluss (Experte).",
}
PATH_TQ = "Teilqualifizierungen – Schritt für Schritt zum Berufsabschluss, auch ohne Schulabschluss"
PATH_TQ_REST = ("die weiteren Teilqualifizierungen bis zur Abschlussprüfung (Externenprüfung) "
                "oder eine Umschulung")
PATH_TRAINING = "eine Ausbildung oder Umschulung (auch in Teilzeit)"
PATH_RECOGNITION = ("die Anerkennung Ihres ausländischen Abschlusses, sonst eine Umschulung")
PATH_FURTHER = "eine Fortbildung nach Ihrer Ausbildung (zum Beispiel Meister, Techniker, Fachwirt)"
PATH_TWO_STEPS = "zuerst eine Ausbildung oder Umschulung, danach eine Fortbildung"


def level_rule(level: int, qualification: Qualification) -> tuple[float, str | None] | None:
    """(factor, path reason or None) for an occupation of this KldB level, or None when
    it is out of reach. Level 0 (unknown) and an unknown qualification always fit."""
    if not qualification.known or level <= 1:
        return 1.0, None
    vocational = qualification.vocational or "none"
    no_school = qualification.school == "school_none"
    if vocational == "academic":
        return 1.0, None
    path: str | None
    factor: float
    if vocational == "advanced":  # Meister/Techniker: Spezialist; Experte needs a degree
        return None if level == 4 else (1.0, None)
    if vocational == "vocational":
        if level == 2:
            return 1.0, None
        if level == 4:
            return None
        path, factor = PATH_FURTHER, 0.8
    elif vocational == "foreign":
        path = PATH_RECOGNITION
        factor = {2: 0.9, 3: 0.8, 4: 0.7}[level]
    else:  # no vocational qualification (or only parts of one)
        if level == 4 or (level == 3 and no_school):
            return None
        if level == 2 and vocational == "partial":
            path, factor = PATH_TQ_REST, 0.95
        elif level == 2:
            path, factor = (PATH_TQ if no_school else PATH_TRAINING), 0.9
        else:
            path, factor = PATH_TWO_STEPS, 0.7
    return factor, f"{_NEED[level]} Ihr Weg dorthin: {path}."


_HELPER = re.compile(r"helfer|hilfskraft|gehilfe|gehilfin|aushilfe|hilfsarbeiter", re.I)


def requirement_level(occ: Occupation) -> int:
    """KldB Anforderungsniveau (5th digit; 0 unknown). The code is one per ISCO group, so
    two corrections towards Helfer (1): ISCO-08 major group 9 (elementary occupations, ISCO
    skill level 1) and a label naming a helper (*-helfer, Hilfskraft, Gehilfe, Aushilfe*)
    outside the professionals (ISCO 2: *Bewährungshelfer* is a social worker)."""
    kldb = occ.kldb2010 or ""
    level = int(kldb[4]) if kldb[4:5].isdigit() else 0
    if level > 1 and (occ.isco08.startswith("9") or (
            not occ.isco08.startswith("2") and _HELPER.search(occ.label))):
        return 1
    return level


# --- per-occupation tables ---------------------------------------------------------------
def _matches(occ_skills: Iterable[int], labels: list[str | None], wanted: frozenset[str]) -> bool:
    return any(labels[s] in wanted for s in occ_skills)


def conflicts(occ: Occupation, skill_en: list[str | None]) -> dict[str, int]:
    """limit id -> 2 (strong evidence), 1 (weak evidence) for this occupation."""
    isco = occ.isco08
    out: dict[str, int] = {}
    if _matches(occ.essential, skill_en, HEAVY_SKILLS) or isco.startswith(HEAVY_ISCO_STRONG):
        out["no_heavy_lifting"] = 2
    elif _matches(occ.optional, skill_en, HEAVY_SKILLS) or isco.startswith(HEAVY_ISCO_WEAK):
        out["no_heavy_lifting"] = 1
    if isco.startswith(STANDING_ISCO):
        out["no_long_standing"] = 1
    night = (_matches(occ.essential, skill_en, NIGHT_SKILLS) or _matches(
        occ.optional, skill_en, NIGHT_SKILLS) or isco.startswith(NIGHT_ISCO))
    if night:
        out["no_night_shift"] = 1
        out["childcare_hours"] = 1
    driving = _matches(occ.essential, skill_en, DRIVING_SKILLS) or isco.startswith(DRIVING_ISCO)
    if driving:
        out["no_driving_licence"] = 2
    if driving or night:
        out["public_transport_only"] = 2 if driving else 1
    return out


class CandidateRules:
    """The three rules as arrays over ``data.occupations`` (built once with the matcher)."""

    def __init__(self, data: OccupationData) -> None:
        occupations = data.occupations
        skill_en = [s.label_en for s in data.skills]
        self.exclusion = [exclusion(o) for o in occupations]
        self.management = np.array([r == "management" for r in self.exclusion])
        self.excluded_always = np.array([r is not None and r != "management"
                                         for r in self.exclusion])
        self.levels = np.array([requirement_level(o) for o in occupations])
        self.conflicts = [conflicts(o, skill_en) for o in occupations]
        # limit -> evidence per occupation (0 none, 1 weak, 2 strong)
        self.evidence = {limit: np.array([c.get(limit, 0) for c in self.conflicts])
                         for limit in LIMITS}

    def apply(self, score: np.ndarray, text: str, qualification: Qualification,
              limits: frozenset[str]) -> tuple[np.ndarray, Callable[[int], list[str]]]:
        """(score with removed occupations at -1, occupation index -> extra reasons).

        The reasons are made only for the occupations asked for (the shown ones)."""
        score = score.copy()
        removed = self.excluded_always.copy()
        held = bool(self.management.any()) and held_management(text)
        if not held:
            removed |= self.management
        level_reason: dict[int, str] = {}
        if qualification.known:
            for level in (2, 3, 4):
                rule = level_rule(level, qualification)
                at_level = self.levels == level
                if held:
                    at_level &= ~self.management  # experience counts for a post they held
                if rule is None:
                    removed |= at_level
                    continue
                factor, reason = rule
                score[at_level] *= factor
                if reason:
                    level_reason[level] = reason
        for limit in sorted(limits):
            evidence = self.evidence[limit]
            for strength, factor in zip((1, 2), LIMIT_FACTORS[limit], strict=True):
                hit = evidence == strength
                if factor is None:
                    removed |= hit
                else:
                    score[hit] *= factor
        score[removed] = -1.0
        exempt = self.management if held else np.zeros_like(self.management)

        def reasons(o: int) -> list[str]:
            out = []
            if not exempt[o] and int(self.levels[o]) in level_reason:
                out.append(level_reason[int(self.levels[o])])
            out.extend(LIMIT_REASONS[limit] for limit in sorted(limits)
                       if self.evidence[limit][o] > 0)
            return out

        return score, reasons

    def counts(self) -> dict[str, int]:
        """How many occupations each rule-1 rule removes (for the documentation)."""
        out = dict.fromkeys(EXCLUSION_RULES, 0)
        for rule in self.exclusion:
            if rule:
                out[rule] += 1
        return out


# --- obstacles (pathway) -> limit ids ---------------------------------------------------
_LIFT = re.compile(r"heben|tragen|rücken|bandscheib|wirbelsäule|lasten", re.I)
_STAND = re.compile(r"stehen|knie|füße|fuß|hüfte|beine|gelenk", re.I)
_NIGHT = re.compile(r"nacht|schicht", re.I)
_LICENCE = re.compile(r"führerschein|fahrerlaubnis", re.I)


def limits_from_obstacle(kind: str, text: str) -> set[str]:
    """Limit ids for one pathway obstacle (``Obstacle.kind`` and its own words).

    Health: the words say which (heben/Rücken, stehen/Knie, Nacht/Schicht) – a health
    obstacle without such words limits nothing we can check. Mobility: "Führerschein" ->
    no licence, anything else -> only bus and train. Childcare: fixed hours.
    """
    out: set[str] = set()
    if kind == "health":
        if _LIFT.search(text):
            out.add("no_heavy_lifting")
        if _STAND.search(text):
            out.add("no_long_standing")
        if _NIGHT.search(text):
            out.add("no_night_shift")
    elif kind == "mobility":
        out.add("no_driving_licence" if _LICENCE.search(text) else "public_transport_only")
    elif kind == "childcare":
        out.add("childcare_hours")
    return out
