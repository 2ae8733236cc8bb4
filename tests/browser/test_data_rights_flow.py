"""Data rights, walked in Chromium and axe-checked: Nina releases her strength profile to her
case manager Karl, Karl reads it from her client page, Nina withdraws it and Karl's page is gone
at once; Nina downloads all her data and files a correction request, which Karl closes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from neue_wege.privacy.models import DataSubjectRequest
from neue_wege.strengths.models import Story, Strength, StrengthFeedback
from neue_wege.testing.browser import check_a11y, follow, log_in
from neue_wege.testing.personas import PASSWORD


def _page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(locale="de-DE", base_url=live_server.url,
                                  viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def cast(live_cast):  # noqa: ANN001, ANN201
    story = Story.objects.create(enrollment=live_cast.nina_enrollment, title="Mein Garten",
                                 text="Ich habe Tomaten gezogen.")
    strength = Strength.objects.filter(catalogue__job_centre=live_cast.job_centre).first()
    StrengthFeedback.objects.create(story=story, strength=strength, source="self",
                                    given_by=live_cast.nina_user)
    live_cast.strength = strength
    return live_cast


def test_release_read_withdraw_export_and_request(browser, live_server, cast):  # noqa: ANN001
    nina = _page(browser, live_server)
    log_in(nina, cast.nina_user.username, PASSWORD)
    follow(nina.get_by_role("link", name="Meine Daten", exact=True))
    check_a11y(nina)
    follow(nina.get_by_role("link", name="Freigaben an das Fallmanagement"))
    check_a11y(nina)
    nina.get_by_role("link", name="Vorschau ansehen und freigeben: Mein Stärkenprofil").click()
    assert cast.strength.label in nina.inner_text("main")  # what karl will read, before
    check_a11y(nina)
    nina.get_by_role("button", name="Jetzt freigeben: Mein Stärkenprofil").click()
    assert "„Mein Stärkenprofil“ ist jetzt freigegeben." in nina.inner_text("main")
    check_a11y(nina)

    karl = _page(browser, live_server)
    log_in(karl, cast.karl.username, PASSWORD)
    karl.goto(f"/kundinnen/{cast.nina.pk}/")
    check_a11y(karl)
    karl.get_by_role("link", name="Stärkenprofil", exact=True).click()
    assert cast.strength.label in karl.inner_text("main")
    assert "Tomaten" not in karl.content()
    check_a11y(karl)
    released_url = karl.url

    nina.get_by_role("button", name="Freigabe zurücknehmen: Mein Stärkenprofil").click()
    assert "ab sofort nicht mehr zu sehen" in nina.inner_text("main")
    assert karl.goto(released_url).status == 404

    nina.get_by_role("link", name="Meine Daten", exact=True).click()
    with nina.expect_download() as download:
        nina.get_by_role("link", name="Als Datei zum Weitergeben an andere Stellen "
                                       "(für Computer lesbar)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert any(row.get("text") == "Ich habe Tomaten gezogen."
               for section in data["sections"] for row in section["rows"])
    follow(nina.get_by_role("link", name="Anfrage stellen"))
    check_a11y(nina)
    nina.get_by_label("Etwas über mich ist falsch. Bitte ändern.").check()
    nina.get_by_label("Was genau?").fill("Meine Telefonnummer ist falsch.")
    nina.get_by_role("button", name="Anfrage absenden").click()
    assert "Ihre Anfrage ist angekommen" in nina.inner_text("main")

    karl.goto("/betroffenenanfragen/")
    check_a11y(karl)
    follow(karl.get_by_role("link", name="Nina Kemper"))
    check_a11y(karl)
    karl.get_by_label("erledigt", exact=True).check()
    karl.get_by_label("Was wurde getan?").fill("Telefonnummer berichtigt.")
    karl.get_by_role("button", name="Abschließen").click()
    assert "Die Anfrage ist abgeschlossen." in karl.inner_text("main")
    check_a11y(karl)
    assert DataSubjectRequest.objects.get(client=cast.nina).status == "done"
    nina.context.close()
    karl.context.close()


def test_admin_copy_hand_over_restriction_and_retention_preview(browser, live_server, cast):  # noqa: ANN001
    """Issue 11, points 12 and 13 in Chromium: the administration produces the Art. 15 copy
    for a person without portal account and records the hand-over; the case manager restricts
    processing; the administration previews the retention run."""
    from django.utils import timezone

    from neue_wege.privacy.subject_rights import request_record

    type(cast.ali).objects.filter(pk=cast.ali.pk).update(user=None)
    access = request_record(actor=cast.karl, client=cast.ali, kind="access",
                            received_on=timezone.localdate())
    restrict = request_record(actor=cast.karl, client=cast.ali, kind="restriction",
                              received_on=timezone.localdate())

    admin = _page(browser, live_server)
    log_in(admin, cast.admin.username, PASSWORD)
    admin.goto(f"/betroffenenanfragen/{access.pk}/")
    assert "Die Person hat kein Konto im Portal." in admin.inner_text("main")
    check_a11y(admin)
    with admin.expect_download() as download:
        admin.get_by_role("link", name="Auskunft als JSON (Datenübertragbarkeit)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["format"] == "neue-wege-auskunft/1"
    admin.reload()
    admin.get_by_label("per Post verschickt").check()
    admin.get_by_role("button", name="Übergabe festhalten").click()
    assert "Die Übergabe der Auskunft ist festgehalten." in admin.inner_text("main")
    check_a11y(admin)
    assert DataSubjectRequest.objects.get(pk=access.pk).handed_over_how == "post"

    admin.goto("/verwaltung/loeschfristen/")
    admin.get_by_role("link", name="Probelauf: Was wäre heute fällig?").click()
    assert "Probelauf der Löschfristen" in admin.inner_text("main")
    check_a11y(admin)

    karl = _page(browser, live_server)
    log_in(karl, cast.karl.username, PASSWORD)
    karl.goto(f"/betroffenenanfragen/{restrict.pk}/")
    karl.locator("#id_reason").fill("Bestreitet die Richtigkeit der Angaben.")
    karl.get_by_role("button", name="Verarbeitung einschränken").click()
    assert "Die Verarbeitung ist eingeschränkt." in karl.inner_text("main")
    check_a11y(karl)
    admin.context.close()
    karl.context.close()
