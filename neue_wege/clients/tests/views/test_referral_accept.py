import pytest
from django.urls import reverse

from neue_wege.clients.models import Enrollment, Referral
from neue_wege.clients.services import referral_accept, referral_create
from neue_wege.clients.tests.conftest import make_client, make_run

pytestmark = pytest.mark.django_db


def url(referral):
    return reverse("clients:referral-accept", args=[referral.pk])


def status_of(referral):
    return Referral.objects.get(pk=referral.pk).status


def test_facilitator_accepts_and_client_becomes_participant(cast, login, lena_referral):
    c = login(cast.fatma)
    response = c.post(url(lena_referral))
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:referral-detail", args=[lena_referral.pk])
    assert status_of(lena_referral) == "accepted"
    assert Enrollment.objects.filter(referral=lena_referral, status="active").exists()
    assert "Lena Hoff ist jetzt Teilnehmende:r des Durchlaufs." in c.get(
        response["Location"]).content.decode()


def test_next_sends_back_to_the_run_page(cast, login, lena_referral):
    back = reverse("clients:run-referrals", args=[cast.run_a.pk])
    response = login(cast.fatma).post(url(lena_referral), {"next": back})
    assert response["Location"] == back


def test_foreign_next_is_ignored(cast, login, lena_referral):
    response = login(cast.fatma).post(url(lena_referral), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("clients:referral-detail", args=[lena_referral.pk])


def test_full_run_gives_german_message_and_waitlists(cast, login):
    run_c = make_run(cast, capacity=1)
    seated, pending = (referral_create(actor=cast.karl, client=make_client(cast, number=n),
                                       run=run_c, potential_note="x")
                       for n in ("BOR-0301", "BOR-0302"))
    referral_accept(actor=cast.fatma, referral=seated)
    c = login(cast.fatma)
    response = c.post(url(pending))
    html = c.get(response["Location"]).content.decode()
    assert "Der Durchlauf ist voll. Die Zuweisung bleibt auf der Warteliste." in html
    assert status_of(pending) == "waitlisted"
    assert Enrollment.objects.filter(run=run_c).count() == 1


def test_accepting_twice_gives_a_german_error(cast, login):
    c = login(cast.fatma)
    response = c.post(url(cast.nina_enrollment.referral))
    html = c.get(response["Location"]).content.decode()
    assert "kann nicht" in html and "aufgenommen" in html


def test_htmx_gets_the_refreshed_lists(cast, login, lena_referral):
    response = login(cast.fatma).post(url(lena_referral), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="run-referrals"' in html
    assert "Lena Hoff ist jetzt Teilnehmende:r" in html
    assert "3 von 10 Plätzen belegt" in html


def test_case_manager_gets_403(cast, login, lena_referral):
    assert login(cast.karl).post(url(lena_referral)).status_code == 403
    assert status_of(lena_referral) == "pending"


@pytest.mark.parametrize("name", ["petra", "jonas", "maria", "admin", "olga"])
def test_outsiders_get_404(cast, login, name, lena_referral):
    assert login(getattr(cast, name)).post(url(lena_referral)).status_code == 404
    assert status_of(lena_referral) == "pending"


def test_unknown_id_gets_404(cast, login, random_id):
    assert login(cast.fatma).post(reverse("clients:referral-accept", args=[random_id])
                                  ).status_code == 404


def test_get_is_405(cast, login, lena_referral):
    assert login(cast.fatma).get(url(lena_referral)).status_code == 405
    assert status_of(lena_referral) == "pending"


def test_csrf_is_required(cast, lena_referral):
    from django.test import Client
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.fatma)
    assert browser.post(url(lena_referral)).status_code == 403
    assert status_of(lena_referral) == "pending"


def test_accepting_ahead_of_the_waitlist_needs_a_reason(cast, login):
    """Issue 11.6: the waitlist order is enforced; the reason is recorded."""
    from neue_wege.clients.services import referral_withdraw

    run_c = make_run(cast, capacity=1)
    seated = referral_create(actor=cast.karl, client=make_client(cast, number="BOR-0311"),
                             run=run_c, potential_note="x")
    referral_accept(actor=cast.fatma, referral=seated)
    first, second = (referral_create(actor=cast.karl, client=make_client(cast, number=n),
                                     run=run_c, potential_note="x")
                     for n in ("BOR-0312", "BOR-0313"))
    assert status_of(first) == status_of(second) == "waitlisted"
    referral_withdraw(actor=cast.fatma, referral=seated, reason="umgezogen")
    c = login(cast.fatma)
    response = c.post(url(second))
    assert "Vor dieser Person warten 1 Person(en) länger" in c.get(
        response["Location"]).content.decode()
    assert status_of(second) == "waitlisted"
    c.post(url(second), {"skip-reason": "Platz nur für sie erreichbar."})
    assert status_of(second) == "accepted"
    assert second.history.order_by("-id").first().reason == (
        "Vor 1 länger Wartenden aufgenommen: Platz nur für sie erreichbar.")
