"""Staff set and lift the restriction of processing (Art. 18) from a request."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.privacy import restriction
from neue_wege.privacy.subject_rights import request_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def dsr(cast):  # noqa: ANN001, ANN201
    return request_record(actor=cast.karl, client=cast.nina, kind="restriction",
                          received_on=timezone.localdate(), details="Adresse stimmt nicht")


def _url(dsr) -> str:  # noqa: ANN001
    return reverse("privacy:request-restriction", args=[dsr.pk])


def test_case_manager_restricts_and_lifts(cast, login, dsr):
    client = login(cast.karl)
    detail = client.get(reverse("privacy:request-detail", args=[dsr.pk])).content.decode()
    assert "Einschränkung der Verarbeitung (Art. 18 DSGVO)" in detail
    assert "Verarbeitung einschränken" in detail
    response = client.post(_url(dsr), {"action": "set", "reason": "bis zur Prüfung"},
                           follow=True)
    assert "Die Verarbeitung ist eingeschränkt." in response.content.decode()
    assert restriction.is_restricted(cast.nina.pk)
    assert "Einschränkung aufheben" in response.content.decode()
    response = client.post(_url(dsr), {"action": "lift", "reason": "geprüft"}, follow=True)
    assert "Die Einschränkung ist aufgehoben." in response.content.decode()
    assert not restriction.is_restricted(cast.nina.pk)


def test_a_reason_is_required(cast, login, dsr):
    response = login(cast.admin).post(_url(dsr), {"action": "set", "reason": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie den Grund an." in response.content.decode()
    assert not restriction.is_restricted(cast.nina.pk)


def test_only_a_restriction_request_sets_it(cast, login):
    access_request = request_record(actor=cast.karl, client=cast.nina, kind="access",
                                    received_on=timezone.localdate())
    response = login(cast.karl).post(_url(access_request), {"action": "set", "reason": "x"})
    assert "nur bei einer Anfrage auf Einschränkung" in response.content.decode()
    assert not restriction.is_restricted(cast.nina.pk)


@pytest.mark.parametrize("name", ["petra", "fatma", "maria", "olga", "nina_user"])
def test_outsiders_get_404(cast, login, dsr, name):
    response = login(getattr(cast, name)).post(_url(dsr), {"action": "set", "reason": "x"})
    assert response.status_code == 404
    assert not restriction.is_restricted(cast.nina.pk)


def test_get_is_not_allowed(cast, login, dsr):
    assert login(cast.karl).get(_url(dsr)).status_code == 405
