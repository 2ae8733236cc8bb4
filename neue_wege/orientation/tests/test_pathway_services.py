"""Services of the participant's path: versions, special categories, encryption, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from neue_wege.orientation import interest_check
from neue_wege.orientation.models import (
    ActionStep,
    InterestCheck,
    Obstacle,
    OccupationSuggestion,
    Strategy,
    Vision,
)
from neue_wege.orientation.services import occupation_choices, pathway
from neue_wege.orientation.services.pathway import PathwayError
from neue_wege.orientation.tests.pathway_fixtures import (
    ALL_ANSWERS,
    fake_assistant,
    make_occupations,
)
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _audits(obj, action):
    return AuditEvent.objects.filter(object_id=str(obj.pk), action=action)


def test_eighteen_items_three_per_theme():
    assert len(interest_check.ITEMS) == 18
    for letter, _name, _desc in interest_check.THEMES:
        assert sum(item.theme == letter for item in interest_check.ITEMS) == 3
    assert len(set(interest_check.ITEM_KEYS)) == 18


def test_interest_check_scores_and_keeps_earlier_checks(cast):
    answers = {**ALL_ANSWERS, "s1": 3, "s2": 3, "s3": 3, "c1": 3}
    first = pathway.interest_check_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                        answers=answers, notes="Kasse im Verein")
    assert first.scores["S"] == 1.0
    assert first.scores["C"] == pytest.approx(0.333, abs=0.001)
    assert first.scores["R"] == 0.0
    assert interest_check.top_themes(first.scores) == ["S", "C"]
    pathway.interest_check_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                answers=ALL_ANSWERS)
    assert InterestCheck.objects.filter(enrollment=cast.nina_enrollment).count() == 2
    assert _audits(first, AuditEvent.Action.CREATE).get().client_id == cast.nina.pk


@pytest.mark.parametrize("answers", [
    {k: v for k, v in ALL_ANSWERS.items() if k != "r1"},  # one missing
    {**ALL_ANSWERS, "r1": 4},                            # off the scale
    {**ALL_ANSWERS, "r1": "viel"},                       # not a number
])
def test_interest_check_refuses_incomplete_answers(cast, answers):
    with pytest.raises(PathwayError):
        pathway.interest_check_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                    answers=answers)
    assert not InterestCheck.objects.exists()


def test_vision_is_versioned_never_edited(cast):
    first = pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                what="In der Pflege arbeiten", why="Ich helfe gern.")
    second = pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                 what="In der Altenpflege arbeiten", why="Ich helfe gern.")
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.what == "In der Pflege arbeiten"
    with pytest.raises(PathwayError, match="unverändert"):
        pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                            what="In der Altenpflege arbeiten", why="Ich helfe gern.")
    with pytest.raises(PathwayError, match="was Sie arbeiten"):
        pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment, what="  ")
    assert Vision.objects.count() == 2
    assert _audits(second, AuditEvent.Action.CREATE).exists()


@pytest.mark.parametrize(("kind", "special"), [
    ("health", True), ("addiction", True), ("childcare", False), ("debt", False),
    ("other", False),
])
def test_special_category_follows_the_kind(cast, kind, special):
    obstacle = pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                    kind=kind, title="Rücken" if kind == "other" else "")
    assert obstacle.special_category is special


def test_other_obstacle_needs_own_words(cast):
    with pytest.raises(PathwayError):
        pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                             kind="other")
    with pytest.raises(PathwayError):
        pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                             kind="lottery")


def test_details_and_strategies_are_encrypted_at_rest(cast):
    obstacle = pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                    kind="health", details="Bandscheibenvorfall 2024")
    strategy = pathway.strategy_add(actor=cast.nina_user, obstacle=obstacle,
                                    description="Termin bei der Rückenschule",
                                    helper="doctor", due_on=dt.date(2026, 12, 1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM orientation_obstacle WHERE id = %s",
                       [obstacle.pk.hex if connection.vendor == "sqlite" else obstacle.pk])
        raw_details = cursor.fetchone()[0]
        cursor.execute("SELECT description FROM orientation_strategy")
        raw_strategy = cursor.fetchone()[0]
    assert "Bandscheibe" not in raw_details and raw_details.startswith("fernet:")
    assert "Rückenschule" not in raw_strategy
    assert Obstacle.objects.get().details == "Bandscheibenvorfall 2024"
    assert Strategy.objects.get().description == "Termin bei der Rückenschule"
    assert _audits(strategy, AuditEvent.Action.CREATE).exists()


def test_strategy_needs_text_and_helper_and_changes_status(cast):
    obstacle = pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                    kind="childcare")
    with pytest.raises(PathwayError):
        pathway.strategy_add(actor=cast.nina_user, obstacle=obstacle, description="",
                             helper="childcare")
    with pytest.raises(PathwayError):
        pathway.strategy_add(actor=cast.nina_user, obstacle=obstacle,
                             description="Kita-Platz", helper="weihnachtsmann")
    strategy = pathway.strategy_add(actor=cast.nina_user, obstacle=obstacle,
                                    description="Kita-Platz beantragen", helper="childcare")
    assert strategy.status == Strategy.Status.OPEN
    pathway.strategy_set_status(actor=cast.nina_user, strategy=strategy, status="done")
    strategy.refresh_from_db()
    assert strategy.status == "done"
    assert _audits(strategy, AuditEvent.Action.CHANGE).exists()
    with pytest.raises(PathwayError):
        pathway.strategy_set_status(actor=cast.nina_user, strategy=strategy, status="vergessen")


def test_step_done_and_undone(cast):
    step = pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                            description="Praktikum im Seniorenheim anfragen",
                            due_on=dt.date(2026, 12, 15))
    pathway.step_set_done(actor=cast.nina_user, step=step, done=True, today=dt.date(2026, 12, 1))
    step.refresh_from_db()
    assert step.done_on == dt.date(2026, 12, 1)
    pathway.step_set_done(actor=cast.nina_user, step=step, done=False)
    step.refresh_from_db()
    assert step.done_on is None
    assert _audits(step, AuditEvent.Action.CHANGE).count() == 2
    with pytest.raises(PathwayError):
        pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment, description=" ")


def test_suggestions_are_stored_and_decisions_survive_a_refresh(cast, monkeypatch):
    occupations = make_occupations(3)
    suggested = list(occupations)
    fake_assistant(monkeypatch, suggested)
    rows = occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                                  enrollment=cast.nina_enrollment)
    assert [row.occupation for row in rows] == occupations
    assert rows[0].score == 0.9 and rows[0].reasons == ["Sie erzählen vom Helfen."]
    assert rows[0].in_regional_demand is True
    assert all(row.status == "suggested" for row in rows)

    occupation_choices.suggestion_decide(actor=cast.nina_user, suggestion=rows[0],
                                         status="saved")
    occupation_choices.suggestion_decide(actor=cast.nina_user, suggestion=rows[1],
                                         status="dismissed")
    suggested[:] = [occupations[2]]  # the assistant now suggests only the third
    occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                           enrollment=cast.nina_enrollment)
    by_occupation = {row.occupation_id: row for row in OccupationSuggestion.objects.all()}
    assert by_occupation[occupations[0].pk].status == "saved"       # kept: decided by Nina
    assert by_occupation[occupations[1].pk].status == "dismissed"   # kept: decided by Nina
    assert by_occupation[occupations[2].pk].score == 0.9             # updated
    assert rows[0].decided_at is not None
    assert _audits(rows[0], AuditEvent.Action.CHANGE).exists()


def test_stale_undecided_suggestions_are_dropped(cast, monkeypatch):
    occupations = make_occupations(2)
    suggested = list(occupations)
    fake_assistant(monkeypatch, suggested)
    occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                           enrollment=cast.nina_enrollment)
    suggested[:] = occupations[1:]
    occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                           enrollment=cast.nina_enrollment)
    assert list(OccupationSuggestion.objects.values_list("occupation", flat=True)) == [
        occupations[1].pk]


def test_a_saved_suggestion_turns_into_steps(cast, monkeypatch):
    fake_assistant(monkeypatch, make_occupations(1))
    [row] = occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                                   enrollment=cast.nina_enrollment)
    ideas = occupation_choices.step_ideas(row)
    with pytest.raises(PathwayError, match="zuerst"):
        occupation_choices.suggestion_to_steps(actor=cast.nina_user, suggestion=row,
                                               steps=[(ideas[0], None)])
    occupation_choices.suggestion_decide(actor=cast.nina_user, suggestion=row, status="saved")
    with pytest.raises(PathwayError):
        occupation_choices.suggestion_to_steps(actor=cast.nina_user, suggestion=row,
                                               steps=[("  ", None)])
    steps = occupation_choices.suggestion_to_steps(
        actor=cast.nina_user, suggestion=row,
        steps=[(ideas[1], dt.date(2026, 12, 20)), ("Mit Tante Ayşe sprechen", None)])
    assert [s.from_suggestion for s in steps] == [row, row]
    assert "Pflegehelfer" in steps[0].description
    assert ActionStep.objects.filter(enrollment=cast.nina_enrollment).count() == 2


def test_a_step_cannot_point_at_someone_elses_suggestion(cast, monkeypatch):
    fake_assistant(monkeypatch, make_occupations(1))
    [row] = occupation_choices.suggestions_refresh(actor=cast.ali_user,
                                                   enrollment=cast.ali_enrollment)
    with pytest.raises(PathwayError):
        pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                         description="Praktikum", from_suggestion=row)
