"""The candidate set (``match.candidates``): rule 1 never broken, requirement level by
qualification with a named training path, limits lowering or removing with a German reason.
Pure core, no database (the shipped data, loaded once per process)."""

from __future__ import annotations

import json
import re

import pytest

from neue_wege.core.paths import SHARED_DATA
from neue_wege.orientation.match.candidates import (
    EXCLUSION_RULES,
    LIMIT_REASONS,
    LIMITS,
    QUALIFICATIONS,
    Qualification,
    exclusion,
    held_management,
    level_rule,
    limits_from_obstacle,
    parse_limits,
    parse_qualification,
)
from neue_wege.orientation.match.data import Occupation
from neue_wege.orientation.matcher import default_matcher

# What a job centre must never show (issue 13), read from the label and the codes of
# every suggestion – independent of the rules' own tables.
FORBIDDEN_LABEL = re.compile(
    r"astrolog|wahrsag|medium\b|gedankenles|hellseh|escort|partnervermitt|spielhalle|"
    r"croupier|glücksspiel|geschäftsführ|bankmanager|streitkräfte|soldat|militär|leiter einer",
    re.IGNORECASE,
)

STORIES = [
    # adversarial: the words of the forbidden occupations themselves
    "Ich habe früher auf Jahrmärkten Karten gelegt und war Wahrsagerin. Ich arbeite gern "
    "mit Menschen und höre ihnen zu.",
    "Ich interessiere mich für Astrologie, Sterne und Horoskope. Ich kann gut Gedanken lesen, "
    "sagen meine Freunde.",
    "Ich habe als Begleiterin für Gäste in einem Club gearbeitet und Menschen verkuppelt.",
    "Ich war oft in der Spielhalle und kenne mich mit Spielautomaten und Wetten aus.",
    "Ich war bei der Bundeswehr, habe Waffen gereinigt und Wache gestanden.",
    "Ich möchte eine Bank leiten und Geschäftsführerin werden, Chefin von vielen Leuten.",
    "Meine Chefin im Krankenhaus war die Leiterin der Station. Ich habe dort geputzt.",
    # everyday stories
    "Ich habe lange im Lager gearbeitet, Pakete gepackt und den Gabelstapler gefahren.",
    "Ich habe meine Mutter gepflegt und im Altenheim ausgeholfen. Ich helfe gern Menschen.",
    "Ich koche gern für viele Leute und habe in einer Kantine ausgeholfen.",
    "Ich bin gern draußen, habe im Garten gearbeitet und Hecken geschnitten.",
    "Ich habe im Büro Rechnungen geschrieben und Akten sortiert.",
]


@pytest.fixture(scope="module")
def matcher():  # noqa: ANN201
    return default_matcher()


def _occ(label: str, isco: str = "9333", kldb: str | None = "51311") -> Occupation:
    return Occupation(uri="u", isco08=isco, label=label, alt=(), definition="", essential=(),
                      optional=(), kldb2010=kldb, riasec=None)


@pytest.mark.parametrize("qualification", [None, ["none"], ["vocational"], ["academic"],
                                           ["foreign", "school_higher"]])
@pytest.mark.parametrize("story", STORIES)
def test_rule_one_never_broken(matcher, story, qualification):  # noqa: ANN001
    for s in matcher.suggest(story, top=20, qualification=qualification):
        assert not FORBIDDEN_LABEL.search(s.label), s.label
        assert not s.isco08.startswith(("0", "1")), s.label
        assert s.isco08 not in {"5161", "5169", "4212"}, s.label
        assert s.kldb2010 and not s.kldb2010.startswith(("01", "9434")), s.label


def _dev_stories() -> list[str]:
    path = SHARED_DATA / "stories-dev" / "stories.json"
    if not path.exists():
        return []
    return [r["narrative"] for r in json.loads(path.read_text(encoding="utf-8"))]


@pytest.mark.skipif(not _dev_stories(), reason="shared development stories missing")
def test_rule_one_never_broken_on_the_development_stories(matcher):  # noqa: ANN001
    for story in _dev_stories():
        for qualification in (None, "none"):
            for s in matcher.suggest(story, top=10, qualification=qualification):
                assert not FORBIDDEN_LABEL.search(s.label), s.label
                assert not s.isco08.startswith(("0", "1")), s.label


def test_exclusion_rules_structure_first():
    assert exclusion(_occ("Oberst", "0110", "01104")) == "armed_forces"
    assert exclusion(_occ("Medium", "5161", "94382")) == "esoteric"
    assert exclusion(_occ("Kartenlegerin", "5169", "94252")) == "esoteric"
    assert exclusion(_occ("Escort", "5169", "94252")) == "escort"
    assert exclusion(_occ("Spielhallenaufsicht", "3359", "53243")) == "gambling"
    assert exclusion(_occ("Bankmanager/Bankmanagerin", "1346", "72194")) == "management"
    assert exclusion(_occ("Filialleiter/Filialleiterin", "5222", "62103")) == "management"
    assert exclusion(_occ("Schichtleiter Raffinerie", "3134", "41343")) == "management"
    assert exclusion(_occ("Lagerarbeiter/Lagerarbeiterin")) is None
    assert exclusion(_occ("Lagerarbeiter", kldb=None)) == "no_kldb"
    # posts named so on the label although ESCO files them under a specialist group
    assert exclusion(_occ("Praxismanager/Praxismanagerin", "3344", "73222")) == "management"
    assert exclusion(_occ("Lean-Manager/Lean-Managerin", "2421", "71393")) == "management"
    assert exclusion(_occ("Erster Nautischer Schiffsoffizier", "3152", "52413")) == "management"
    assert exclusion(_occ("Sozialarbeiter beim Militär", "2635", "83124")) == "armed_forces"
    assert exclusion(_occ("Lotterieticketverkäufer", "5230", "62112")) == "gambling"
    # "leiter" that commands nobody
    for label in ("Reiseleiter/Reiseleiterin", "Zugbegleiter/Zugbegleiterin",
                  "Fahrdienstleiter/Fahrdienstleiterin", "Leiterplattenbestücker",
                  "Vorstandsassistent/Vorstandsassistentin"):
        assert exclusion(_occ(label, "5113", "63143")) is None, label


def test_rule_counts_cover_every_rule(matcher):  # noqa: ANN001
    counts = matcher.rules.counts()
    assert set(counts) == set(EXCLUSION_RULES)
    assert all(n > 0 for n in counts.values())
    assert counts["management"] > 350  # ISCO major group 1 alone has 350


@pytest.mark.parametrize(("text", "held"), [
    ("Ich war zehn Jahre Filialleiterin in einem Supermarkt.", True),
    ("Als Schichtleiter habe ich die Pläne gemacht.", True),
    ("Ich leitete ein Team von acht Leuten.", True),
    ("Ich habe die Firma meines Vaters geführt, bis sie pleite ging.", False),
    ("Meine Teamleiterin hat mich gelobt.", False),
    ("Ich sprach mit der Filialleiterin über eine Stelle.", False),
    ("Ich war Reiseleiterin auf Mallorca.", False),
    ("Die Chefin bat mich, das Fest zu organisieren.", False),
    ("Als Schichtleiter war er streng zu uns.", False),
])
def test_held_management(text, held):  # noqa: ANN001
    assert held_management(text) is held


def test_management_posts_only_after_holding_one(matcher):  # noqa: ANN001
    held = "Ich war zehn Jahre Filialleiterin in einem Supermarkt und leitete ein Team."
    other = "Meine Filialleiterin im Supermarkt war streng. Ich habe Regale eingeräumt."
    assert any(s.isco08.startswith("1") or "leiter" in s.label.lower()
               for s in matcher.suggest(held, top=10))
    assert not any(s.isco08.startswith("1") for s in matcher.suggest(other, top=30))


def test_level_rule_matrix():
    none = Qualification("none", "school_basic")
    assert level_rule(1, none) == (1.0, None)
    factor, reason = level_rule(2, none)
    assert factor < 1 and "Ausbildung oder Umschulung" in reason
    assert "Teilqualifizierung" in level_rule(2, Qualification("none", "school_none"))[1]
    assert level_rule(3, Qualification("none", "school_none")) is None
    assert level_rule(4, none) is None
    vocational = Qualification("vocational")
    assert level_rule(2, vocational) == (1.0, None)
    assert "Fortbildung" in level_rule(3, vocational)[1]
    assert level_rule(4, vocational) is None
    assert level_rule(4, Qualification("academic")) == (1.0, None)
    assert "Anerkennung" in level_rule(4, Qualification("foreign"))[1]
    assert level_rule(4, Qualification()) == (1.0, None)  # unknown: no level rule


def test_level_rule_partial_and_advanced_qualifications():
    """Teilqualifizierung: Fachkraft is the rest of the way (closer than without any part);
    Meister/Techniker: Spezialist fits, Experte still needs a degree."""
    partial = Qualification("partial", "school_basic")
    factor, reason = level_rule(2, partial)
    assert level_rule(2, Qualification("none", "school_basic"))[0] < factor < 1
    assert "weiteren Teilqualifizierungen" in reason
    assert level_rule(4, partial) is None
    advanced = Qualification("advanced")
    assert level_rule(2, advanced) == (1.0, None)
    assert level_rule(3, advanced) == (1.0, None)
    assert level_rule(4, advanced) is None
    # the highest of each kind counts; a foreign school qualification is not "none"
    assert parse_qualification(["partial", "vocational", "advanced"]).vocational == "advanced"
    assert parse_qualification(["school_basic", "school_fh"]).school == "school_fh"
    assert level_rule(3, Qualification("none", "school_foreign")) is not None


def test_qualification_filters_levels_and_names_the_path(matcher):  # noqa: ANN001
    story = ("Ich habe am Computer Programme geschrieben und Software für Firmen entwickelt. "
             "Datenbanken und Netzwerke machen mir Spaß.")
    levels = {s.kldb2010[4] for s in matcher.suggest(story, top=20)}
    assert "4" in levels  # experts (university degree) without a qualification given
    for s in matcher.suggest(story, top=20, qualification=["none", "school_middle"]):
        assert s.kldb2010[4] in "123", s.label
        if s.kldb2010[4] == "2":
            assert any("Ihr Weg dorthin: eine Ausbildung oder Umschulung" in r for r in s.reasons)
    academic = matcher.suggest(story, top=20, qualification="academic")
    assert any(s.kldb2010[4] == "4" for s in academic)
    assert not any("Ihr Weg dorthin" in r for s in academic for r in s.reasons)


def test_heavy_lifting_removes_strong_and_lowers_weak_conflicts(matcher):  # noqa: ANN001
    story = "Ich habe lange im Lager gearbeitet, Kisten geschleppt und Pakete gepackt."
    before = {s.esco_uri: s for s in matcher.suggest(story, top=30)}
    after = {s.esco_uri: s for s in matcher.suggest(story, top=30, limits=["no_heavy_lifting"])}
    strong = [u for u in before if matcher.rules.conflicts[_index(matcher, u)].get(
        "no_heavy_lifting") == 2]
    assert strong, "a warehouse story reaches occupations where lifting is essential"
    assert not set(strong) & set(after)
    for uri, s in after.items():
        kind = matcher.rules.conflicts[_index(matcher, uri)].get("no_heavy_lifting")
        assert (LIMIT_REASONS["no_heavy_lifting"] in s.reasons) is (kind == 1)
        if uri in before and kind == 1:
            assert s.score < before[uri].score


def test_driving_licence_lowers_with_reason(matcher):  # noqa: ANN001
    story = "Ich fahre gern Auto und möchte Menschen mit dem Bus oder Taxi durch die Stadt fahren."
    before = {s.esco_uri: s for s in matcher.suggest(story, top=10)}
    after = {s.esco_uri: s for s in matcher.suggest(story, top=400, limits=["no_driving_licence"])}
    drivers = [u for u, s in before.items() if s.isco08.startswith(("832", "833"))]
    assert drivers
    for uri in drivers:
        assert after[uri].score < before[uri].score
        assert any(r.startswith("Achtung: In diesem Beruf braucht man einen Führerschein")
                   for r in after[uri].reasons)


def _index(matcher, uri: str) -> int:  # noqa: ANN001
    return next(i for i, o in enumerate(matcher.data.occupations) if o.uri == uri)


def test_unknown_ids_list_the_valid_ones():
    with pytest.raises(ValueError, match="Möglich sind: none") as error:
        parse_qualification(["meister"])
    assert all(key in str(error.value) for key in QUALIFICATIONS)
    with pytest.raises(ValueError, match="Unbekannte Einschränkung: rücken") as error:
        parse_limits(["rücken"])
    assert all(key in str(error.value) for key in LIMITS)
    assert parse_qualification(["school-basic", "none", "vocational"]) == Qualification(
        "vocational", "school_basic")


@pytest.mark.parametrize(("kind", "text", "expected"), [
    ("health", "Rücken – ich darf nicht schwer heben", {"no_heavy_lifting"}),
    ("health", "Knie kaputt, langes Stehen geht nicht, keine Nachtschicht",
     {"no_long_standing", "no_night_shift"}),
    ("health", "Migräne", set()),
    ("mobility", "Ich habe keinen Führerschein", {"no_driving_licence"}),
    ("mobility", "Kein Auto, der Bus fährt selten", {"public_transport_only"}),
    ("childcare", "", {"childcare_hours"}),
    ("debt", "schwere Schulden", set()),
])
def test_limits_from_obstacle(kind, text, expected):  # noqa: ANN001
    assert limits_from_obstacle(kind, text) == expected


@pytest.mark.parametrize(("her", "his"), [
    ("Ich war acht Jahre Filialleiterin und Verkäuferin. Meine Kolleginnen mochten mich.",
     "Ich war acht Jahre Filialleiter und Verkäufer. Meine Kollegen mochten mich."),
    ("Anna hat als Lageristin gearbeitet. Sie hat Kisten gepackt und ihre Tochter versorgt.",
     "Ahmet hat als Lagerist gearbeitet. Er hat Kisten gepackt und seinen Sohn versorgt."),
])
def test_gender_swap_changes_nothing_with_rules_on(matcher, her, his):  # noqa: ANN001
    options = {"top": 10, "qualification": ["none", "school_basic"],
               "limits": ["no_heavy_lifting", "childcare_hours"]}
    mine = matcher.suggest(her, **options)
    theirs = matcher.suggest(his, **options)
    assert [(s.esco_uri, s.score) for s in mine] == [(s.esco_uri, s.score) for s in theirs]
    # the rules' own reasons are the same (the word reasons quote the person's words)
    assert [[r for r in s.reasons if r.startswith(("Achtung", "Dieser Beruf"))] for s in mine] \
        == [[r for r in s.reasons if r.startswith(("Achtung", "Dieser Beruf"))] for s in theirs]


def test_requirement_level_corrections():
    from neue_wege.orientation.match.candidates import requirement_level

    assert requirement_level(_occ("Tiefbauhelfer/Tiefbauhelferin", "9312", "51212")) == 1
    assert requirement_level(_occ("Friseurhilfskraft", "5141", "82312")) == 1
    assert requirement_level(_occ("Friseur/Friseurin", "5141", "82312")) == 2
    assert requirement_level(_occ("Bewährungshelfer/Bewährungshelferin", "2635", "83124")) == 4
    assert requirement_level(_occ("Lagerarbeiter", kldb=None)) == 0
