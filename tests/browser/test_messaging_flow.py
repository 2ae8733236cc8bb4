"""Issue 15 "Done when" (letters part), in Chromium: a facilitator accepts three referrals and
invites the run in one click (three letters in one PDF, e-mails at the local SMTP server, SMS
at the local gateway); the reminder job sends the day-before reminders exactly once although
it runs twice; a withdrawn SMS consent stops SMS at once. Every page passes axe."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD


def _session(run, days: int):  # noqa: ANN001, ANN202
    from neue_wege.programmes.models import Session
    start = timezone.make_aware(dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=days), dt.time(9, 0)))
    return Session.objects.create(run=run, starts_at=start, ends_at=start + dt.timedelta(hours=3))


def test_invite_remind_and_withdraw(page, live_cast, settings):  # noqa: ANN001
    from neue_wege.clients.services import referral_create
    from neue_wege.clients.tests.conftest import make_client, make_run
    from neue_wege.jobs.worker import run_queued
    from neue_wege.messaging import services
    from neue_wege.testing.assertions import pdf_text
    from neue_wege.testing.messaging import sms_gateway, smtp_server

    cast = live_cast
    services.legal_notice_add(actor=cast.admin, text="Wenn Sie ohne wichtigen Grund nicht "
                              "teilnehmen, kann das Bürgergeld gemindert werden (§ 31 SGB II).")
    run = make_run(cast, capacity=5, title="Neustart Mai")
    _session(run, days=1)
    people = [make_client(cast, number=f"BOR-07{i}", first=first, last="Hoff")
              for i, first in enumerate(["Lena", "Mia", "Tom"])]
    for person in people:
        referral_create(actor=cast.karl, client=person, run=run, potential_note="x")
    lena, mia, tom = people
    for person, mobile in ((lena, "+4915111111111"), (mia, "+4915122222222")):
        services.contact_channel_add(actor=cast.fatma, client=person, channel="sms",
                                     address=mobile)
    services.contact_channel_add(actor=cast.fatma, client=tom, channel="email",
                                 address="tom@example.org")

    with smtp_server() as smtp, sms_gateway() as sms:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.NW_SMS_GATEWAY_URL = sms.url

        page.set_default_timeout(30_000)
        log_in(page, "fatma", PASSWORD)
        page.goto(f"/durchlaeufe/{run.pk}/zuweisungen/")
        check_a11y(page)
        for person in people:
            page.get_by_role("button", name=f"{person.first_name} Hoff aufnehmen").click()
            page.wait_for_selector(f"text={person.first_name} Hoff ist jetzt Teilnehmende")
        check_a11y(page)

        # Lena's postal address, through the consent form (German errors first).
        page.goto(f"/durchlaeufe/{run.pk}/nachrichten/")
        check_a11y(page)
        page.get_by_role("link", name="Kontaktwege (Lena Hoff)").click()
        page.locator("#id_channel").select_option("letter")
        page.locator("#id_street").fill("Nordstraße 3")
        page.locator("#id_postcode").fill("4639")
        page.locator("#id_city").fill("Bocholt")
        page.locator("#id_consent").check()
        page.get_by_role("button", name="Einwilligung speichern").click()
        page.wait_for_selector("text=Die Postleitzahl hat fünf Ziffern.")
        check_a11y(page)
        page.locator("#id_postcode").fill("46399")
        page.get_by_role("button", name="Einwilligung speichern").click()
        page.wait_for_selector("text=Die Einwilligung ist gespeichert.")
        check_a11y(page)

        # One click invites the whole run.
        page.goto(f"/durchlaeufe/{run.pk}/nachrichten/")
        page.get_by_role("button", name="Alle 3 Personen einladen").click()
        page.wait_for_selector("text=Die Einladungen werden erstellt")
        run_queued()
        page.reload()
        check_a11y(page)
        assert page.locator("text=Alle Teilnehmenden sind eingeladen.").count() == 1
        with page.expect_download() as download:
            page.get_by_role("link", name="Alle Einladungsbriefe als PDF zum Drucken").click()
        text = pdf_text(open(download.value.path(), "rb").read())
        assert text.count("Einladung zu einem Gruppenangebot des Jobcenters") == 3
        for name in ("Lena Hoff", "Mia Hoff", "Tom Hoff", "Nordstraße 3", "Fassung 1"):
            assert name in text, name
        assert [m["X-Envelope-To"] for m in smtp.received] == ["tom@example.org"]
        assert sorted(r["json"]["to"] for r in sms.requests) == ["+4915111111111",
                                                                "+4915122222222"]

        # Mia withdraws her SMS consent after tomorrow's reminders were queued.
        services.reminders_plan()
        page.goto(f"/durchlaeufe/{run.pk}/nachrichten/")
        page.get_by_role("link", name="Kontaktwege (Mia Hoff)").click()
        page.get_by_role("button", name="Einwilligung SMS widerrufen").click()
        page.wait_for_selector("text=Die Einwilligung ist widerrufen.")
        check_a11y(page)

        # The reminder job and the worker run twice: each reminder goes out once.
        sms.requests.clear()
        smtp.received.clear()
        for _round in range(2):
            call_command("send_reminders")
            run_queued()
        assert [r["json"]["to"] for r in sms.requests] == ["+4915111111111"]
        assert "Erinnerung" in sms.requests[0]["json"]["text"]
        assert [m["X-Envelope-To"] for m in smtp.received] == ["tom@example.org"]
        page.goto(f"/durchlaeufe/{run.pk}/nachrichten/")
        assert page.locator("text=nicht gesendet: Einwilligung widerrufen").count() == 1
        check_a11y(page)
