import pytest
from django.urls import reverse

from neue_wege.clients.services import referral_withdraw
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(client):
    return reverse("clients:client-detail", args=[client.pk])


def test_case_manager_sees_record_referrals_and_enrollment(cast, login):
    response = login(cast.karl).get(url(cast.nina))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Nina Kemper" in html
    assert "BOR-0001" in html and "14.03.1988" in html
    assert "Zuweisungen und Teilnahmen" in html
    assert "Stärken entdecken A" in html and "aufgenommen" in html and "nimmt teil" in html
    assert "Einem Durchlauf zuweisen" in html and "Daten bearbeiten" in html


def test_withdrawn_enrollment_shows_its_end(cast, login):
    referral_withdraw(actor=cast.karl, referral=cast.nina_enrollment.referral,
                      reason="Arbeit gefunden")
    html = login(cast.karl).get(url(cast.nina)).content.decode()
    assert "zurückgezogen" in html and "abgemeldet" in html


def test_reading_is_audited(cast, login):
    login(cast.karl).get(url(cast.nina))
    assert AuditEvent.objects.filter(action="view", object_type="clients.Client",
                                     client_id=cast.nina.pk, actor=cast.karl).exists()


def test_facilitator_of_the_run_reads_without_edit_buttons(cast, login):
    response = login(cast.fatma).get(url(cast.nina))
    html = response.content.decode()
    assert response.status_code == 200 and "Nina Kemper" in html
    assert "Daten bearbeiten" not in html and "Einem Durchlauf zuweisen" not in html


def test_facilitator_sees_only_referrals_to_runs_they_lead(cast, login):
    from neue_wege.clients.services import referral_create
    referral_create(actor=cast.karl, client=cast.nina, run=cast.run_b, potential_note="Auch B.")
    html = login(cast.fatma).get(url(cast.nina)).content.decode()
    assert "Stärken entdecken A" in html and "Stärken entdecken B" not in html
    html = login(cast.karl).get(url(cast.nina)).content.decode()
    assert "Stärken entdecken B" in html


@pytest.mark.parametrize("name", ["petra", "jonas", "maria", "admin", "olga"])
def test_outsiders_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(url(cast.nina)).status_code == 404


def test_unknown_id_gets_404(cast, login, random_id):
    assert login(cast.karl).get(reverse("clients:client-detail", args=[random_id])
                                ).status_code == 404


def test_post_is_405(cast, login):
    assert login(cast.karl).post(url(cast.nina)).status_code == 405


def test_client_without_referrals(cast, login, lena):
    html = login(cast.karl).get(url(lena)).content.decode()
    assert "Noch keine Zuweisung." in html
