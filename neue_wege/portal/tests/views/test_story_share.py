"""portal:story-share — choose who may read, then confirm the consent text (two steps)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.privacy.models import Consent
from neue_wege.strengths.models import Story
from neue_wege.strengths.services.stories import (
    share_wording,
    story_draft_save,
    story_save,
    story_share,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Ninas Weg",
                      text="Ich habe nie aufgegeben.")


def url(story):
    return reverse("portal:story-share", args=[story.pk])


def test_choice_page_in_german(cast, login, story):
    html = login(cast.nina_user).get(url(story)).content.decode()
    assert "Wer darf diese Geschichte lesen?" in html
    assert "für die Gruppe" in html and "für die Projektleitung" in html
    assert "Fallmanagement" in html


@pytest.mark.parametrize("visibility", ["group", "facilitator"])
def test_choosing_shows_the_consent_text_first_and_shares_nothing(cast, login, story,
                                                                  visibility):
    response = login(cast.nina_user).post(url(story), {"step": "choose",
                                                        "visibility": visibility})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte lesen Sie das zuerst" in html
    assert "jederzeit zurücknehmen" in html and "Fallmanagement" in html
    assert "Ja, ich bin einverstanden." in html
    story.refresh_from_db()
    assert story.visibility == "private" and not Consent.objects.exists()


@pytest.mark.parametrize(("visibility", "purpose"), [
    ("group", Consent.Purpose.SHARE_WITH_GROUP),
    ("facilitator", Consent.Purpose.SHARE_WITH_FACILITATOR),
])
def test_confirming_records_the_consent_with_the_wording_shown(cast, login, story,
                                                               visibility, purpose):
    response = login(cast.nina_user).post(url(story), {"step": "confirm",
                                                        "visibility": visibility,
                                                        "confirm": "on"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.visibility == visibility
    consent = Consent.objects.get()
    assert consent.purpose == purpose and consent.object_id == str(story.pk)
    assert consent.wording == share_wording(visibility)


def test_confirming_without_the_tick_is_refused(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"step": "confirm",
                                                        "visibility": "group"})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie" in response.content.decode()
    story.refresh_from_db()
    assert story.visibility == "private" and not Consent.objects.exists()


def test_skipping_the_consent_step_with_a_forged_visibility_is_refused(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"step": "confirm",
                                                        "visibility": "private",
                                                        "confirm": "on"})
    assert response.status_code == 404
    assert not Consent.objects.exists()


def test_choosing_private_withdraws(cast, login, story):
    story_share(actor=cast.nina_user, story=story, visibility="group",
                wording=share_wording("group"))
    response = login(cast.nina_user).post(url(story), {"step": "choose",
                                                        "visibility": "private"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.visibility == "private"
    assert Consent.objects.get().withdrawn_at is not None


def test_no_choice_keeps_the_page_with_a_german_error(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"step": "choose", "visibility": "x"})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine der Möglichkeiten." in response.content.decode()


def test_an_unsaved_draft_cannot_be_shared(cast, login):
    draft = story_draft_save(actor=cast.nina_user, story_or_none=None, title="", text="Ent")
    response = login(cast.nina_user).post(url(draft), {"step": "confirm",
                                                        "visibility": "group",
                                                        "confirm": "on"})
    assert response.status_code == 400
    assert "speichern Sie die Geschichte zuerst" in response.content.decode()
    assert Story.objects.get().visibility == "private"


@pytest.mark.parametrize("name", ["ali_user", "sven_user", "fatma", "jonas", "karl", "maria",
                                  "admin", "olga"])
def test_nobody_else_shares(cast, login, story, name):
    c = login(getattr(cast, name))
    assert c.get(url(story)).status_code == 404
    assert c.post(url(story), {"step": "confirm", "visibility": "group",
                               "confirm": "on"}).status_code == 404
    assert not Consent.objects.exists()


def test_put_is_405(cast, login, story):
    assert login(cast.nina_user).put(url(story)).status_code == 405
