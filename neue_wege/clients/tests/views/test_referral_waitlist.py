"""POST /zuweisungen/<id>/warteliste/: a full run's facilitator puts a pending referral on
the waitlist (issue 11.6)."""

import pytest
from django.urls import reverse

from neue_wege.clients.models import Referral

pytestmark = pytest.mark.django_db


def url(referral):
    return reverse("clients:referral-waitlist", args=[referral.pk])


def test_facilitator_puts_pending_referral_on_the_waitlist(cast, login, lena_referral):
    c = login(cast.fatma)
    response = c.post(url(lena_referral))
    assert response.status_code == 302
    referral = Referral.objects.get(pk=lena_referral.pk)
    assert referral.status == "waitlisted" and referral.waitlisted_at is not None
    assert referral.history.order_by("-id").first().changed_by == cast.fatma
    assert "Lena Hoff steht jetzt auf der Warteliste (Platz 1)." in c.get(
        response["Location"]).content.decode()


def test_a_decided_referral_gives_a_german_error(cast, login):
    c = login(cast.fatma)
    response = c.post(url(cast.nina_enrollment.referral))
    assert "kann nicht" in c.get(response["Location"]).content.decode()
    assert Referral.objects.get(pk=cast.nina_enrollment.referral.pk).status == "accepted"


def test_case_manager_gets_403(cast, login, lena_referral):
    assert login(cast.karl).post(url(lena_referral)).status_code == 403


@pytest.mark.parametrize("name", ["petra", "jonas", "maria", "admin", "olga"])
def test_outsiders_get_404(cast, login, name, lena_referral):
    assert login(getattr(cast, name)).post(url(lena_referral)).status_code == 404
    assert Referral.objects.get(pk=lena_referral.pk).status == "pending"


def test_get_is_405(cast, login, lena_referral):
    assert login(cast.fatma).get(url(lena_referral)).status_code == 405
