"""The administration produces the Art. 15 copy for an access request and records its
hand-over (a person without portal account cannot download it)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.privacy.models import AuditEvent, DataSubjectRequest
from neue_wege.privacy.subject_rights import RequestError, request_hand_over, request_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def dsr(cast):  # noqa: ANN001, ANN201
    # Ali without a portal account: the request comes by letter.
    type(cast.ali).objects.filter(pk=cast.ali.pk).update(user=None)
    cast.ali.refresh_from_db()
    return request_record(actor=cast.karl, client=cast.ali, kind="access",
                          received_on=timezone.localdate() - dt.timedelta(days=3),
                          details="Brief vom Montag")


def _url(name: str, dsr) -> str:  # noqa: ANN001
    return reverse(f"privacy:request-{name}", args=[dsr.pk])


def test_the_detail_page_offers_the_copy_to_the_administration(cast, login, dsr):
    body = login(cast.admin).get(reverse("privacy:request-detail",
                                         args=[dsr.pk])).content.decode()
    assert "Auskunft erstellen (Art. 15 DSGVO)" in body
    assert "Die Person hat kein Konto im Portal." in body
    assert "im Portal unter „Meine Daten“ selbst" not in body  # untrue without an account
    assert _url("export-pdf", dsr) in body and _url("export-json", dsr) in body
    assert "Übergabe festhalten" in body


def test_the_json_copy_is_the_portal_export_and_is_logged_with_the_request(cast, login, dsr):
    response = login(cast.admin).get(_url("export-json", dsr))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="auskunft-')
    data = json.loads(b"".join(response.streaming_content) if response.streaming
                      else response.content)
    assert data["format"] == "neue-wege-auskunft/1"
    person = next(s for s in data["sections"] if s["key"] == "person")
    assert person["rows"][0]["last_name"] == "Demir"
    event = AuditEvent.objects.get(action="export", client_id=cast.ali.pk)
    assert event.actor == cast.admin and str(dsr.pk) in event.reason


def test_the_pdf_copy_is_a_pdf_and_is_logged(cast, login, dsr):
    response = login(cast.admin).get(_url("export-pdf", dsr))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", client_id=cast.ali.pk,
                                     reason__contains="PDF").exists()


def test_hand_over_is_recorded_after_the_copy_was_made(cast, login, dsr):
    client = login(cast.admin)
    today = timezone.localdate().strftime("%d.%m.%Y")
    response = client.post(_url("hand-over", dsr), {"handed_over_on": today, "how": "post"})
    assert response.status_code == 400
    assert "Bitte erstellen Sie zuerst die Auskunft" in response.content.decode()
    client.get(_url("export-pdf", dsr))
    response = client.post(_url("hand-over", dsr), {"handed_over_on": today, "how": "post"},
                           follow=True)
    body = response.content.decode()
    assert "Die Übergabe der Auskunft ist festgehalten." in body
    assert "per Post verschickt" in body
    dsr.refresh_from_db()
    assert dsr.handed_over_how == "post" and dsr.handed_over_by == cast.admin
    assert AuditEvent.objects.filter(object_id=str(dsr.pk), action="change",
                                     reason__startswith="Auskunft übergeben").exists()
    with pytest.raises(RequestError, match="schon festgehalten"):
        request_hand_over(actor=cast.admin, dsr=dsr, handed_over_on=timezone.localdate(),
                          how="in_person")


def test_hand_over_date_must_lie_between_receipt_and_today(cast, login, dsr):
    client = login(cast.admin)
    client.get(_url("export-json", dsr))
    before = (dsr.received_on - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    response = client.post(_url("hand-over", dsr), {"handed_over_on": before, "how": "post"})
    assert "zwischen dem Eingang der Anfrage und heute" in response.content.decode()
    response = client.post(_url("hand-over", dsr), {"handed_over_on": "", "how": ""})
    body = response.content.decode()
    assert "Bitte geben Sie das Datum der Übergabe an." in body
    assert DataSubjectRequest.objects.get(pk=dsr.pk).handed_over_on is None


def test_only_access_requests_get_a_copy(cast, login):
    other = request_record(actor=cast.karl, client=cast.ali, kind="objection",
                           received_on=timezone.localdate())
    response = login(cast.admin).get(_url("export-pdf", other), follow=True)
    assert "nur zu einer Anfrage auf Auskunft" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_case_manager_is_refused_outsiders_get_404(cast, login, dsr):
    assert login(cast.karl).get(_url("export-pdf", dsr)).status_code == 403
    assert login(cast.karl).post(_url("hand-over", dsr), {}).status_code == 403
    for name in ("petra", "fatma", "maria", "olga", "ali_user"):
        assert login(getattr(cast, name)).get(_url("export-json", dsr)).status_code == 404, name
    assert not AuditEvent.objects.filter(action="export").exists()


def test_wrong_methods_get_405(cast, login, dsr):
    client = login(cast.admin)
    assert client.post(_url("export-pdf", dsr)).status_code == 405
    assert client.get(_url("hand-over", dsr)).status_code == 405
