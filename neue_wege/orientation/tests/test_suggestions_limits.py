"""``suggest_for_enrollment`` passes the client's qualification and the limits read from the
pathway's obstacles to the core (issue 13, points 1 and 2)."""

from __future__ import annotations

import pytest

from neue_wege.clients.models import Client
from neue_wege.orientation.models import Obstacle
from neue_wege.orientation.services.suggestions import gather_inputs, suggest_for_enrollment
from neue_wege.orientation.testing import import_occupations
from neue_wege.strengths.models import Story

pytestmark = pytest.mark.django_db

WAREHOUSE_STORY = (
    "Ich habe lange im Lager gearbeitet, Kisten geschleppt, Pakete gepackt und Waren "
    "für den Versand sortiert."
)


def test_inputs_carry_qualification_and_obstacle_limits(cast):  # noqa: ANN001
    enrollment = cast.nina_enrollment
    Client.objects.filter(pk=enrollment.client_id).update(
        qualification=Client.Qualification.VOCATIONAL)
    Obstacle.objects.create(enrollment=enrollment, kind=Obstacle.Kind.HEALTH,
                            title="Rücken", details="Ich darf nicht schwer heben.")
    Obstacle.objects.create(enrollment=enrollment, kind=Obstacle.Kind.MOBILITY,
                            title="Kein Führerschein")
    Obstacle.objects.create(enrollment=enrollment, kind=Obstacle.Kind.DEBT, title="Schulden")
    enrollment.refresh_from_db()
    inputs = gather_inputs(enrollment)
    assert inputs.qualification == ["vocational"]
    assert inputs.limits == ["no_driving_licence", "no_heavy_lifting"]
    assert inputs.empty  # qualification and limits filter; alone they make no list


def test_heavy_lifting_obstacle_removes_lifting_work(cast):  # noqa: ANN001
    import_occupations()
    enrollment = cast.nina_enrollment
    Story.objects.create(enrollment=enrollment, title="Lager", text=WAREHOUSE_STORY,
                         visibility=Story.Visibility.PRIVATE)
    before = suggest_for_enrollment(enrollment, top=10, with_demand=False)
    assert any(r.occupation.isco08 == "9333" for r in before)  # warehouse labourers
    Obstacle.objects.create(enrollment=enrollment, kind=Obstacle.Kind.HEALTH,
                            title="Bandscheibe", details="Nichts über 10 kg heben.")
    after = suggest_for_enrollment(enrollment, top=10, with_demand=False)
    assert after
    assert not any(r.occupation.isco08 == "9333" for r in after)  # lifting is their work
    assert not any(r.occupation.isco08.startswith(("0", "1")) for r in before + after)
    # Nina's client record says "ohne Berufsabschluss": Fachkraft posts name the path
    assert any("Ihr Weg dorthin" in reason for r in after for reason in r.reasons)


def test_school_and_vocational_qualification_reach_the_matcher(cast):  # noqa: ANN001
    """Issue 13, point 4: the client's school and vocational qualification (master data)
    become the matcher's ids; without a school qualification only the vocational one."""
    enrollment = cast.nina_enrollment
    Client.objects.filter(pk=enrollment.client_id).update(
        qualification=Client.Qualification.PARTIAL,
        school_qualification=Client.SchoolQualification.NONE)
    enrollment.refresh_from_db()
    assert gather_inputs(enrollment).qualification == ["partial", "school_none"]
    Client.objects.filter(pk=enrollment.client_id).update(
        qualification=Client.Qualification.ADVANCED, school_qualification="")
    enrollment.refresh_from_db()
    assert gather_inputs(enrollment).qualification == ["advanced"]


def test_every_client_qualification_is_a_matcher_id():
    from neue_wege.orientation.match.candidates import QUALIFICATIONS, parse_qualification

    for value in Client.Qualification.values:
        assert parse_qualification([value]).vocational == value
    for value in Client.SchoolQualification.values:
        assert f"school_{value}" in QUALIFICATIONS
        assert parse_qualification([f"school_{value}"]).school == f"school_{value}"
