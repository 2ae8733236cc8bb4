"""portal:group-stories — the run's shared stories with their visible feedback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from neue_wege.clients.models import Client, Enrollment
from neue_wege.clients.services import referral_accept, referral_create
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Run
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.feedback import feedback_give
from neue_wege.strengths.services.stories import share_wording, story_save, story_share
from neue_wege.testing.assertions import assert_max_queries
from neue_wege.testing.personas import make_user

pytestmark = pytest.mark.django_db
URL = reverse("portal:group-stories")


def shared(user, title, visibility="group"):
    story = story_save(actor=user, story_or_none=None, title=title,
                       text="Ich habe nie aufgegeben.")
    return story_share(actor=user, story=story, visibility=visibility,
                       wording=share_wording(visibility))


def test_peer_sees_group_stories_of_the_run_with_first_names_and_feedback(cast, login):
    story = shared(cast.nina_user, "Ninas Weg")
    shared(cast.nina_user, "Nur für Fatma", "facilitator")
    story_save(actor=cast.nina_user, story_or_none=None, title="Privat", text="Geheim")
    shared(cast.sven_user, "Svens Tag")
    strength = current_catalogue(cast.job_centre).strengths.get(key="durchhaltevermoegen")
    feedback_give(actor=cast.ali_user, story=story, strengths=[strength],
                  note="Nie aufgegeben, toll!", show_name=False, source="peer")
    held = current_catalogue(cast.job_centre).strengths.get(key="mut")
    feedback_give(actor=cast.ali_user, story=story, strengths=[held],
                  note="Du Vollidiot", show_name=False, source="peer")
    response = login(cast.ali_user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geschichten der Gruppe" in html
    assert "Ninas Weg" in html and "von Nina" in html and "Kemper" not in html
    assert "Durchhaltevermögen" in html and "Nie aufgegeben, toll!" in html
    assert "Vollidiot" not in html
    assert "Nur für Fatma" not in html and "Privat" not in html and "Svens Tag" not in html
    assert "Stärken für Nina nennen" in html
    assert AuditEvent.objects.filter(actor=cast.ali_user, action="view",
                                     object_id=str(story.pk)).exists()


def test_writer_sees_her_own_shared_story_marked(cast, login):
    shared(cast.nina_user, "Ninas Weg")
    html = login(cast.nina_user).get(URL).content.decode()
    assert "Ninas Weg" in html and "Ihre Geschichte" in html
    assert "Stärken für Nina nennen" not in html


def test_other_run_never_sees_it(cast, login):
    shared(cast.nina_user, "Ninas Weg")
    html = login(cast.sven_user).get(URL).content.decode()
    assert "Ninas Weg" not in html
    assert "Noch hat niemand eine Geschichte" in html


def test_a_withdrawn_story_is_gone_at_once(cast, login):
    story = shared(cast.nina_user, "Ninas Weg")
    c = login(cast.ali_user)
    assert "Ninas Weg" in c.get(URL).content.decode()
    story_share(actor=cast.nina_user, story=story, visibility="private", wording="")
    assert "Ninas Weg" not in c.get(URL).content.decode()


@pytest.mark.parametrize("name", ["fatma", "jonas", "karl", "petra", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 404


def test_post_is_405(cast, login):
    assert login(cast.ali_user).post(URL).status_code == 405


def test_bounded_queries_with_many_stories_and_feedback(cast, login):
    strengths = list(current_catalogue(cast.job_centre).strengths.all()[:3])
    run: Run = cast.run_a
    run.capacity = 40
    run.save()
    for i in range(12):
        client = Client.objects.create(job_centre=cast.job_centre, case_manager=cast.karl,
                                       case_number=f"BOR-9{i:03d}", first_name=f"P{i}",
                                       last_name="X", date_of_birth=dt.date(1990, 1, 1),
                                       gender="f", municipality=cast.bocholt,
                                       benefit_since="2020-01-01")
        referral = referral_create(actor=cast.karl, client=client, run=run,
                                   potential_note="-")
        enrollment = referral_accept(actor=cast.fatma, referral=referral)
        assert enrollment.status == Enrollment.Status.ACTIVE
        user = make_user(f"p{i}-portal", "participant", cast.job_centre, f"P{i}", "X")
        Client.objects.filter(pk=client.pk).update(user=user)
        story = shared(user, f"Geschichte {i}")
        feedback_give(actor=cast.ali_user, story=story, strengths=strengths, note="Stark",
                      show_name=True, source="peer")
    c = login(cast.ali_user)
    with assert_max_queries(16):
        response = c.get(URL)
    assert response.status_code == 200
    assert "Geschichte 11" in response.content.decode()
