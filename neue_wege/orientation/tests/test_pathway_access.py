"""Who reads the path: the participant and the run's facilitators; special categories never
reach case managers, management or administrators; other job centres and guessed ids get 404."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.urls import reverse

from neue_wege.orientation.services import occupation_choices, pathway
from neue_wege.orientation.tests.pathway_fixtures import fake_assistant, make_occupations
from neue_wege.privacy import access

pytestmark = pytest.mark.django_db


@pytest.fixture
def nina_path(cast, monkeypatch):
    health = pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                  kind="health", details="Migräne")
    childcare = pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                     kind="childcare")
    strategy = pathway.strategy_add(actor=cast.nina_user, obstacle=health,
                                    description="Neurologin fragen", helper="doctor")
    step = pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                            description="Praktikum anfragen")
    fake_assistant(monkeypatch, make_occupations(1))
    [suggestion] = occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                                          enrollment=cast.nina_enrollment)
    return {"health": health, "childcare": childcare, "strategy": strategy, "step": step,
            "suggestion": suggestion}


def test_obstacles_for_each_role(cast, nina_path):
    both = {nina_path["health"].pk, nina_path["childcare"].pk}
    assert set(access.obstacles_for(cast.nina_user).values_list("pk", flat=True)) == both
    assert set(access.obstacles_for(cast.fatma).values_list("pk", flat=True)) == both
    for outsider in (cast.jonas, cast.karl, cast.petra, cast.maria, cast.admin, cast.olga,
                     cast.ali_user, cast.sven_user):
        assert not access.obstacles_for(outsider).exists(), outsider.username


def test_special_category_reader_rule(cast, nina_path):
    enrollment = cast.nina_enrollment
    assert access.may_read_special_category(cast.nina_user, enrollment)
    assert access.may_read_special_category(cast.fatma, enrollment)
    for outsider in (cast.karl, cast.maria, cast.admin, cast.jonas, cast.olga, cast.ali_user):
        assert not access.may_read_special_category(outsider, enrollment), outsider.username


def test_own_objects_are_the_participants_only(cast, nina_path):
    getters = [(access.access_own_obstacle, nina_path["health"]),
               (access.access_own_strategy, nina_path["strategy"]),
               (access.access_own_action_step, nina_path["step"]),
               (access.access_own_occupation_suggestion, nina_path["suggestion"])]
    for getter, obj in getters:
        assert getter(cast.nina_user, obj.pk) == obj
        for other in (cast.ali_user, cast.fatma, cast.karl, cast.olga):
            with pytest.raises(Http404):
                getter(other, obj.pk)
        for guess in (uuid.uuid4(), "kein-uuid", None):
            with pytest.raises(Http404):
                getter(cast.nina_user, guess)


def _portal_posts(p):
    return [
        (reverse("portal:pathway-strategy-create", args=[p["health"].pk]),
         {"description": "x", "helper": "myself"}),
        (reverse("portal:pathway-strategy-status", args=[p["strategy"].pk]), {"status": "done"}),
        (reverse("portal:pathway-obstacle-delete", args=[p["childcare"].pk]), {}),
        (reverse("portal:pathway-step-done", args=[p["step"].pk]), {"done": "1"}),
        (reverse("portal:pathway-suggestion-decide", args=[p["suggestion"].pk]),
         {"status": "saved"}),
        (reverse("portal:pathway-suggestion-steps", args=[p["suggestion"].pk]),
         {"own": "Praktikum"}),
    ]


def test_another_participant_gets_404_and_changes_nothing(cast, nina_path, login):
    client = login(cast.ali_user)
    for url, data in _portal_posts(nina_path):
        assert client.post(url, data).status_code == 404, url
    nina_path["strategy"].refresh_from_db()
    nina_path["step"].refresh_from_db()
    nina_path["suggestion"].refresh_from_db()
    assert nina_path["strategy"].status == "open"
    assert nina_path["step"].done_on is None
    assert nina_path["suggestion"].status == "suggested"
    assert nina_path["health"].strategies.count() == 1
    assert nina_path["childcare"].__class__.objects.filter(pk=nina_path["childcare"].pk).exists()


@pytest.mark.parametrize("persona", ["fatma", "karl", "maria", "admin", "olga"])
def test_staff_never_reach_the_portal_pages(cast, nina_path, login, persona):
    client = login(getattr(cast, persona))
    for name in ("pathway-overview", "pathway-interests", "pathway-interest-check-create",
                 "pathway-vision", "pathway-obstacles", "pathway-obstacle-create",
                 "pathway-steps", "pathway-steps-pdf", "pathway-suggestions"):
        assert client.get(reverse(f"portal:{name}")).status_code == 404, name
    for url, data in _portal_posts(nina_path):
        assert client.post(url, data).status_code == 404, url


@pytest.mark.parametrize("persona", ["jonas", "karl", "petra", "maria", "admin", "olga",
                                     "nina_user", "ali_user"])
def test_only_the_runs_facilitators_read_a_participants_path(cast, nina_path, login, persona):
    client = login(getattr(cast, persona))
    urls = [reverse("orientation:run-pathways", args=[cast.run_a.pk]),
            reverse("orientation:run-pathway-detail",
                    args=[cast.run_a.pk, cast.nina_enrollment.pk])]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_facilitator_of_run_a_cannot_read_run_b_participant(cast, login):
    client = login(cast.fatma)
    wrong_pairs = [(cast.run_a.pk, cast.sven_enrollment.pk),   # Sven is in run B
                   (cast.run_b.pk, cast.sven_enrollment.pk),   # run B is Jonas's
                   (cast.run_a.pk, uuid.uuid4())]
    for run_id, enrollment_id in wrong_pairs:
        url = reverse("orientation:run-pathway-detail", args=[run_id, enrollment_id])
        assert client.get(url).status_code == 404
