"""portal:profile — "Meine Stärken": strength cards, the Johari picture, export consent."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from neue_wege.clients.models import Enrollment
from neue_wege.strengths.models import Story, StrengthFeedback
from neue_wege.strengths.tests.views.profile_data import (
    QUOTE,
    build_profile_data,
    feedback,
    strength,
)
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = "/portal/staerken/"


@pytest.fixture
def data(cast):
    return build_profile_data(cast)


def page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section(text: str, heading: str) -> str:
    """The list-version block under one heading of the Johari list."""
    match = re.search(r'<h3 class="kern-heading-small">' + re.escape(heading)
                      + r"[^<]*</h3>(.*?)(<h3|</div>)", text, re.S)
    assert match, heading
    return match.group(1)


def test_url():
    assert reverse("portal:profile") == URL


def test_nina_sees_her_profile(cast, login, data):
    text = page(login(cast.nina_user).get(URL))
    assert "<h1" in text and "Meine Stärken" in text
    for label in ("Durchhaltevermögen", "Zuverlässigkeit", "Teamfähigkeit",
                  "Kommunikationsfähigkeit"):
        assert label in text
    assert "Sie halten, was Sie zusagen." in text  # plain description of Zuverlässigkeit
    assert QUOTE in text and "Der Umzug" in text
    assert "2 Personen aus der Gruppe" in text
    assert "Ali" in text and "Demir" not in text  # he chose to show his first name
    assert "Lea" not in text  # she did not
    assert "Fatma Yılmaz" in text
    # held and other people's feedback stay out
    assert "Hilfsbereitschaft" not in text and "Humor" not in text


def test_johari_picture_and_list(cast, login, data):
    text = page(login(cast.nina_user).get(URL))
    assert 'role="img"' in text and "<title id=\"johari-title\">" in text
    assert "<desc id=\"johari-desc\">" in text
    both = section(text, "Das sehen Sie und die anderen")
    blind = section(text, "Das sehen andere an Ihnen")
    alone = section(text, "Das sehen Sie an sich")
    assert "Durchhaltevermögen" in both and "Teamfähigkeit" not in both
    assert "Teamfähigkeit" in blind and "Kommunikationsfähigkeit" in blind
    assert "vielleicht neu für Sie" in text
    assert "Zuverlässigkeit" in alone and "Durchhaltevermögen" not in alone
    assert "Noch zu entdecken" in text


def test_ali_gets_his_own_profile_never_ninas(cast, login, data):
    text = page(login(cast.ali_user).get(URL))
    assert "Humor" in text
    for label in ("Durchhaltevermögen", "Zuverlässigkeit", "Teamfähigkeit", QUOTE,
                  "Der Umzug", "Mein Garten"):
        assert label not in text


def test_empty_profile_explains_what_to_do(cast, login):
    text = page(login(cast.sven_user).get(URL))
    assert "Noch hat niemand eine Stärke genannt." in text
    assert 'role="img"' not in text


@pytest.mark.parametrize("name", ["fatma", "jonas", "karl", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 404


def test_participant_without_seat_sees_inactive_page(cast, login):
    Enrollment.objects.filter(pk=cast.nina_enrollment.pk).update(
        status=Enrollment.Status.WITHDRAWN)
    assert login(cast.nina_user).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/anmelden/" in response["Location"]


def test_post_not_allowed(cast, login):
    assert login(cast.nina_user).post(URL).status_code == 405


def test_consent_toggle_shows_state(cast, login, data):
    text = page(login(cast.nina_user).get(URL))
    assert "Sie haben nicht zugestimmt" in text and "Ja, ich stimme zu" in text


def test_queries_are_bounded(cast, login, data):
    for number in range(25):
        story = Story.objects.create(enrollment=cast.nina_enrollment, title=f"G{number}",
                                     text="Ich habe geholfen.")
        feedback(story, strength(cast, "geduld"), StrengthFeedback.Source.PEER,
                 cast.ali_user, cast.ali_enrollment, show_name=True)
        feedback(story, strength(cast, "mut"), StrengthFeedback.Source.SELF, cast.nina_user)
    http = login(cast.nina_user)
    with assert_max_queries(12):
        response = http.get(URL)
    assert "Geduld" in page(response)
