"""strengths:feedback-remove — the facilitator removes feedback, with a reason."""

import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import StrengthFeedback

pytestmark = pytest.mark.django_db
Status = StrengthFeedback.Status


def url(run_id, feedback_id):
    return reverse("strengths:feedback-remove", args=[run_id, feedback_id])


def test_form_shows_the_feedback(cast, login, data):
    response = login(cast.fatma).get(url(cast.run_a.pk, data.held.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Rückmeldung entfernen" in text and "Das ist doch Quatsch." in text
    assert "Warum entfernen Sie die Rückmeldung?" in text
    assert AuditEvent.objects.filter(actor=cast.fatma, action="view",
                                     object_id=str(data.held.pk),
                                     client_id=cast.nina.pk).exists()


def test_remove_with_reason(cast, login, data):
    response = login(cast.fatma).post(url(cast.run_a.pk, data.held.pk),
                                      {"reason": "abwertend"})
    assert response.status_code == 302
    data.held.refresh_from_db()
    assert data.held.status == Status.REMOVED
    assert AuditEvent.objects.filter(object_id=str(data.held.pk),
                                     reason__contains="abwertend").exists()


def test_reason_required_in_german(cast, login, data):
    response = login(cast.fatma).post(url(cast.run_a.pk, data.held.pk), {"reason": "  "})
    assert response.status_code == 200
    assert "Bitte nennen Sie einen Grund." in response.content.decode()
    data.held.refresh_from_db()
    assert data.held.status == Status.HELD


def test_already_removed_gives_german_error_and_keeps_reason(cast, login, data):
    response = login(cast.fatma).post(url(cast.run_a.pk, data.removed.pk),
                                      {"reason": "doppelt"})
    text = response.content.decode()
    assert "Diese Rückmeldung ist schon entfernt." in text and 'value="doppelt"' in text


def test_personas(cast, check_personas, data):
    check_personas(url(cast.run_a.pk, data.held.pk), {"fatma": 200})


def test_random_uuid_404(cast, login, data):
    assert login(cast.fatma).get(url(cast.run_a.pk, uuid.uuid4())).status_code == 404


def test_delete_not_allowed(cast, login, data):
    assert login(cast.fatma).delete(url(cast.run_a.pk, data.held.pk)).status_code == 405
