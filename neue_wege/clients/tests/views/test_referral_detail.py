import pytest
from django.urls import reverse

from neue_wege.clients.services import referral_accept, referral_create, referral_withdraw
from neue_wege.clients.tests.conftest import make_client, make_run
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(referral):
    return reverse("clients:referral-detail", args=[referral.pk])


def test_case_manager_sees_state_fit_and_history(cast, login):
    referral = cast.nina_enrollment.referral
    response = login(cast.karl).get(url(referral))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zuweisung von Nina Kemper zu „Stärken entdecken A“" in html
    assert "Sieht Chancen in der Pflege." in html
    assert "Passung zur Zielgruppe" in html and "25 bis 60 Jahre" in html
    assert "Verlauf" in html
    assert html.count("wartet auf Entscheidung") >= 1 and "aufgenommen" in html
    assert "Zuweisung zurückziehen" in html or "Abmelden und Platz freigeben" in html
    assert "Aufnehmen" not in html  # only facilitators decide


def test_history_keeps_the_withdrawal_reason(cast, login):
    referral_withdraw(actor=cast.karl, referral=cast.nina_enrollment.referral,
                      reason="Hat eine Stelle gefunden")
    html = login(cast.karl).get(url(cast.nina_enrollment.referral)).content.decode()
    assert "Hat eine Stelle gefunden" in html and "zurückgezogen" in html
    assert "Zuweisung zurückziehen" not in html  # closed


def test_facilitator_sees_decision_forms_on_pending_referral(cast, login, lena_referral):
    html = login(cast.fatma).get(url(lena_referral)).content.decode()
    assert "Aufnehmen" in html and "Ablehnen" in html and "Grund der Ablehnung" in html
    assert reverse("clients:referral-accept", args=[lena_referral.pk]) in html


def test_waitlist_position_is_shown(cast, login):
    run_c = make_run(cast, capacity=1)
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=make_client(cast, number="BOR-0101"), run=run_c,
        potential_note="x"))
    waiting = [referral_create(actor=cast.karl, client=make_client(cast, number=f"BOR-02{i}"),
                               run=run_c, potential_note="y") for i in range(2)]
    html = login(cast.karl).get(url(waiting[1])).content.decode()
    assert "Platz 2 auf der Warteliste" in html


def test_reading_is_audited(cast, login, lena_referral):
    login(cast.fatma).get(url(lena_referral))
    assert AuditEvent.objects.filter(action="view", object_type="clients.Referral",
                                     object_id=str(lena_referral.pk), actor=cast.fatma).exists()


@pytest.mark.parametrize("name", ["petra", "jonas", "maria", "admin", "olga"])
def test_outsiders_get_404(cast, login, name, lena_referral):
    assert login(getattr(cast, name)).get(url(lena_referral)).status_code == 404


def test_unknown_id_gets_404(cast, login, random_id):
    assert login(cast.karl).get(reverse("clients:referral-detail", args=[random_id])
                                ).status_code == 404


def test_post_is_405(cast, login, lena_referral):
    assert login(cast.karl).post(url(lena_referral)).status_code == 405


def test_note_markup_is_escaped(cast, login, lena):
    referral = referral_create(actor=cast.karl, client=lena, run=cast.run_a,
                               potential_note="<script>alert(1)</script>")
    html = login(cast.karl).get(url(referral)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
