"""portal:profile-export-consent — the participant gives or withdraws the export consent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent, Consent

pytestmark = pytest.mark.django_db
URL = "/portal/staerken/einwilligung-export/"
EXPORT = Consent.Purpose.EXPORT_PROFILE


def test_url():
    assert reverse("portal:profile-export-consent") == URL


def test_give_then_withdraw(cast, login):
    http = login(cast.nina_user)
    response = http.post(URL, {"action": "give"}, follow=True)
    text = response.content.decode()
    assert "Ihre Projektleitung darf Ihr Stärkenprofil jetzt als PDF speichern." in text
    assert "Sie haben zugestimmt" in text
    consent = Consent.objects.get(client=cast.nina, purpose=EXPORT)
    assert consent.withdrawn_at is None and consent.given_by == cast.nina_user
    assert "Stärkenprofil als PDF speichern" in consent.wording
    assert AuditEvent.objects.filter(object_id=str(consent.pk), action="create").exists()

    response = http.post(URL, {"action": "withdraw"}, follow=True)
    assert "Ihre Zustimmung ist zurückgenommen." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "Sie haben nicht zugestimmt" in response.content.decode()


def test_giving_twice_gives_german_message(cast, login):
    http = login(cast.nina_user)
    http.post(URL, {"action": "give"})
    response = http.post(URL, {"action": "give"}, follow=True)
    assert "Diese Einwilligung haben Sie schon erteilt." in response.content.decode()
    assert Consent.objects.filter(client=cast.nina, purpose=EXPORT).count() == 1


def test_withdraw_without_consent_gives_german_message(cast, login):
    response = login(cast.nina_user).post(URL, {"action": "withdraw"}, follow=True)
    assert "Es gibt nichts zurückzunehmen." in response.content.decode()


def test_unknown_action_changes_nothing(cast, login):
    response = login(cast.nina_user).post(URL, {"action": "everything"}, follow=True)
    assert "Das hat nicht geklappt." in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_belongs_to_the_participant_only(cast, login):
    login(cast.ali_user).post(URL, {"action": "give"})
    assert list(Consent.objects.values_list("client", flat=True)) == [cast.ali.pk]


@pytest.mark.parametrize("name", ["fatma", "jonas", "karl", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).post(URL, {"action": "give"}).status_code == 404
    assert not Consent.objects.exists()


def test_get_not_allowed(cast, login):
    assert login(cast.nina_user).get(URL).status_code == 405
