"""portal:story-detail — who may read a story, per persona; withdrawal hides it at once."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.feedback import feedback_give
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db
TEXT = "Ich habe nie aufgegeben.\nUnd ich war pünktlich."


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Ninas Weg", text=TEXT)


def share(cast, story, visibility):
    return story_share(actor=cast.nina_user, story=story, visibility=visibility,
                       wording=share_wording(visibility))


def url(story):
    return reverse("portal:story-detail", args=[story.pk])


def test_writer_sees_text_visibility_and_actions(cast, login, story):
    html = login(cast.nina_user).get(url(story)).content.decode()
    assert "Ninas Weg" in html and "Ich habe nie aufgegeben.<br>Und ich war" in html
    assert "nur für mich" in html
    assert "Eigene Stärken nennen" in html and "Stärken-Vorschläge (KI-Vorschlag)" in html
    assert "Teilen zurücknehmen" not in html


def test_writer_of_a_shared_story_can_withdraw(cast, login, story):
    share(cast, story, "group")
    html = login(cast.nina_user).get(url(story)).content.decode()
    assert "für die Gruppe" in html and "Teilen zurücknehmen" in html


def test_peer_sees_a_group_story_with_the_first_name_only(cast, login, story):
    share(cast, story, "group")
    response = login(cast.ali_user).get(url(story))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geschichte von Nina" in html and "Kemper" not in html
    assert "Stärken für Nina nennen" in html
    assert AuditEvent.objects.filter(actor=cast.ali_user, object_id=str(story.pk),
                                     action="view").exists()


def test_peer_gets_404_on_private_and_facilitator_only_stories(cast, login, story):
    assert login(cast.ali_user).get(url(story)).status_code == 404
    share(cast, story, "facilitator")
    assert login(cast.ali_user).get(url(story)).status_code == 404


def test_withdrawal_hides_the_story_from_peers_at_once(cast, login, story):
    share(cast, story, "group")
    c = login(cast.ali_user)
    assert c.get(url(story)).status_code == 200
    c.force_login(cast.nina_user)
    c.post(reverse("portal:story-withdraw", args=[story.pk]))
    c.force_login(cast.ali_user)
    assert c.get(url(story)).status_code == 404
    assert "Ninas Weg" not in c.get(reverse("portal:group-stories")).content.decode()


@pytest.mark.parametrize("visibility", ["group", "facilitator"])
def test_facilitator_of_the_run_reads_shared_stories(cast, login, story, visibility):
    share(cast, story, visibility)
    response = login(cast.fatma).get(url(story))
    assert response.status_code == 200
    assert "Ninas Weg" in response.content.decode()


def test_facilitator_sees_held_feedback_with_its_reason_the_writer_does_not(cast, login,
                                                                            story):
    share(cast, story, "group")
    strength = current_catalogue(cast.job_centre).strengths.get(key="mut")
    feedback_give(actor=cast.ali_user, story=story, strengths=[strength],
                  note="Du bist echt dumm.", show_name=False, source="peer")
    html = login(cast.fatma).get(url(story)).content.decode()
    assert "wartet auf die Projektleitung" in html and "Grund für die Prüfung" in html
    html = login(cast.nina_user).get(url(story)).content.decode()
    assert "Du bist echt dumm." not in html and "Mut" not in html


def test_visible_feedback_shows_the_name_only_when_agreed(cast, login, story):
    share(cast, story, "group")
    catalogue = current_catalogue(cast.job_centre)
    feedback_give(actor=cast.ali_user, story=story,
                  strengths=[catalogue.strengths.get(key="durchhaltevermoegen")],
                  note="Nie aufgegeben!", show_name=True, source="peer")
    feedback_give(actor=cast.ali_user, story=story,
                  strengths=[catalogue.strengths.get(key="puenktlichkeit")],
                  note="Pünktlich!", show_name=False, source="peer")
    html = login(cast.nina_user).get(url(story)).content.decode()
    assert "Durchhaltevermögen" in html and "von: Ali" in html
    assert "Pünktlichkeit" in html and "von: jemand aus der Gruppe" in html


def test_facilitator_of_another_run_gets_404_even_when_shared(cast, login, story):
    share(cast, story, "group")
    assert login(cast.jonas).get(url(story)).status_code == 404


def test_private_story_is_404_for_the_facilitator(cast, login, story):
    assert login(cast.fatma).get(url(story)).status_code == 404


@pytest.mark.parametrize("name", ["jonas", "karl", "petra", "maria", "admin", "olga",
                                  "sven_user"])
def test_everyone_else_gets_404_even_when_shared(cast, login, story, name):
    share(cast, story, "group")
    assert login(getattr(cast, name)).get(url(story)).status_code == 404


def test_random_id_is_404(cast, login):
    assert login(cast.nina_user).get(
        reverse("portal:story-detail", args=[uuid.uuid4()])).status_code == 404


def test_post_is_405(cast, login, story):
    assert login(cast.nina_user).post(url(story)).status_code == 405


def test_text_is_escaped(cast, login):
    story = story_save(actor=cast.nina_user, story_or_none=None,
                       title="<script>alert(1)</script>", text="<script>alert(2)</script>")
    html = login(cast.nina_user).get(url(story)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(2)" in html
