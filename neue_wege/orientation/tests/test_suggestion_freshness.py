"""Is the suggestion list still fresh? A new Zielbild, interest check, story, strength or a
changed obstacle marks it outdated; a refresh (the participant's or the facilitator's, plain
or through htmx) records the inputs' digest and clears the notice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.orientation import selectors
from neue_wege.orientation.models import OccupationSuggestionSet
from neue_wege.orientation.services import occupation_choices, pathway
from neue_wege.orientation.tests.pathway_fixtures import (
    ALL_ANSWERS,
    fake_assistant,
    make_occupations,
)
from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import Story, StrengthFeedback
from neue_wege.strengths.services.catalogue import current_catalogue

pytestmark = pytest.mark.django_db

NOTICE = "Ihre Angaben haben sich geändert – Vorschläge neu holen"
STAFF_NOTICE = "Die Angaben der Person haben sich geändert – Vorschläge neu holen"


@pytest.fixture
def fresh(cast, monkeypatch):  # noqa: ANN001, ANN201
    """Nina with a Zielbild, an obstacle and a story, and a list fetched from them."""
    enrollment = cast.nina_enrollment
    pathway.vision_save(actor=cast.nina_user, enrollment=enrollment, what="Im Lager arbeiten")
    obstacle = pathway.obstacle_add(actor=cast.nina_user, enrollment=enrollment,
                                    kind="mobility", title="Kein Führerschein")
    Story.objects.create(enrollment=enrollment, title="Lager", text="Ich sortiere Waren.")
    fake_assistant(monkeypatch, make_occupations(2))
    occupation_choices.suggestions_refresh(actor=cast.nina_user, enrollment=enrollment)
    assert not selectors.suggestions_outdated(enrollment=enrollment)
    return obstacle


def _vision(cast, obstacle):  # noqa: ANN001, ANN202
    pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                        what="In einer Kita arbeiten")


def _interest_check(cast, obstacle):  # noqa: ANN001, ANN202
    pathway.interest_check_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                answers=ALL_ANSWERS)


def _new_obstacle(cast, obstacle):  # noqa: ANN001, ANN202
    pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                         kind="health", details="Nicht schwer heben")


def _changed_obstacle(cast, obstacle):  # noqa: ANN001, ANN202
    obstacle.kind = "childcare"
    obstacle.save()


def _removed_obstacle(cast, obstacle):  # noqa: ANN001, ANN202
    pathway.obstacle_remove(actor=cast.nina_user, obstacle=obstacle)


def _story(cast, obstacle):  # noqa: ANN001, ANN202
    Story.objects.create(enrollment=cast.nina_enrollment, title="Kita", text="Ich lese vor.")


def _strength(cast, obstacle):  # noqa: ANN001, ANN202
    story = Story.objects.get(enrollment=cast.nina_enrollment)
    strength = current_catalogue(cast.job_centre).strengths.get(key="empathie")
    StrengthFeedback.objects.create(story=story, strength=strength, source="self",
                                    given_by=cast.nina_user,
                                    giver_enrollment=cast.nina_enrollment)


def _qualification(cast, obstacle):  # noqa: ANN001, ANN202
    client = cast.nina_enrollment.client
    client.qualification = "vocational" if client.qualification != "vocational" else "none"
    client.save()


def _school_qualification(cast, obstacle):  # noqa: ANN001, ANN202
    client = cast.nina_enrollment.client
    client.school_qualification = "middle" if client.school_qualification != "middle" else "basic"
    client.save()


@pytest.mark.parametrize("change", [_vision, _interest_check, _new_obstacle, _changed_obstacle,
                                    _removed_obstacle, _story, _strength, _qualification,
                                    _school_qualification])
def test_each_input_marks_the_list_outdated_and_a_refresh_clears_it(cast, fresh, change):  # noqa: ANN001
    enrollment = cast.nina_enrollment
    change(cast, fresh)
    assert selectors.suggestions_outdated(enrollment=enrollment)
    occupation_choices.suggestions_refresh(actor=cast.nina_user, enrollment=enrollment)
    assert not selectors.suggestions_outdated(enrollment=enrollment)
    stored = OccupationSuggestionSet.objects.get(enrollment=enrollment)
    assert stored.inputs_digest == selectors.suggestion_inputs_digest(enrollment=enrollment)


def test_deciding_or_other_peoples_inputs_do_not_outdate_it(cast, fresh):  # noqa: ANN001
    row = occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                                 enrollment=cast.nina_enrollment)[0]
    occupation_choices.suggestion_decide(actor=cast.nina_user, suggestion=row, status="saved")
    pathway.vision_save(actor=cast.ali_user, enrollment=cast.ali_enrollment, what="Kochen")
    pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                     description="Praktikum suchen")
    assert not selectors.suggestions_outdated(enrollment=cast.nina_enrollment)


def test_a_list_without_a_record_of_its_inputs_counts_as_outdated(cast, fresh):  # noqa: ANN001
    OccupationSuggestionSet.objects.all().delete()
    assert selectors.suggestions_outdated(enrollment=cast.nina_enrollment)
    # no list at all: nothing is outdated (the page offers "Berufe vorschlagen lassen")
    assert not selectors.suggestions_outdated(enrollment=cast.ali_enrollment)


def test_the_check_costs_a_fixed_number_of_queries(cast, fresh, django_assert_num_queries):  # noqa: ANN001
    for _ in range(3):
        _story(cast, fresh)
    with django_assert_num_queries(7):
        selectors.suggestions_outdated(enrollment=cast.nina_enrollment)


def test_participant_page_shows_the_notice_until_the_refresh(cast, fresh, login):  # noqa: ANN001
    client = login(cast.nina_user)
    url = reverse("portal:pathway-suggestions")
    assert NOTICE not in client.get(url).content.decode()
    _vision(cast, fresh)
    assert NOTICE in client.get(url).content.decode()
    html = client.post(url, follow=True).content.decode()
    assert NOTICE not in html and "Hier sind Berufe, die passen könnten." in html


def test_htmx_refresh_answers_with_the_new_list_region(cast, fresh, login):  # noqa: ANN001
    _vision(cast, fresh)
    response = login(cast.nina_user).post(reverse("portal:pathway-suggestions"),
                                          HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="suggestions-region"')
    assert "Hier sind Berufe, die passen könnten." in html and NOTICE not in html
    assert "Lagerarbeiter/Lagerarbeiterin" in html and 'hx-indicator="#suggestions-progress"' in html
    assert not selectors.suggestions_outdated(enrollment=cast.nina_enrollment)


def test_facilitator_sees_the_staff_notice_and_refreshes_through_the_same_path(  # noqa: ANN001
        cast, fresh, login):
    url = reverse("orientation:run-pathway-suggestions",
                  args=[cast.run_a.pk, cast.nina_enrollment.pk])
    client = login(cast.fatma)
    _interest_check(cast, fresh)
    assert STAFF_NOTICE in client.get(url).content.decode()
    shown = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW,
                                      object_type="orientation.OccupationSuggestion")
    before = shown.count()
    response = client.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and STAFF_NOTICE not in html
    assert "Passung: 0,90" in html or "Passung: 0.90" in html  # staff details
    assert shown.count() == before + 2  # the two rows of the new list are logged
    plain = client.post(url)
    assert plain.status_code == 302 and plain.url == url
