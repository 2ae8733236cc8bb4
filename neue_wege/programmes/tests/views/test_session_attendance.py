import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Attendance, Session
from neue_wege.programmes.tests.conftest import BERLIN

pytestmark = pytest.mark.django_db


def url(session_id):
    return reverse("programmes:session-attendance", args=[session_id])


def field(enrollment):
    return f"status_{enrollment.pk}"


def test_form_has_one_fieldset_per_participant(cast, login, session_a, method):
    text = login(cast.fatma).get(url(session_a.pk)).content.decode()
    assert "Anwesenheit am" in text
    assert re.search(r"<legend[^>]*>Nina Kemper</legend>", text)
    assert re.search(r"<legend[^>]*>Ali Demir</legend>", text)
    assert "Sven" not in text
    assert text.count('type="radio"') == 6
    assert "entschuldigt" in text and "Erfolgsgeschichte schreiben" in text


def test_record_attendance(cast, login, session_a, method):
    response = login(cast.fatma).post(url(session_a.pk), {
        field(cast.nina_enrollment): "present", field(cast.ali_enrollment): "excused",
        "note": "Nina hat vorgelesen.", "methods": [str(method.pk)]})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrollment_id", "status")) == {
        cast.nina_enrollment.pk: "present", cast.ali_enrollment.pk: "excused"}
    session_a.refresh_from_db()
    assert session_a.note == "Nina hat vorgelesen."
    assert list(session_a.methods_used.all()) == [method]


def test_recorded_values_are_shown_again(cast, login, session_a):
    Attendance.objects.create(session=session_a, enrollment=cast.ali_enrollment,
                              status="absent")
    text = login(cast.fatma).get(url(session_a.pk)).content.decode()
    assert re.search(rf'name="{field(cast.ali_enrollment)}" value="absent"[^>]*checked', text)


def test_roster_read_is_audited(cast, login, session_a):
    login(cast.fatma).get(url(session_a.pk))
    assert AuditEvent.objects.filter(actor=cast.fatma, client_id=cast.ali.pk,
                                     action="view").exists()


def test_invalid_input_keeps_values(cast, login, session_a):
    response = login(cast.fatma).post(url(session_a.pk), {
        field(cast.nina_enrollment): "zu spät", field(cast.ali_enrollment): "present",
        "note": "Meine Notiz"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Meine Notiz" in text
    assert "Bitte eine gültige Auswahl treffen." in text
    assert re.search(rf'name="{field(cast.ali_enrollment)}" value="present"[^>]*checked', text)
    assert not Attendance.objects.exists()


def test_enrollment_of_other_run_is_ignored(cast, login, session_a):
    login(cast.fatma).post(url(session_a.pk), {f"status_{cast.sven_enrollment.pk}": "present"})
    assert not Attendance.objects.filter(enrollment=cast.sven_enrollment).exists()


def test_personas(session_a, check_personas):
    check_personas(url(session_a.pk), {"fatma": 200, "jonas": 404, "karl": 404, "maria": 404,
                                       "admin": 404, "olga": 404})


def test_other_facilitator_cannot_post(cast, login, session_a):
    response = login(cast.jonas).post(url(session_a.pk), {
        field(cast.nina_enrollment): "absent"})
    assert response.status_code == 404 and not Attendance.objects.exists()


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_put_not_allowed(cast, login, session_a):
    assert login(cast.fatma).put(url(session_a.pk)).status_code == 405


def test_future_session_offers_no_attendance_and_refuses_it(cast, login):
    """Issue 11, point 1: a session on 08.12. cannot be recorded on 05.12."""
    day = timezone.localdate() + dt.timedelta(days=3)
    future = Session.objects.create(
        run=cast.run_a, starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=BERLIN),
        ends_at=dt.datetime.combine(day, dt.time(12, 0), tzinfo=BERLIN))
    fatma = login(cast.fatma)
    text = fatma.get(url(future.pk)).content.decode()
    assert "Dieser Termin hat noch nicht stattgefunden" in text
    assert 'type="radio"' not in text
    response = fatma.post(url(future.pk), {field(cast.nina_enrollment): "present",
                                           "note": "Vorbereitung"})
    assert response.status_code == 302  # only the note is taken
    assert not Attendance.objects.exists()
    future.refresh_from_db()
    assert future.note == "Vorbereitung"


# --- attendance sent later (offline, issue 14) ----------------------------------------------
def test_the_form_carries_what_it_showed_and_loads_the_offline_script(cast, login, session_a):
    Attendance.objects.create(session=session_a, enrollment=cast.ali_enrollment,
                              status="absent")
    html = login(cast.fatma).get(url(session_a.pk)).content.decode()
    assert re.search(rf'name="seen_{cast.ali_enrollment.pk}" value="absent"', html)
    assert 'name="taken_at"' in html and "programmes/attendance-offline.js" in html
    assert 'data-nw-sw="/sw.js"' in html


def test_sync_post_saves_with_the_time_taken(cast, login, session_a):
    response = login(cast.fatma).post(url(session_a.pk), {
        field(cast.nina_enrollment): "present", f"seen_{cast.nina_enrollment.pk}": "",
        "seen_note": "", "taken_at": "2026-01-15T08:05:00Z", "note": ""},
        HTTP_X_NW_SYNC="1")
    assert response.status_code == 200
    assert response.json() == {"status": "saved", "url": reverse(
        "programmes:run-detail", args=[session_a.run_id])}
    row = Attendance.objects.get(enrollment=cast.nina_enrollment)
    assert row.taken_at == dt.datetime(2026, 1, 15, 8, 5, tzinfo=dt.UTC)


def test_a_conflict_is_shown_not_overwritten(cast, login, session_a):
    Attendance.objects.create(session=session_a, enrollment=cast.nina_enrollment,
                              status="excused", recorded_by=cast.fatma)
    data = {field(cast.nina_enrollment): "present", f"seen_{cast.nina_enrollment.pk}": "",
            "seen_note": "", "note": ""}
    client = login(cast.fatma)
    sync = client.post(url(session_a.pk), data, HTTP_X_NW_SYNC="1")
    assert sync.status_code == 409
    [row] = sync.json()["conflicts"]
    assert (row["name"], row["yours"], row["saved"]) == ("Nina Kemper", "anwesend",
                                                         "entschuldigt")
    page = client.post(url(session_a.pk), data)
    assert page.status_code == 409
    html = page.content.decode()
    assert "Jemand anderes hat die Anwesenheit inzwischen geändert" in html
    assert "Nina Kemper: Ihre Angabe „anwesend“, gespeichert ist „entschuldigt“" in html
    # the facilitator's choice stays in the form; what the page now "saw" is the saved value
    assert re.search(rf'name="{field(cast.nina_enrollment)}" value="present"[^>]*checked', html)
    assert re.search(rf'name="seen_{cast.nina_enrollment.pk}" value="excused"', html)
    assert Attendance.objects.get(enrollment=cast.nina_enrollment).status == "excused"
