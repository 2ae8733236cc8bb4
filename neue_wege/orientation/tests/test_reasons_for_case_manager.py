"""A limit-derived reason ("Achtung: … Sie haben angegeben, nicht schwer heben zu dürfen.")
never reaches the case manager: it comes from the participant's obstacles, which are never
released (docs/privacy.md, 3a). `selectors.reasons_without_limits_for_case_manager` filters it,
`personal_data.case_manager_rows` applies it to every record a released item shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.orientation.match.candidates import LIMIT_REASONS
from neue_wege.orientation.models import ActionStep, OccupationSuggestion, Vision
from neue_wege.orientation.personal_data import case_manager_rows
from neue_wege.orientation.selectors import reasons_without_limits_for_case_manager
from neue_wege.orientation.tests.pathway_fixtures import make_occupations
from neue_wege.privacy import release_content, releases

LIFTING = LIMIT_REASONS["no_heavy_lifting"]
OTHER = ["Sie erzählen von „Dienstplänen“ im Altenheim.",
         "Für diesen Beruf braucht man eine Ausbildung. Ihr Weg dorthin: eine Umschulung."]


def test_every_limit_reason_is_left_out_and_the_others_kept():
    reasons = [OTHER[0], *LIMIT_REASONS.values(), OTHER[1]]
    assert reasons_without_limits_for_case_manager(reasons) == OTHER
    for limit, text in LIMIT_REASONS.items():
        assert reasons_without_limits_for_case_manager([text]) == [], limit


def test_a_reason_merely_starting_with_achtung_is_kept():
    kept = ["Achtung: Dieser Beruf wird in der Region oft gesucht."]
    assert reasons_without_limits_for_case_manager(kept) == kept


@pytest.fixture
def nina_saved_suggestion(cast):  # noqa: ANN001, ANN201
    occupation = make_occupations(1)[0]
    suggestion = OccupationSuggestion.objects.create(
        enrollment=cast.nina_enrollment, occupation=occupation, score=0.8,
        reasons=[OTHER[0], LIFTING], status=OccupationSuggestion.Status.SAVED)
    ActionStep.objects.create(enrollment=cast.nina_enrollment, from_suggestion=suggestion,
                              description="Praktikum in der Pflege suchen")
    Vision.objects.create(enrollment=cast.nina_enrollment, number=1, what="In der Pflege")
    return suggestion


@pytest.mark.django_db
def test_case_manager_rows_of_a_suggestion_hold_no_limit_reason(nina_saved_suggestion):
    label = str(OccupationSuggestion._meta.get_field("reasons").verbose_name)
    # What the generic rows would pass on: the warning with the participant's limit.
    assert (label, [OTHER[0], LIFTING]) in release_content.field_rows(nina_saved_suggestion)
    rows = case_manager_rows(nina_saved_suggestion)
    assert (label, [OTHER[0]]) in rows
    assert "heben" not in repr(rows)
    nina_saved_suggestion.reasons = [LIFTING]  # only the warning: no reasons row at all
    assert label not in dict(case_manager_rows(nina_saved_suggestion))


@pytest.mark.django_db
def test_no_released_item_shows_a_limit_reason_to_the_case_manager(cast, login,  # noqa: ANN001
                                                                   nina_saved_suggestion):
    keys = [item.key for item in releases.available_items()]
    assert {"next_steps", "vision"} <= set(keys)
    for key in keys:
        releases.release_give(actor=cast.nina_user, client=cast.nina, key=key)
    client = login(cast.karl)
    for key in keys:
        content = releases.RELEASE_ITEMS[key].content(cast.nina)
        assert "Achtung" not in repr(content) and "heben" not in repr(content), key
        response = client.get(reverse("privacy:released-item", args=[cast.nina.pk, key]))
        assert response.status_code == 200, key
        body = response.content.decode()
        assert "Achtung" not in body and "schwer heben" not in body, key
    steps = client.get(reverse("privacy:released-item", args=[cast.nina.pk, "next_steps"]))
    assert "Praktikum in der Pflege suchen" in steps.content.decode()  # released, shown
