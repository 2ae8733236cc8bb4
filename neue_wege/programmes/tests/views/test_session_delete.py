import uuid

import pytest
from django.urls import reverse

from neue_wege.programmes.models import Attendance, Session

pytestmark = pytest.mark.django_db


def url(session_id):
    return reverse("programmes:session-delete", args=[session_id])


def test_delete(cast, login, session_a):
    client = login(cast.fatma)
    response = client.post(url(session_a.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:run-detail", args=[cast.run_a.pk])
    assert not Session.objects.filter(pk=session_a.pk).exists()
    assert "Der Termin wurde gelöscht." in client.get(response["Location"]).content.decode()


def test_session_with_attendance_is_kept_with_german_message(cast, login, session_a):
    Attendance.objects.create(session=session_a, enrollment=cast.nina_enrollment,
                              status="present")
    client = login(cast.fatma)
    response = client.post(url(session_a.pk), follow=True)
    assert "schon Anwesenheit erfasst" in response.content.decode()
    assert Session.objects.filter(pk=session_a.pk).exists()


@pytest.mark.parametrize("name", ["jonas", "karl", "maria", "admin", "olga"])
def test_others_get_404(cast, login, session_a, name):
    assert login(cast.users()[name]).post(url(session_a.pk)).status_code == 404
    assert Session.objects.filter(pk=session_a.pk).exists()


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).post(url(uuid.uuid4())).status_code == 404


def test_get_not_allowed(cast, login, session_a):
    assert login(cast.fatma).get(url(session_a.pk)).status_code == 405
