"""The messaging pages: run messages and invitations, contact channels, settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.messaging.models import ContactChannel, LegalNotice, OutboundMessage, ReminderSetting
from neue_wege.messaging.tests.conftest import NOTICE, consent

pytestmark = pytest.mark.django_db


def test_run_page_lists_participants_consents_and_failures(cast, login):  # noqa: ANN001
    consent(cast, cast.nina, "sms", "+4915123456789")
    OutboundMessage.objects.create(
        job_centre=cast.job_centre, run=cast.run_a, enrollment=cast.nina_enrollment,
        client=cast.nina, kind="reminder", channel="sms", status="failed",
        error="Der SMS-Dienst hat die Nachricht abgelehnt (Status 400).")
    response = login(cast.fatma).get(reverse("messaging:run-messages", args=[cast.run_a.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Einladungen und Nachrichten: Stärken entdecken A" in page
    assert "1 Nachricht konnte nicht zugestellt werden" in page
    assert "Nina Kemper: Erinnerung (SMS) – Der SMS-Dienst hat die Nachricht abgelehnt" in page
    assert "Alle 2 Personen einladen" in page
    assert "Ali Demir" in page
    # The run page points to the failure too.
    run_page = login(cast.fatma).get(reverse("programmes:run-detail", args=[cast.run_a.pk]))
    assert "1 Nachricht wurde nicht zugestellt." in run_page.content.decode()


@pytest.mark.parametrize("who", ["jonas", "karl", "admin", "olga"])
def test_other_staff_get_404_on_the_run_page(cast, login, who):  # noqa: ANN001
    response = login(getattr(cast, who)).get(reverse("messaging:run-messages",
                                                     args=[cast.run_a.pk]))
    assert response.status_code == 404


def test_invite_without_legal_notice_says_so(cast, login):  # noqa: ANN001
    response = login(cast.fatma).post(reverse("messaging:run-invite", args=[cast.run_a.pk]),
                                      follow=True)
    assert "Es gibt noch keine Rechtsfolgenbelehrung" in response.content.decode()
    assert not OutboundMessage.objects.exists()


def test_invite_creates_letters_and_the_pdf_downloads(cast, login, settings):  # noqa: ANN001
    LegalNotice.objects.create(job_centre=cast.job_centre, version=1, text=NOTICE,
                               created_by=cast.admin)
    client = login(cast.fatma)
    url = reverse("messaging:run-invite", args=[cast.run_a.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:run-messages", args=[cast.run_a.pk])
    assert OutboundMessage.objects.filter(channel="letter").count() == 2
    pdf = client.get(reverse("messaging:run-letters", args=[cast.run_a.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_channel_form_stores_e164_and_refuses_landlines_in_german(cast, login):  # noqa: ANN001
    url = reverse("messaging:enrollment-channels", args=[cast.nina_enrollment.pk])
    client = login(cast.fatma)
    bad = client.post(url, {"channel": "sms", "mobile": "02871 123456", "consent": "on"})
    assert bad.status_code == 400
    assert "Das ist keine Handynummer" in bad.content.decode()
    assert 'value="02871 123456"' in bad.content.decode()
    good = client.post(url, {"channel": "sms", "mobile": "0151 23456789", "consent": "on"})
    assert good.status_code == 302 and good["Location"] == url
    assert ContactChannel.objects.get(client=cast.nina).address == "+4915123456789"
    page = client.get(url).content.decode()
    assert "Einwilligung SMS widerrufen" in page


def test_channel_form_needs_the_consent_box(cast, login):  # noqa: ANN001
    url = reverse("messaging:enrollment-channels", args=[cast.nina_enrollment.pk])
    response = login(cast.fatma).post(url, {"channel": "email", "email": "nina@example.org"})
    assert response.status_code == 400
    assert not ContactChannel.objects.exists()


def test_withdraw_button_withdraws(cast, login):  # noqa: ANN001
    consent(cast, cast.nina, "sms", "+4915123456789")
    url = reverse("messaging:enrollment-channel-withdraw", args=[cast.nina_enrollment.pk])
    response = login(cast.fatma).post(url, {"channel": "sms"}, follow=True)
    assert "Die Einwilligung ist widerrufen" in response.content.decode()
    assert ContactChannel.objects.get().withdrawn_at is not None


def test_facilitator_of_another_run_cannot_see_channels(cast, login):  # noqa: ANN001
    url = reverse("messaging:enrollment-channels", args=[cast.nina_enrollment.pk])
    assert login(cast.jonas).get(url).status_code == 404


def test_admin_adds_legal_notice_versions_and_reminder_days(cast, login):  # noqa: ANN001
    client = login(cast.admin)
    url = reverse("messaging:settings")
    assert "Es gibt noch keine Rechtsfolgenbelehrung" in client.get(url).content.decode()
    assert client.post(url, {"text": NOTICE})["Location"] == url
    assert client.post(url, {"text": NOTICE + " Neu."}).status_code == 302
    page = client.get(url).content.decode()
    assert "Gültig ist Fassung 2" in page and "Fassung 1 vom" in page
    response = client.post(reverse("messaging:reminder-settings"), {
        "programme": cast.programme.pk, "days_before": 2})
    assert response.status_code == 302
    setting = ReminderSetting.objects.get()
    assert (setting.days_before, setting.missed_message) == (2, False)
    bad = client.post(reverse("messaging:reminder-settings"),
                      {"programme": cast.programme.pk, "days_before": 30})
    assert bad.status_code == 400


@pytest.mark.parametrize("who", ["fatma", "karl", "maria"])
def test_settings_are_for_administrators_only(cast, login, who):  # noqa: ANN001
    assert login(getattr(cast, who)).get(reverse("messaging:settings")).status_code == 403


def test_run_page_queries_stay_constant_with_many_messages(cast, login):  # noqa: ANN001
    from neue_wege.clients.services import referral_accept, referral_create
    from neue_wege.clients.tests.conftest import make_client
    from neue_wege.testing.assertions import assert_max_queries
    for i in range(6):
        person = make_client(cast, number=f"QC-{i:03d}", first=f"Person{i}")
        seat = referral_accept(actor=cast.fatma, referral=referral_create(
            actor=cast.karl, client=person, run=cast.run_a, potential_note="x"))
        consent(cast, person, "email", f"p{i}@example.org")
        OutboundMessage.objects.create(
            job_centre=cast.job_centre, run=cast.run_a, enrollment=seat, client=person,
            kind="invitation", channel="email", status="sent")
    client = login(cast.fatma)
    url = reverse("messaging:run-messages", args=[cast.run_a.pk])
    with assert_max_queries(25):
        page = client.get(url).content.decode()
    # participants table, the link text for screen readers, the message record
    assert page.count("Person5 Hoff") == 3
