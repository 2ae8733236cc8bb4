"""Data subject rights: the complete export (Art. 15/20) and staff handling of requests."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Client, Enrollment
from neue_wege.privacy import subject_rights
from neue_wege.privacy.models import AuditEvent, DataSubjectRequest
from neue_wege.strengths.models import Story, Strength, StrengthFeedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def nina_data(cast):  # noqa: ANN001, ANN201
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Mein Garten",
                                 text="Ich habe Tomaten gezogen.",
                                 visibility=Story.Visibility.GROUP)
    strength = Strength.objects.filter(catalogue__job_centre=cast.job_centre).first()
    StrengthFeedback.objects.create(story=story, strength=strength, source="peer",
                                    given_by=cast.ali_user, giver_enrollment=cast.ali_enrollment,
                                    note="Du bist geduldig.")
    ali_story = Story.objects.create(enrollment=cast.ali_enrollment, title="Alis Werkstatt",
                                     text="Alis eigener Text.", visibility=Story.Visibility.GROUP)
    StrengthFeedback.objects.create(story=ali_story, strength=strength, source="peer",
                                    given_by=cast.nina_user,
                                    giver_enrollment=cast.nina_enrollment,
                                    note="Ninas Rückmeldung an Ali.")
    subject_rights.request_record(actor=cast.karl, client=cast.nina, kind="access",
                                  received_on=timezone.localdate())
    return story


def test_every_model_pointing_at_a_client_is_in_the_export(cast, nina_data):
    data = subject_rights.collect(cast.nina)
    covered = subject_rights.covered_models()
    fk_models = [model._meta.label for model in apps.get_models()
                 if any(getattr(f.remote_field, "model", None) in (Client, Enrollment)
                        for f in model._meta.concrete_fields)]
    assert "clients.Referral" in fk_models and "privacy.Consent" in fk_models
    assert "strengths.Story" in fk_models
    for label in fk_models:
        if label == "organisation.User":
            continue
        assert label in data["models"], label
    # Those without their own section are picked up by the fallback section.
    other = next(s for s in data["sections"] if s["key"] == "other")
    other_types = {row["record_type"] for row in other["rows"]}
    for label in data["models"]:
        model = apps.get_model(label)
        assert label in covered or str(model._meta.verbose_name) in other_types or not \
            model._default_manager.filter(**{
                subject_rights._client_paths(model)[0]: cast.nina}).exists(), label


def test_export_holds_the_persons_data_and_not_other_peoples(cast, nina_data):
    text = json.dumps(subject_rights.collect(cast.nina), default=str, ensure_ascii=False)
    assert "Kemper" in text and "BOR-0001" in text
    assert "Ich habe Tomaten gezogen." in text
    assert "Du bist geduldig." in text
    assert "Ninas Rückmeldung an Ali." in text
    assert "Auskunft (Art. 15)" in text
    # Other people: Ali's story text and Ali's name (no show_name) stay out.
    assert "Alis eigener Text." not in text
    assert "Demir" not in text


def test_participant_downloads_json_and_pdf_and_it_is_logged(cast, login, nina_data):
    client = login(cast.nina_user)
    page = client.get(reverse("portal:my-data"))
    assert page.status_code == 200
    assert "Auskunft (Art. 15)" in page.content.decode()
    response = client.get(reverse("portal:my-data-json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["format"] == subject_rights.EXPORT_FORMAT
    pdf = client.get(reverse("portal:my-data-pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    exports = AuditEvent.objects.filter(actor=cast.nina_user, client_id=cast.nina.pk,
                                        action=AuditEvent.Action.EXPORT)
    assert exports.count() == 2


def test_pdf_html_shows_the_sections(cast, nina_data):
    html = subject_rights.export_html(cast.nina)
    assert "Meine Geschichten" in html and "Ich habe Tomaten gezogen." in html
    # Readable: German labels, not field names.
    assert "Welches Potenzial sehen Sie?" in html and "potential_note" not in html


@pytest.mark.parametrize("who", ["karl", "fatma", "admin"])
def test_staff_get_404_on_the_portal_downloads(cast, login, who):
    assert login(getattr(cast, who)).get(reverse("portal:my-data-json")).status_code == 404


def test_participants_see_only_their_own_requests(cast, login, nina_data):
    subject_rights.request_record(actor=cast.petra, client=cast.sven, kind="erasure",
                                  received_on=timezone.localdate())
    body = login(cast.ali_user).get(reverse("portal:my-data")).content.decode()
    assert "Sie haben noch keine Anfrage gestellt." in body
    assert login(cast.nina_user).get(reverse("privacy:request-list")).status_code == 403


def test_due_date_is_one_month_later():
    assert subject_rights.due_date(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert subject_rights.due_date(dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)
    assert subject_rights.due_date(dt.date(2026, 3, 10)) == dt.date(2026, 4, 10)


# --- staff: record and close requests ------------------------------------------------------------
def test_case_manager_records_a_request_for_own_client_only(cast, login):
    client = login(cast.karl)
    url = reverse("privacy:request-create")
    form = client.get(url, {"kundin": cast.nina.pk}).content.decode()
    assert 'value="BOR-0001"' in form
    today = timezone.localdate()
    response = client.post(url, {"case_number": "BOR-0003", "kind": "access",
                                 "received_on": today.isoformat()})
    assert "keine Person, für die Sie zuständig sind" in response.content.decode()
    response = client.post(url, {"case_number": "BOR-0001", "kind": "rectification",
                                 "received_on": today.isoformat(), "details": "Telefon falsch"})
    dsr = DataSubjectRequest.objects.get(client=cast.nina)
    assert response.status_code == 302
    assert dsr.due_on == subject_rights.due_date(today)
    assert AuditEvent.objects.filter(object_type="privacy.DataSubjectRequest",
                                     object_id=str(dsr.pk),
                                     action=AuditEvent.Action.CREATE).exists()


def test_request_pages_are_scoped(cast, login):
    dsr = subject_rights.request_record(actor=cast.karl, client=cast.nina, kind="access",
                                        received_on=timezone.localdate())
    url = reverse("privacy:request-detail", args=[dsr.pk])
    assert login(cast.karl).get(url).status_code == 200
    assert login(cast.admin).get(url).status_code == 200
    for other in ("petra", "fatma", "maria", "olga", "nina_user"):
        assert login(getattr(cast, other)).get(url).status_code == 404, other
    assert login(cast.karl).get(reverse("privacy:request-detail",
                                        args=[uuid.uuid4()])).status_code == 404
    listing = login(cast.petra).get(reverse("privacy:request-list")).content.decode()
    assert "Kemper" not in listing
    assert login(cast.fatma).get(reverse("privacy:request-list")).status_code == 403
    viewed = AuditEvent.objects.filter(actor=cast.karl, object_id=str(dsr.pk),
                                       action=AuditEvent.Action.VIEW)
    assert viewed.exists()


def test_refusal_needs_the_legal_exception(cast, login):
    dsr = subject_rights.request_record(actor=cast.karl, client=cast.nina, kind="erasure",
                                        received_on=timezone.localdate())
    url = reverse("privacy:request-detail", args=[dsr.pk])
    response = login(cast.karl).post(url, {"status": "refused", "outcome": "Abgelehnt."})
    assert "Bitte nennen Sie die Ausnahme" in response.content.decode()
    dsr.refresh_from_db()
    assert dsr.is_open


def test_erasure_request_executes_through_retention_and_documents_the_exception(cast, login):
    Story.objects.create(enrollment=cast.nina_enrollment, title="Weg damit", text="Text")
    dsr = subject_rights.request_record(actor=cast.karl, client=cast.nina, kind="erasure",
                                        received_on=timezone.localdate())
    url = reverse("privacy:request-detail", args=[dsr.pk])
    response = login(cast.karl).post(url, {"status": "partly", "outcome": "Gelöscht.",
                                           "execute_erasure": "on"})
    assert response.status_code == 302
    dsr.refresh_from_db()
    assert dsr.status == "partly" and dsr.handled_by == cast.karl
    assert dsr.legal_exception == DataSubjectRequest.LegalException.STATISTICS
    assert "§ 67c SGB X" in dsr.legal_exception_text
    assert not Story.objects.filter(enrollment__client=cast.nina).exists()
    assert Client.objects.get(pk=cast.nina.pk).first_name == "Pseudonym"
    # Closing twice is refused.
    with pytest.raises(subject_rights.RequestError):
        subject_rights.request_close(actor=cast.karl, dsr=dsr, status="done", outcome="x")


def test_erasure_only_for_erasure_requests(cast):
    dsr = subject_rights.request_record(actor=cast.karl, client=cast.nina, kind="access",
                                        received_on=timezone.localdate())
    with pytest.raises(subject_rights.RequestError):
        subject_rights.request_close(actor=cast.karl, dsr=dsr, status="done", outcome="x",
                                     execute_erasure=True)
    assert Client.objects.get(pk=cast.nina.pk).last_name == "Kemper"


def test_export_holds_the_path_with_decrypted_details(cast):
    from neue_wege.orientation.services import pathway

    obstacle = pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                    kind="health", details="Rückenschmerzen beim Heben.")
    pathway.strategy_add(actor=cast.nina_user, obstacle=obstacle, description="Rückenschule",
                         helper="doctor")
    text = json.dumps(subject_rights.collect(cast.nina), default=str, ensure_ascii=False)
    assert "Rückenschmerzen beim Heben." in text
    assert "Rückenschule" in text  # the strategy hangs on the obstacle, not the enrollment
    assert "fernet:" not in text


def test_participant_files_a_request_that_staff_then_see(cast, login):
    client = login(cast.nina_user)
    url = reverse("portal:data-request-create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "rectification"})
    assert "Bitte schreiben Sie kurz, worum es geht." in response.content.decode()
    response = client.post(url, {"kind": "rectification",
                                 "details": "Meine Telefonnummer ist falsch."}, follow=True)
    assert "Ihre Anfrage ist angekommen" in response.content.decode()
    dsr = DataSubjectRequest.objects.get(client=cast.nina)
    assert dsr.recorded_by == cast.nina_user and dsr.kind == "rectification"
    assert "Meine Telefonnummer ist falsch." in login(cast.karl).get(
        reverse("privacy:request-detail", args=[dsr.pk])).content.decode()
    assert login(cast.karl).get(url).status_code == 404


def test_request_texts_are_encrypted_at_rest(cast):
    from django.db import connection

    dsr = subject_rights.request_record(actor=cast.karl, client=cast.nina, kind="erasure",
                                        received_on=timezone.localdate(),
                                        details="Meine Suchterkrankung soll gelöscht werden.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM privacy_datasubjectrequest WHERE id = %s",
                       [dsr.pk.hex if connection.vendor == "sqlite" else dsr.pk])
        stored = cursor.fetchone()[0]
    assert "Sucht" not in stored and stored.startswith("fernet:")
    assert DataSubjectRequest.objects.get(pk=dsr.pk).details.startswith("Meine Sucht")


def test_sections_of_the_apps_keep_their_place_in_the_export(cast, nina_data):
    """Strengths and portal register their sections in ready() (privacy does not import
    them); the export still reads in the same order."""
    keys = [section["key"] for section in subject_rights.collect(cast.nina)["sections"]]
    assert keys == ["person", "referrals", "enrollments", "stories", "feedback_received",
                    "feedback_given", "assistant", "strength_profile", "consents",
                    "invitations", "messaging", "requests", "access_log", "orientation",
                    "outcomes", "other"]
    owners = {s.key: s.function.__module__ for s in subject_rights._SECTIONS.values()}
    assert owners["stories"] == owners["strength_profile"] == "neue_wege.strengths.personal_data"
    assert owners["invitations"] == "neue_wege.portal.personal_data"
