"""portal:home — the participant's start page, and the gate in front of every portal page."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.programmes.models import Session

URL = "/portal/"
pytestmark = pytest.mark.django_db


def _session(run, starts_at: dt.datetime) -> Session:
    return Session.objects.create(run=run, starts_at=starts_at,
                                  ends_at=starts_at + dt.timedelta(hours=3), topic="Stärken")


def test_url_is_the_portal_root():
    assert reverse("portal:home") == URL


def test_participant_is_greeted_with_run_and_next_session(cast, login):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    soon = tomorrow.replace(hour=9, minute=30, second=0, microsecond=0)
    _session(cast.run_a, soon + dt.timedelta(days=7))
    _session(cast.run_a, soon)
    _session(cast.run_a, soon - dt.timedelta(days=8))  # over
    _session(cast.run_b, soon - dt.timedelta(hours=20))  # another run
    response = login(cast.nina_user).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hallo Nina!" in page
    assert "Stärken entdecken A" in page
    assert soon.strftime("%d.%m.%Y") in page
    assert "09:30 bis 12:30 Uhr" in page
    assert "Europaplatz 17, 46399 Bocholt" in page
    assert "Neue Wege – mein Bereich" in page
    assert "Abmelden" in page
    assert 'aria-current="page"' in page


def test_page_shows_three_parts_in_plain_german(cast, login):
    page = login(cast.ali_user).get(URL).content.decode()
    assert "Hallo Ali!" in page
    for part in ("Meine Geschichten", "Gruppe", "Meine Stärken"):
        assert part in page
    assert "Es gibt gerade keinen neuen Termin." in page
    assert page.count("<h1") == 1


def test_sven_sees_his_own_run(cast, login):
    page = login(cast.sven_user).get(URL).content.decode()
    assert "Stärken entdecken B" in page
    assert "Stärken entdecken A" not in page


@pytest.mark.parametrize("persona", ["fatma", "jonas", "karl", "petra", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, persona):
    assert login(getattr(cast, persona)).get(URL).status_code == 404


def test_participant_without_a_seat_sees_friendly_page(cast, login):
    Enrollment.objects.filter(pk=cast.nina_enrollment.pk).update(status="dropped_out")
    response = login(cast.nina_user).get(URL)
    assert response.status_code == 403
    assert "Ihr Zugang ist nicht mehr aktiv" in response.content.decode()
    assert "Stärken entdecken A" not in response.content.decode()


def test_participant_of_a_completed_run_keeps_the_portal(cast, login):
    Enrollment.objects.filter(pk=cast.nina_enrollment.pk).update(status="completed")
    assert login(cast.nina_user).get(URL).status_code == 200


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(cast, login):
    assert login(cast.nina_user).post(URL).status_code == 405


def test_participant_gets_404_for_staff_pages(cast, login):
    browser = login(cast.nina_user)
    assert browser.get(reverse("clients:run-referrals", args=[cast.run_a.pk])).status_code in {
        403, 404}
    invite = reverse("portal:invitation-create", args=[cast.nina_enrollment.pk])
    assert browser.post(invite).status_code == 404
    assert browser.post(reverse("portal:invitation-create", args=[uuid.uuid4()])
                        ).status_code == 404


# --- issue 14: first-visit guide, "Neu für Sie", the "Mein Weg" card -------------------------------
def test_guide_shows_until_dismissed_and_stays_away(cast, login):
    client = login(cast.nina_user)
    assert "So geht es – in drei Schritten" in client.get(URL).content.decode()
    response = client.post(reverse("portal:guide-dismiss"))
    assert response.status_code == 302 and response["Location"] == URL
    assert response.cookies["nw_guide_done"].value == "1"
    assert response.cookies["nw_guide_done"]["max-age"] >= 300 * 24 * 3600
    assert "So geht es" not in client.get(URL).content.decode()
    assert client.get(reverse("portal:guide-dismiss")).status_code == 405


def test_news_counts_new_feedback_due_steps_and_a_new_occupation_list(cast, login):
    from neue_wege.orientation.models import OccupationSuggestionSet
    from neue_wege.orientation.services import pathway
    from neue_wege.strengths.models import Strength
    from neue_wege.strengths.services.feedback import feedback_give
    from neue_wege.strengths.services.stories import share_wording, story_save, story_share

    page = login(cast.nina_user).get(URL).content.decode()
    assert "Neu für Sie" in page and "Gerade gibt es nichts Neues." in page
    story = story_save(actor=cast.nina_user, story_or_none=None, title="Markt",
                       text="Ich habe den Stand am Markt allein aufgebaut.")
    story = story_share(actor=cast.nina_user, story=story, visibility="group",
                        wording=share_wording("group"))
    two = list(Strength.objects.filter(catalogue__job_centre=cast.job_centre)[:2])
    feedback_give(actor=cast.ali_user, story=story, strengths=two, note="", show_name=False,
                  source="peer")
    feedback_give(actor=cast.nina_user, story=story, strengths=[two[0]], note="",
                  show_name=False, source="self")  # her own: not news
    today = timezone.localdate()
    pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                     description="Bewerbung abschicken", due_on=today + dt.timedelta(days=3))
    pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                     description="Später", due_on=today + dt.timedelta(days=30))
    OccupationSuggestionSet.objects.create(enrollment=cast.nina_enrollment, inputs_digest="x",
                                           refreshed_at=timezone.now())
    page = login(cast.nina_user).get(URL).content.decode()
    assert "2 neue Stärken haben Ihnen andere genannt" in page
    assert "1 nächster Schritt ist bald fällig" in page
    assert "neue Liste mit Berufen" in page
    assert "Gerade gibt es nichts Neues." not in page


def test_start_page_has_a_mein_weg_card(cast, login):
    page = login(cast.nina_user).get(URL).content.decode()
    assert f'href="{reverse("portal:pathway-overview")}">Mein Weg</a>' in page
    assert f'href="{reverse("portal:releases")}"' in page  # "Freigaben" in the menu
