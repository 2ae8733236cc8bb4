"""German everywhere a participant looks: the fit in words (one function), codes and scores
only for staff behind "Details", and no English skill label on any occupation page."""

from __future__ import annotations

import html as html_lib
import re
from functools import cache

import pytest
from django.urls import reverse
from django.utils import translation

from neue_wege.orientation.fit import fit_words
from neue_wege.orientation.match.data import load_raw
from neue_wege.orientation.models import Occupation
from neue_wege.orientation.models.occupations import MIN_GERMAN_SKILLS, german_skill_labels
from neue_wege.orientation.services import occupation_choices
from neue_wege.orientation.services.occupations_import import occupation_values
from neue_wege.orientation.testing import import_occupations, sample_uris
from neue_wege.orientation.tests.pathway_fixtures import fake_assistant, make_occupations

SKILL_SECTION = re.compile(r'<section aria-labelledby="skills-heading">(.*?)</section>', re.S)
SKILL_ITEM = re.compile(r'<ul class="kern-list nw-skills">(.*?)</ul>', re.S)


@cache
def _raw() -> dict:
    return load_raw()


@cache
def _english_labels() -> frozenset[str]:
    """Labels known to be English: ESCO's English skill labels that are not also a German
    label (a few words, e.g. "Marketing", are the same in both)."""
    skills = _raw()["skills"]
    german = {de for _, de, _ in skills if de}
    return frozenset(en for _, _, en in skills if en and en not in german)


@pytest.mark.parametrize(("score", "words"), [
    (0.71, "passt gut"), (0.55, "passt gut"), (0.549, "passt teilweise"),
    (0.40, "passt teilweise"), (0.399, "passt eher wenig"), (0.0, "passt eher wenig"),
    (None, ""), ("kaputt", ""),
])
def test_fit_in_words(score, words):  # noqa: ANN001
    with translation.override("de"):
        assert fit_words(score) == words


def test_no_occupation_shows_english_skills_and_few_german_ones_get_the_kldb_text():
    """Every occupation of the shipped data, as the page would list its skills."""
    raw, english = _raw(), _english_labels()
    assert len(english) > 7000  # the check has something to find
    without, without_text = 0, []
    for item in raw["occupations"]:
        values = occupation_values(raw, item)
        labels = german_skill_labels(values["essential_skills"], values["optional_skills"])
        assert not set(labels) & english, item["label"]
        if len(labels) < MIN_GERMAN_SKILLS:
            without += 1
            if not values["kldb_activities"]:
                without_text.append(item["label"])
    assert without < 150  # 92 with the shipped data
    assert len(without_text) <= 10  # only the occupations without any KldB code


def test_german_skill_labels_tops_up_with_optional_german_skills():
    de = [{"label": f"Fähigkeit {i}", "lang": "de"} for i in range(7)]
    en = [{"label": "dispose of dead animals", "lang": "en"}]
    assert german_skill_labels(en + de[:2], en + de[2:]) == [s["label"] for s in de[:5]]
    assert german_skill_labels(de, []) == [s["label"] for s in de]
    assert german_skill_labels(en, en) == []


@pytest.mark.django_db
def test_occupation_pages_hold_no_english_skill_text(cast, login):  # noqa: ANN001
    import_occupations(uris=sample_uris())
    english = _english_labels()
    client = login(cast.nina_user)
    occupations = list(Occupation.objects.all())
    assert len(occupations) >= 10
    for occupation in occupations:
        page = client.get(reverse("orientation:occupation-detail", args=[occupation.pk]))
        [section] = SKILL_SECTION.findall(page.content.decode())
        assert 'lang="en"' not in section
        [items] = SKILL_ITEM.findall(section) or [""]
        shown = {html_lib.unescape(li) for li in re.findall(r"<li>(.*?)</li>", items)}
        assert shown == set(occupation.german_skills[:40]), occupation.label
        assert not shown & english


@pytest.mark.django_db
def test_few_german_skills_show_the_kldb_activities(cast, login):  # noqa: ANN001
    raw = _raw()
    german = {i for i, (_, de, _) in enumerate(raw["skills"]) if de}
    item = next(o for o in raw["occupations"]
                if o.get("kldb2010") and not german & {*o["essential"], *o["optional"]})
    import_occupations(uris=[item["uri"]])
    occupation = Occupation.objects.get(esco_uri=item["uri"])
    assert occupation.kldb_activities and not occupation.german_skills
    text = html_lib.unescape(login(cast.nina_user).get(
        reverse("orientation:occupation-detail", args=[occupation.pk])).content.decode())
    assert occupation.kldb_activities[:60] in text
    assert "Typische Tätigkeiten laut der Klassifikation der Berufe" in text


@pytest.mark.django_db
def test_suggestion_cards_fit_in_words_codes_only_for_staff(cast, login, monkeypatch):  # noqa: ANN001
    fake_assistant(monkeypatch, make_occupations(3))  # scores 0.9, 0.8, 0.7; KldB 82101
    occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                           enrollment=cast.nina_enrollment)
    own = login(cast.nina_user).get(reverse("portal:pathway-suggestions")).content.decode()
    assert own.count("passt gut") == 3
    for code in ("Passung", "0,90", "0.90", "KldB", "82101", "ISCO", "5322", "<details class=\"nw-details\""):
        assert code not in own, code
    staff = login(cast.fatma).get(reverse(
        "orientation:run-pathway-suggestions",
        args=[cast.run_a.pk, cast.nina_enrollment.pk])).content.decode()
    assert staff.count("passt gut") == 3
    details = re.findall(r"<details class=\"nw-details\">(.*?)</details>", staff, re.S)
    assert len(details) == 3
    assert all("KldB 2010: 82101" in d and "ISCO-08: 5322" in d for d in details)
    overview = login(cast.nina_user).get(reverse("portal:pathway-overview")).content.decode()
    assert "82101" not in overview


def test_reasons_quote_no_english_skill_label():
    """The reasons name skills by their German label only (the development stories)."""
    import json

    from neue_wege.core.paths import SHARED_DATA
    from neue_wege.orientation.matcher import default_matcher

    source = SHARED_DATA / "stories-dev" / "stories.json"
    stories = json.loads(source.read_text(encoding="utf-8"))
    stories = stories if isinstance(stories, list) else stories["stories"]
    quoted = re.compile(r"„([^“]+)“")
    english, seen = _english_labels(), 0
    for story in stories:
        for suggestion in default_matcher().suggest(story["narrative"], top=10):
            for reason in suggestion.reasons:
                seen += 1
                assert not set(quoted.findall(reason)) & english, reason
    assert seen > 100
