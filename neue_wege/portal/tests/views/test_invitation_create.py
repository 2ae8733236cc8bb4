"""portal:invitation-create — a facilitator makes a new invitation sheet for a participant."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from neue_wege.clients.models import Client, Enrollment
from neue_wege.portal.models import Invitation
from neue_wege.portal.tests.codes import SHOWN_CODE
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(enrollment_id) -> str:  # noqa: ANN001
    return reverse("portal:invitation-create", args=[enrollment_id])


def test_url_shape(cast):
    assert _url(cast.nina_enrollment.pk) == (
        f"/portal/teilnahmen/{cast.nina_enrollment.pk}/einladung/")


def test_fatma_gets_a_printable_sheet_for_nina(cast, login):
    response = login(cast.fatma).post(_url(cast.nina_enrollment.pk), follow=True)
    assert response.status_code == 200
    invitation = Invitation.objects.get(enrollment=cast.nina_enrollment)
    assert response.redirect_chain == [(reverse("portal:invitation-sheet",
                                                 args=[invitation.pk]), 302)]
    page = response.content.decode()
    assert "Einladung für Nina Kemper" in page
    assert "Guten Tag Nina," in page and "Hallo" not in page
    assert "http://testserver/portal/willkommen/" in page
    code = SHOWN_CODE.search(page).group(0)
    assert check_password(code.replace("-", ""), invitation.code_hash)
    assert "<svg" in page and "QR-Code" in page
    assert "Der Code gilt bis zum" in page
    assert "Als PDF herunterladen" in page
    assert reverse("portal:invitation-pdf", args=[invitation.pk]) in page
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(actor=cast.fatma, action="create",
                                     object_type="portal.Invitation").exists()


def test_each_sheet_is_a_new_invitation_and_the_old_code_dies(cast, login):
    browser = login(cast.fatma)
    first = SHOWN_CODE.search(browser.post(_url(cast.nina_enrollment.pk),
                                           follow=True).content.decode())
    second = SHOWN_CODE.search(browser.post(_url(cast.nina_enrollment.pk),
                                            follow=True).content.decode())
    assert first.group(0) != second.group(0)
    invitations = Invitation.objects.filter(enrollment=cast.nina_enrollment)
    assert invitations.count() == 2
    assert invitations.filter(revoked_at__isnull=True).count() == 1


def test_public_base_url_setting_wins(cast, login, settings):
    settings.NW_PORTAL_BASE_URL = "https://neuewege.example.org/"
    page = login(cast.fatma).post(_url(cast.nina_enrollment.pk), follow=True).content.decode()
    assert "https://neuewege.example.org/portal/willkommen/" in page


@pytest.mark.parametrize("persona", ["jonas", "karl", "petra", "maria", "admin", "olga"])
def test_others_get_404_for_ninas_enrollment(cast, login, persona):
    assert login(getattr(cast, persona)).post(_url(cast.nina_enrollment.pk)).status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["nina_user", "ali_user", "sven_user"])
def test_participants_cannot_invite(cast, login, persona):
    assert login(getattr(cast, persona)).post(_url(cast.nina_enrollment.pk)).status_code == 404
    assert not Invitation.objects.exists()


def test_random_id_gets_404(cast, login):
    assert login(cast.fatma).post(_url(uuid.uuid4())).status_code == 404


def test_jonas_may_invite_sven(cast, login):
    assert login(cast.jonas).post(_url(cast.sven_enrollment.pk), follow=True).status_code == 200


def test_get_is_not_allowed(cast, login):
    assert login(cast.fatma).get(_url(cast.nina_enrollment.pk)).status_code == 405


def test_ended_seat_is_refused_in_german(cast, login):
    Enrollment.objects.filter(pk=cast.nina_enrollment.pk).update(status="completed")
    response = login(cast.fatma).post(_url(cast.nina_enrollment.pk), follow=True)
    assert response.redirect_chain[0][0] == reverse("clients:run-referrals",
                                                    args=[cast.run_a.pk])
    assert "können eingeladen werden" in response.content.decode()
    assert not Invitation.objects.exists()


def test_run_page_offers_invitation_or_new_code(cast, login):
    Client.objects.filter(pk=cast.ali.pk).update(user=None)
    page = login(cast.fatma).get(reverse("clients:run-referrals", args=[cast.run_a.pk])
                                 ).content.decode()
    assert "Ali Demir zum Portal einladen" in page
    assert "Neuen Code für Nina Kemper" in page
    assert "hat einen Zugang" in page
    assert _url(cast.ali_enrollment.pk) in page
    assert _url(cast.nina_enrollment.pk) in page


def test_reload_and_back_show_the_same_sheet_without_a_new_invitation(cast, login):
    fatma = login(cast.fatma)
    response = fatma.post(_url(cast.nina_enrollment.pk))
    assert response.status_code == 302
    first = fatma.get(response["Location"])
    again = fatma.get(response["Location"])  # Reload / Back: a GET, not a second POST
    assert first.status_code == again.status_code == 200
    assert "no-store" in again["Cache-Control"]
    assert (SHOWN_CODE.search(first.content.decode()).group(0)
            == SHOWN_CODE.search(again.content.decode()).group(0))
    assert Invitation.objects.filter(enrollment=cast.nina_enrollment).count() == 1


def test_a_replaced_sheet_is_not_shown_again(cast, login):
    fatma = login(cast.fatma)
    old = fatma.post(_url(cast.nina_enrollment.pk))["Location"]
    fatma.post(_url(cast.nina_enrollment.pk))
    response = fatma.get(old, follow=True)
    assert response.redirect_chain[-1][0] == reverse("clients:run-referrals",
                                                     args=[cast.run_a.pk])
    assert "kann nicht mehr gezeigt werden" in response.content.decode()
    assert SHOWN_CODE.search(response.content.decode()) is None


def test_another_facilitator_cannot_open_the_sheet(cast, login):
    location = login(cast.fatma).post(_url(cast.nina_enrollment.pk))["Location"]
    assert login(cast.jonas).get(location).status_code == 404
