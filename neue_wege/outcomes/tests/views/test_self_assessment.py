import pytest
from django.urls import reverse

from neue_wege.outcomes.models import SelfAssessment
from neue_wege.outcomes.services import current_instrument
from neue_wege.outcomes.tests.conftest import move_run_to_past

pytestmark = pytest.mark.django_db
URL = reverse("portal:self-assessment")


def full_answers(value="3"):
    return {f"item_{item.order}": value for item in current_instrument().items.all()}


def test_participant_answers_the_start_once(cast, login):
    client = login(cast.nina_user)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zu Beginn der Gruppe" in html and html.count("<fieldset") == 8
    assert "<legend" in html and "stimmt genau" in html
    response = client.post(URL, full_answers("3"))
    assert response.status_code == 302
    saved = SelfAssessment.objects.get(enrollment=cast.nina_enrollment)
    assert saved.moment == "start" and saved.score == pytest.approx((6 * 3 + 2 * 2) / 8)
    html = client.get(URL).content.decode()
    assert "Gerade gibt es nichts auszufüllen" in html


def test_missing_answers_keep_the_others(cast, login):
    answers = full_answers("4")
    del answers["item_3"]
    response = login(cast.nina_user).post(URL, answers)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Antwort." in html
    assert html.count("checked") == 7
    assert not SelfAssessment.objects.exists()


def test_end_opens_in_the_last_two_weeks_and_follow_up_later(cast, login):
    move_run_to_past(cast, ended_days_ago=-10)  # the run ends in ten days
    client = login(cast.nina_user)
    assert "Am Ende der Gruppe" in client.get(URL).content.decode()
    client.post(URL, full_answers("2"))
    assert SelfAssessment.objects.get().moment == "end"
    move_run_to_past(cast, ended_days_ago=200)  # past the 6-month follow-up
    assert "Einige Monate später" in client.get(URL).content.decode()


@pytest.mark.parametrize("name", ["fatma", "karl", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 404


def test_portal_start_page_invites_only_while_a_moment_is_open(cast, login):
    client = login(cast.nina_user)
    home = reverse("portal:home")
    assert "Selbsteinschätzung ausfüllen" in client.get(home).content.decode()
    client.post(URL, full_answers("3"))
    assert "Selbsteinschätzung ausfüllen" not in client.get(home).content.decode()
