"""``suggest_for_enrollment``: the participant's own stories, strengths, interests and
vision -> imported occupations with German reasons; regional demand only when the BA API
is switched on (fixture transport here, never the network)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from neue_wege.orientation import selectors
from neue_wege.orientation.models import InterestCheck, Occupation, Vision
from neue_wege.orientation.services import suggestions
from neue_wege.orientation.services.suggestions import gather_inputs, suggest_for_enrollment
from neue_wege.orientation.testing import import_occupations
from neue_wege.strengths.models import Story, StrengthFeedback
from neue_wege.strengths.services.catalogue import current_catalogue

pytestmark = pytest.mark.django_db

CARE_STORY = (
    "Ich habe lange in einem Altenheim geputzt. Dort habe ich gemerkt, wie gern ich die "
    "Bewohnerinnen und Bewohner unterstütze, ihnen zuhöre und ihnen Mut mache."
)
WAREHOUSE_STORY = (
    "Ich arbeite im Lager, fahre den Gabelstapler und sortiere die Waren für den Versand."
)
CARE_ISCO = {"5322", "3221", "5321", "2221", "1343", "2635", "3412"}


def _self_named(cast, key: str, story: Story, source: str = "self"):  # noqa: ANN001, ANN202
    strength = current_catalogue(cast.job_centre).strengths.get(key=key)
    by = cast.nina_user if source == "self" else cast.ali_user
    giver = cast.nina_enrollment if source == "self" else cast.ali_enrollment
    return StrengthFeedback.objects.create(story=story, strength=strength, source=source,
                                           given_by=by, giver_enrollment=giver)


@pytest.fixture
def nina(cast):  # noqa: ANN001, ANN201
    import_occupations()
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Im Altenheim",
                                 text=CARE_STORY, visibility=Story.Visibility.PRIVATE)
    _self_named(cast, "empathie", story)
    return story


def test_suggestions_from_own_story_strengths_interests_and_vision(cast, nina):  # noqa: ANN001
    InterestCheck.objects.create(enrollment=cast.nina_enrollment, answers={},
                                 scores={"S": 0.9, "C": 0.2}, taken_at=timezone.now())
    Vision.objects.create(enrollment=cast.nina_enrollment, number=1,
                          what="Ich möchte in der Altenpflege arbeiten.")
    results = suggest_for_enrollment(cast.nina_enrollment, top=10)
    assert len(results) == 10
    assert all(isinstance(r.occupation, Occupation) for r in results)
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    assert {r.occupation.isco08 for r in results} & CARE_ISCO
    text = " ".join(reason for r in results for reason in r.reasons)
    assert "Zielbild" in text
    assert "Ihre Stärke „Einfühlungsvermögen“" in text or "Empathie" in text
    assert "sozial" in text  # the interest check's leading theme
    assert all(r.in_regional_demand is None for r in results)  # BA API off by default


def test_inputs_are_only_the_participants_own(cast, nina):  # noqa: ANN001
    before = [(r.occupation.esco_uri, r.score) for r in suggest_for_enrollment(cast.nina_enrollment)]
    # Ali's story, shared with the group, and feedback Nina gave on it: not Nina's data.
    ali_story = Story.objects.create(enrollment=cast.ali_enrollment, title="Lager",
                                     text=WAREHOUSE_STORY, visibility=Story.Visibility.GROUP)
    strength = current_catalogue(cast.job_centre).strengths.get(key="sorgfalt")
    StrengthFeedback.objects.create(story=ali_story, strength=strength, source="peer",
                                    given_by=cast.nina_user, giver_enrollment=cast.nina_enrollment)
    InterestCheck.objects.create(enrollment=cast.ali_enrollment, answers={},
                                 scores={"R": 1.0}, taken_at=timezone.now())
    after = [(r.occupation.esco_uri, r.score) for r in suggest_for_enrollment(cast.nina_enrollment)]
    assert after == before
    inputs = gather_inputs(cast.nina_enrollment)
    assert inputs.stories == [CARE_STORY]
    assert inputs.strengths == ["empathie"]


def test_all_visibilities_and_peer_named_strengths_count(cast, nina):  # noqa: ANN001
    shared = Story.objects.create(enrollment=cast.nina_enrollment, title="Kasse",
                                  text=WAREHOUSE_STORY, visibility=Story.Visibility.FACILITATOR)
    _self_named(cast, "sorgfalt", shared, source="peer")
    inputs = gather_inputs(cast.nina_enrollment)
    assert WAREHOUSE_STORY in inputs.stories
    assert set(inputs.strengths) == {"empathie", "sorgfalt"}


def test_facilitator_only_strengths_and_foreign_texts_are_left_out(cast, nina):  # noqa: ANN001
    Story.objects.create(enrollment=cast.nina_enrollment, title="English",
                         text="I worked in a warehouse and I liked it a lot.")
    strength = current_catalogue(cast.job_centre).strengths.get(key="geduld")
    StrengthFeedback.objects.create(story=nina, strength=strength, source="facilitator",
                                    given_by=cast.fatma)
    inputs = gather_inputs(cast.nina_enrollment)
    assert inputs.stories == [CARE_STORY]
    assert "geduld" not in inputs.strengths


def test_latest_interest_check_and_vision_are_used(cast, nina):  # noqa: ANN001
    now = timezone.now()
    InterestCheck.objects.create(enrollment=cast.nina_enrollment, answers={},
                                 scores={"R": 1.0}, taken_at=now - dt.timedelta(days=3))
    InterestCheck.objects.create(enrollment=cast.nina_enrollment, answers={},
                                 scores={"S": 0.8, "E": 0.1}, taken_at=now)
    Vision.objects.create(enrollment=cast.nina_enrollment, number=1, what="Lager")
    Vision.objects.create(enrollment=cast.nina_enrollment, number=2, what="Altenpflege",
                          why="Menschen sind mir wichtig.")
    inputs = gather_inputs(cast.nina_enrollment)
    assert inputs.interests["S"] == 0.8 and inputs.interests["R"] == 0.0
    assert inputs.vision == "Altenpflege\nMenschen sind mir wichtig."


def test_nothing_to_go_on_gives_nothing(cast):  # noqa: ANN001
    import_occupations(limit=5)
    assert suggest_for_enrollment(cast.sven_enrollment) == []


def test_vision_alone_is_enough(cast):  # noqa: ANN001
    import_occupations()
    Vision.objects.create(enrollment=cast.sven_enrollment, number=1, what="Busfahrer")
    results = suggest_for_enrollment(cast.sven_enrollment, top=5)
    assert results and "8331" in {r.occupation.isco08 for r in results}


def test_without_imported_classification_the_list_is_empty(cast):  # noqa: ANN001
    Story.objects.create(enrollment=cast.nina_enrollment, text=CARE_STORY)
    assert suggest_for_enrollment(cast.nina_enrollment) == []


def test_missing_pathway_model_is_handled(cast, nina, monkeypatch):  # noqa: ANN001
    real = suggestions.apps.get_model

    def get_model(app: str, name: str):  # noqa: ANN202
        if name == "InterestCheck":
            raise LookupError(name)
        return real(app, name)

    monkeypatch.setattr(suggestions.apps, "get_model", get_model)
    assert gather_inputs(cast.nina_enrollment).interests is None
    assert suggest_for_enrollment(cast.nina_enrollment)


def test_regional_demand_with_the_ba_api_on(cast, nina, settings):  # noqa: ANN001
    cache.clear()
    settings.NW_BA_API_ENABLED = True
    settings.NW_BA_TRANSPORT = "neue_wege.orientation.ba.fixtures.fixture_transport"
    results = suggest_for_enrollment(cast.nina_enrollment, top=3)
    assert [r.in_regional_demand for r in results] == [True, True, True]
    settings.NW_BA_DEMAND_THRESHOLD = 1000
    cache.clear()
    assert {r.in_regional_demand for r in suggest_for_enrollment(cast.nina_enrollment, top=3)} \
        == {False}
    cache.clear()


def test_places_are_the_job_centres_offices(cast):  # noqa: ANN001
    places = selectors.places_for(cast.nina_enrollment)
    assert places[0] == cast.run_a.location.municipality.name
    assert len(places) == len(set(places)) <= 3


def test_regional_demand_is_asked_at_once_and_a_slow_answer_stays_unknown(  # noqa: ANN001
        cast, nina, monkeypatch):
    """The look-ups run in parallel within a time budget (one after the other they made a
    refresh take 17 s); an answer that comes late stays None, the others are there."""
    import threading
    from urllib.parse import urlencode

    from neue_wege.orientation.ba import BAClient, fixtures

    cache.clear()
    release = threading.Event()
    first = suggest_for_enrollment(cast.nina_enrollment, top=3, with_demand=False)
    slow = urlencode({"was": suggestions.search_term(first[0].occupation.label)})

    def transport(url: str, headers: dict, timeout: float) -> bytes:
        if slow + "&" in url:
            release.wait(timeout=5)
        return fixtures.fixture_transport(url, headers, timeout)

    monkeypatch.setattr(suggestions, "get_client",
                        lambda: BAClient(enabled=True, transport=transport))
    monkeypatch.setattr(suggestions, "DEMAND_BUDGET_SECONDS", 0.3)
    try:
        results = suggest_for_enrollment(cast.nina_enrollment, top=3)
    finally:
        release.set()
    assert [r.occupation for r in results] == [r.occupation for r in first]
    assert results[0].in_regional_demand is None
    assert [r.in_regional_demand for r in results[1:]] == [True, True]
    cache.clear()
