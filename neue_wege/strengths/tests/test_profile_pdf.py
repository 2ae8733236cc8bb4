import pytest

from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths.services.profile import (
    PdfChoices,
    ProfileExportError,
    profile_export_by_facilitator,
    profile_pdf_create,
    profile_pdf_html,
)
from neue_wege.strengths.tests.views.profile_data import QUOTE, build_profile_data
from neue_wege.testing.assertions import pdf_text

pytestmark = pytest.mark.django_db



@pytest.fixture
def data(cast):
    return build_profile_data(cast)


def test_pdf_contains_only_chosen_strengths(cast, data):
    pdf = profile_pdf_create(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                             choices=PdfChoices(keys=("teamfaehigkeit",)))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Teamfähigkeit" in text
    assert "in Teams arbeiten" in text  # ESCO label in German
    assert "Nina Kemper" in text and "Stärken entdecken" in text
    for other in ("Durchhaltevermögen", "Zuverlässigkeit", "Kommunikationsfähigkeit"):
        assert other not in text
    assert "Personen aus der Gruppe" not in text and "Person aus der Gruppe" not in text
    assert QUOTE not in text


def test_pdf_with_passages_and_counts(cast, data):
    pdf = profile_pdf_create(
        actor=cast.nina_user, enrollment=cast.nina_enrollment,
        choices=PdfChoices(keys=("durchhaltevermoegen",), include_passages=True,
                           include_peer_counts=True))
    text = " ".join(pdf_text(pdf).split())
    assert QUOTE in text and "Der Umzug" in text
    assert "Von 2 Personen aus der Gruppe genannt." in text
    assert "Ali" not in text  # never peer names in the PDF


def test_pdf_export_is_audited(cast, data):
    profile_pdf_create(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                       choices=PdfChoices(keys=("durchhaltevermoegen",)))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == cast.nina_user and event.client_id == cast.nina.pk
    assert event.object_id == str(cast.nina_enrollment.pk)


def test_nothing_chosen_is_refused(cast, data):
    with pytest.raises(ProfileExportError, match="mindestens eine Stärke"):
        profile_pdf_create(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                           choices=PdfChoices(keys=()))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_html_has_only_chosen_strengths(cast, data):
    html = profile_pdf_html(enrollment=cast.nina_enrollment,
                            choices=PdfChoices(keys=("zuverlaessigkeit", "teamfaehigkeit")))
    assert "Zuverlässigkeit" in html and "Teamfähigkeit" in html
    assert "Durchhaltevermögen" not in html
    assert "http://" not in html.replace("http://data.europa.eu", "")


def test_the_pdf_names_the_runs_own_job_centre(cast, data):
    """Several job centres share one installation: the profile a participant hands to an
    employer names the job centre that ran the programme."""
    job_centre = cast.nina_enrollment.run.programme_version.programme.job_centre
    html = profile_pdf_html(enrollment=cast.nina_enrollment,
                            choices=PdfChoices(keys=("teamfaehigkeit",)))
    assert f"Erstellt mit Neue Wege, {job_centre.name}." in html
    job_centre.name = "Jobcenter Kreis Coesfeld"
    job_centre.save(update_fields=["name"])
    cast.nina_enrollment.refresh_from_db()
    html = profile_pdf_html(enrollment=cast.nina_enrollment,
                            choices=PdfChoices(keys=("teamfaehigkeit",)))
    assert "Erstellt mit Neue Wege, Jobcenter Kreis Coesfeld." in html
    assert "Borken" not in html


def test_facilitator_export_needs_consent(cast, data):
    with pytest.raises(ProfileExportError, match="nicht zugestimmt"):
        profile_export_by_facilitator(actor=cast.fatma, enrollment=cast.nina_enrollment)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_facilitator_export_with_consent(cast, data):
    Consent.objects.create(client=cast.nina, purpose=Consent.Purpose.EXPORT_PROFILE,
                           object_type="clients.Enrollment",
                           object_id=str(cast.nina_enrollment.pk), wording="Ja")
    pdf = profile_export_by_facilitator(actor=cast.fatma, enrollment=cast.nina_enrollment)
    text = pdf_text(pdf)
    for label in ("Durchhaltevermögen", "Zuverlässigkeit", "Teamfähigkeit"):
        assert label in text
    assert "Ali" not in text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor=cast.fatma,
                                     client_id=cast.nina.pk).count() == 1


def test_withdrawn_consent_blocks_export(cast, data):
    from django.utils import timezone

    Consent.objects.create(client=cast.nina, purpose=Consent.Purpose.EXPORT_PROFILE,
                           object_type="clients.Enrollment",
                           object_id=str(cast.nina_enrollment.pk), wording="Ja",
                           withdrawn_at=timezone.now())
    with pytest.raises(ProfileExportError):
        profile_export_by_facilitator(actor=cast.fatma, enrollment=cast.nina_enrollment)
