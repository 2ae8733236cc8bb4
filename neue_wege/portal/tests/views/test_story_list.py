"""portal:story-list — the writer's own stories."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from neue_wege.strengths.services.stories import (
    share_wording,
    story_draft_save,
    story_save,
    story_share,
)
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("portal:story-list")


def test_writer_sees_own_stories_in_german(cast, login):
    story_save(actor=cast.nina_user, story_or_none=None, title="Der Umzug", text="Ich half.")
    story_draft_save(actor=cast.nina_user, story_or_none=None, title="Halb fertig", text="Es")
    story_save(actor=cast.ali_user, story_or_none=None, title="Alis Tag", text="Ich kochte.")
    html = login(cast.nina_user).get(URL).content.decode()
    assert "Meine Geschichten" in html and "Neue Geschichte schreiben" in html
    assert "Der Umzug" in html and "Halb fertig" in html
    assert "nur Entwurf, noch nicht gespeichert" in html
    assert "Alis Tag" not in html


def test_shared_stories_of_others_are_not_in_my_list(cast, login):
    story = story_save(actor=cast.ali_user, story_or_none=None, title="Alis Tag", text="Ich.")
    story_share(actor=cast.ali_user, story=story, visibility="group",
                wording=share_wording("group"))
    html = login(cast.nina_user).get(URL).content.decode()
    assert "Alis Tag" not in html
    assert "noch keine Geschichte geschrieben" in html


@pytest.mark.parametrize("name", ["fatma", "jonas", "karl", "petra", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/anmelden/" in response["Location"]


def test_post_is_405(cast, login):
    assert login(cast.nina_user).post(URL).status_code == 405


def test_bounded_queries_with_many_stories(cast, login):
    c = login(cast.nina_user)
    for i in range(30):
        story_save(actor=cast.nina_user, story_or_none=None, title=f"G{i}", text="Text")
    with assert_max_queries(12):
        response = c.get(URL)
    assert response.status_code == 200
    with assert_max_queries(12):
        second = c.get(URL, {"page": 2})
    first_rows = set(re.findall(r"\bG(\d+)\b", response.content.decode()))
    second_rows = set(re.findall(r"\bG(\d+)\b", second.content.decode()))
    assert len(first_rows) >= 20 and second_rows  # rows rendered on both pages
    assert first_rows | second_rows == {str(i) for i in range(30)}


def test_random_page_parameter_is_harmless(cast, login):
    assert login(cast.nina_user).get(URL, {"page": str(uuid.uuid4())}).status_code == 200


def test_sort_by_title_still_works_with_encrypted_titles(cast, login):
    """Titles are encrypted at rest (issue 11, point 10): sorting happens after decrypting."""
    for title in ("Zeltlager", "Apfelernte", "Mein Umzug", "Ämterbesuch"):
        story_save(actor=cast.nina_user, story_or_none=None, title=title, text="Ich half.")
    html = login(cast.nina_user).get(URL, {"sort": "title"}).content.decode()
    positions = [html.index(title) for title in ("Apfelernte", "Mein Umzug", "Zeltlager")]
    assert positions == sorted(positions)
