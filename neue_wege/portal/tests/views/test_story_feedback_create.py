"""portal:feedback-create — a peer names strengths in a group story."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.strengths.models import StrengthFeedback
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(cast):
    story = story_save(actor=cast.nina_user, story_or_none=None, title="Ninas Weg",
                       text="Ich habe nie aufgegeben und war immer pünktlich.")
    return story_share(actor=cast.nina_user, story=story, visibility="group",
                       wording=share_wording("group"))


def url(story):
    return reverse("portal:feedback-create", args=[story.pk])


def test_form_shows_grouped_strength_cards_with_descriptions(cast, login, story):
    html = login(cast.ali_user).get(url(story)).content.decode()
    assert "Welche Stärken zeigt Nina?" in html
    assert "Persönliche Stärken" in html and "Soziale Stärken" in html
    assert "Durchhaltevermögen" in html
    assert "Meinen Vornamen zeigen" in html
    assert '<legend class="kern-label">Persönliche Stärken' in html


def test_peer_gives_feedback_anonymous_by_default(cast, login, story):
    response = login(cast.ali_user).post(url(story), {
        "strengths_personal": ["durchhaltevermoegen", "puenktlichkeit"],
        "note": "„nie aufgegeben“ – stark!"}, follow=True)
    assert "Danke für Ihre Rückmeldung!" in response.content.decode()
    feedback = StrengthFeedback.objects.filter(story=story)
    assert feedback.count() == 2
    assert all(fb.source == "peer" and not fb.show_name and fb.status == "visible"
               for fb in feedback)


def test_a_hurtful_note_waits_for_the_facilitator(cast, login, story):
    response = login(cast.ali_user).post(url(story), {
        "strengths_personal": ["mut"], "note": "Du bist echt dumm."}, follow=True)
    assert "Die Projektleitung liest Ihre Rückmeldung zuerst" in response.content.decode()
    fb = StrengthFeedback.objects.get()
    assert fb.status == "held" and fb.held_reason


def test_no_strength_chosen_keeps_the_note(cast, login, story):
    response = login(cast.ali_user).post(url(story), {"note": "Mein <b>Text</b>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte wählen Sie mindestens eine Stärke." in html
    assert "Mein &lt;b&gt;Text&lt;/b&gt;" in html


def test_twice_the_same_strength_is_refused(cast, login, story):
    c = login(cast.ali_user)
    c.post(url(story), {"strengths_personal": ["mut"]})
    response = c.post(url(story), {"strengths_personal": ["mut"], "note": "Nochmal"})
    assert response.status_code == 400
    assert "schon genannt" in response.content.decode()
    assert StrengthFeedback.objects.count() == 1


def test_unknown_strength_is_a_german_error(cast, login, story):
    response = login(cast.ali_user).post(url(story), {"strengths_personal": ["fliegen"]})
    assert response.status_code == 400
    assert "Bitte wählen Sie Stärken aus der Liste." in response.content.decode()


def test_writer_is_sent_to_the_self_view(cast, login, story):
    response = login(cast.nina_user).get(url(story))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:feedback-self", args=[story.pk])


def test_facilitator_of_the_run_gives_facilitator_feedback(cast, login, story):
    c = login(cast.fatma)
    html = c.get(url(story)).content.decode()
    assert "Meinen Vornamen zeigen" not in html
    c.post(url(story), {"strengths_personal": ["mut"]})
    assert StrengthFeedback.objects.get().source == "facilitator"


def test_story_shared_with_the_facilitator_only_is_404_for_peers(cast, login, story):
    story_share(actor=cast.nina_user, story=story, visibility="facilitator",
                wording=share_wording("facilitator"))
    assert login(cast.ali_user).get(url(story)).status_code == 404


@pytest.mark.parametrize("name", ["sven_user", "jonas", "karl", "petra", "maria", "admin",
                                  "olga"])
def test_everyone_else_gets_404(cast, login, story, name):
    c = login(getattr(cast, name))
    assert c.get(url(story)).status_code == 404
    assert c.post(url(story), {"strengths_personal": ["mut"]}).status_code == 404
    assert not StrengthFeedback.objects.exists()


def test_put_is_405(cast, login, story):
    assert login(cast.ali_user).put(url(story)).status_code == 405
