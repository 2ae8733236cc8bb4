import pytest
from django.urls import reverse

from neue_wege.clients.models import Enrollment, Referral
from neue_wege.clients.services import referral_accept, referral_create
from neue_wege.clients.tests.conftest import make_client, make_run

pytestmark = pytest.mark.django_db


def url(referral):
    return reverse("clients:referral-withdraw", args=[referral.pk])


def test_case_manager_withdraws_a_pending_referral(cast, login, lena_referral):
    c = login(cast.karl)
    response = c.post(url(lena_referral), {"withdraw-reason": "Kind krank"})
    referral = Referral.objects.get(pk=lena_referral.pk)
    assert response.status_code == 302
    assert referral.status == "withdrawn" and referral.reason == "Kind krank"
    assert "wurde zurückgezogen" in c.get(response["Location"]).content.decode()


def test_facilitator_withdraws_an_enrollment_and_the_seat_is_free(cast, login):
    run_c = make_run(cast, capacity=1)
    seated, waiting = (referral_create(actor=cast.karl, client=make_client(cast, number=n),
                                       run=run_c, potential_note="x")
                       for n in ("BOR-0401", "BOR-0402"))
    referral_accept(actor=cast.fatma, referral=seated)
    c = login(cast.fatma)
    c.post(reverse("clients:referral-accept", args=[waiting.pk]))
    assert Referral.objects.get(pk=waiting.pk).status == "waitlisted"

    c.post(url(seated), {"withdraw-reason": "Arbeitsaufnahme"})

    enrollment = Enrollment.objects.get(referral=seated)
    assert enrollment.status == "withdrawn" and enrollment.end_reason == "Arbeitsaufnahme"
    assert enrollment.ended_on is not None
    c.post(reverse("clients:referral-accept", args=[waiting.pk]))
    assert Referral.objects.get(pk=waiting.pk).status == "accepted"


def test_reason_is_required_and_typed_text_kept(cast, login, lena_referral):
    response = login(cast.karl).post(url(lena_referral), {"withdraw-reason": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "zwingend erforderlich" in html
    assert Referral.objects.get(pk=lena_referral.pk).status == "pending"
    typed = "y" * 2001
    html = login(cast.karl).post(url(lena_referral), {"withdraw-reason": typed}).content.decode()
    assert typed in html and "höchstens 2000 Zeichen" in html


def test_htmx_withdraw_from_run_page_refreshes_lists(cast, login):
    html = login(cast.fatma).post(url(cast.nina_enrollment.referral),
                                  {"withdraw-reason": "Umzug"},
                                  HTTP_HX_REQUEST="true").content.decode()
    assert 'id="run-referrals"' in html and "<html" not in html
    assert "1 von 10 Plätzen belegt" in html
    assert reverse("outcomes:enrollment-end", args=[cast.nina_enrollment.pk]) not in html


def test_withdrawing_twice_gives_german_error(cast, login, lena_referral):
    c = login(cast.karl)
    c.post(url(lena_referral), {"withdraw-reason": "eins"})
    response = c.post(url(lena_referral), {"withdraw-reason": "zwei"})
    assert "kann nicht" in c.get(response["Location"]).content.decode()
    assert Referral.objects.get(pk=lena_referral.pk).reason == "eins"


@pytest.mark.parametrize("name", ["petra", "jonas", "maria", "admin", "olga"])
def test_outsiders_get_404(cast, login, name, lena_referral):
    assert login(getattr(cast, name)).post(url(lena_referral), {"withdraw-reason": "x"}
                                           ).status_code == 404
    assert Referral.objects.get(pk=lena_referral.pk).status == "pending"


def test_facilitator_of_another_run_cannot_withdraw(cast, login):
    # Sven's referral is to run B; Fatma leads run A only.
    assert login(cast.fatma).post(url(cast.sven_enrollment.referral),
                                  {"withdraw-reason": "x"}).status_code == 404


def test_unknown_id_gets_404(cast, login, random_id):
    assert login(cast.karl).post(reverse("clients:referral-withdraw", args=[random_id]),
                                 {"withdraw-reason": "x"}).status_code == 404


def test_get_is_405(cast, login, lena_referral):
    assert login(cast.karl).get(url(lena_referral)).status_code == 405
