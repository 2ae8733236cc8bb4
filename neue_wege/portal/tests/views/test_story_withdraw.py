"""portal:story-withdraw — take back sharing; the story is private again at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.privacy.models import Consent
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(cast):
    story = story_save(actor=cast.nina_user, story_or_none=None, title="Ninas Weg",
                       text="Ich habe nie aufgegeben.")
    return story_share(actor=cast.nina_user, story=story, visibility="group",
                       wording=share_wording("group"))


def url(story):
    return reverse("portal:story-withdraw", args=[story.pk])


def test_withdraw_sets_the_time_and_makes_the_story_private(cast, login, story):
    response = login(cast.nina_user).post(url(story), follow=True)
    assert "wieder nur für Sie sichtbar" in response.content.decode()
    story.refresh_from_db()
    assert story.visibility == "private"
    assert Consent.objects.get().withdrawn_at is not None
    assert login(cast.ali_user).get(
        reverse("portal:story-detail", args=[story.pk])).status_code == 404


def test_withdrawing_a_private_story_shows_a_german_message(cast, login, story):
    c = login(cast.nina_user)
    c.post(url(story))
    response = c.post(url(story), follow=True)
    assert "Diese Geschichte ist nicht geteilt." in response.content.decode()


@pytest.mark.parametrize("name", ["ali_user", "sven_user", "fatma", "jonas", "karl", "maria",
                                  "admin", "olga"])
def test_nobody_else_withdraws(cast, login, story, name):
    assert login(getattr(cast, name)).post(url(story)).status_code == 404
    story.refresh_from_db()
    assert story.visibility == "group"


def test_get_is_405(cast, login, story):
    assert login(cast.nina_user).get(url(story)).status_code == 405
