"""Discover strengths, walked as users would in real Chromium, axe-checked on every page opened.

Issue 3's "Done when": the facilitator invites Nina and prints her code; Nina sets up her
account with it on her phone, writes a story (the draft survives a reload), saves it, asks the
assistant and accepts a suggestion (self view), shares the story with her group (a recorded
consent); Ali and Lea give strength feedback, Lea's hurtful note waits for the facilitator and
Nina never sees it; the facilitator removes it in the run space; Nina sees her profile with the
self and peer view (the Johari picture) and downloads her PDF; she withdraws her consent and
the story is gone from Ali's group page and its address answers 404.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from neue_wege.clients.models import Client
from neue_wege.organisation.models import User
from neue_wege.privacy.models import Consent
from neue_wege.strengths.models import Story, StrengthFeedback, SuggestionDecision
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.stories import share_wording
from neue_wege.testing.browser import check_a11y, follow, log_in
from neue_wege.testing.personas import PASSWORD

PHONE = {"width": 390, "height": 844}
TITLE = "Der Umzug meiner Nachbarin"
STORY = ("Letzten Sommer ist meine Nachbarin umgezogen. Sie hatte niemanden, der ihr hilft. "
         "Ich habe die Kisten gepackt, einen Transporter organisiert und drei Freunde gefragt. "
         "Am Umzugstag hat es stark geregnet, aber wir haben nicht aufgegeben. Am Abend stand "
         "alles in der neuen Wohnung, und ich habe für alle gekocht.")
KIND_NOTE = "Du hast den Umzug organisiert und nicht aufgegeben, obwohl es geregnet hat."
HURTFUL_NOTE = "Du bist echt dumm, das hätte jeder gekonnt."
NEW_PASSWORD = "Sonnenblume-Umzug-7"  # noqa: S105


def _context(browser: Any, live_server: Any, *, phone: bool) -> Any:
    context = browser.new_context(locale="de-DE", base_url=live_server.url,
                                  viewport=PHONE if phone else {"width": 1280, "height": 900},
                                  has_touch=phone, accept_downloads=True)
    context.set_default_timeout(10_000)
    return context


def _page(browser: Any, live_server: Any, *, phone: bool = False) -> Any:
    return _context(browser, live_server, phone=phone).new_page()


def _card(page: Any, label: str) -> Any:
    """A strength card (checkbox) by its label; the accessible name goes on with the
    description, so match the label at the start."""
    return page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(label)}\b"))


def _listed_under(page: Any, heading: re.Pattern[str]) -> list[str]:
    """The strengths listed under one heading of the Johari list version."""
    block = page.locator(".nw-johari-list h3", has_text=heading)
    assert block.count() == 1, f"no heading {heading.pattern} on {page.url}"
    items = block.locator("xpath=following-sibling::*[1]").locator("li")
    return [text.strip() for text in items.all_inner_texts()]


@pytest.fixture
def group(live_cast):  # noqa: ANN001, ANN201
    """The cast, with Nina not yet in the portal and Lea as a third participant of run A."""
    from neue_wege.clients.services import client_create, referral_accept, referral_create
    from neue_wege.testing.personas import make_user

    cast = live_cast
    Client.objects.filter(pk=cast.nina.pk).update(user=None)  # Nina gets her account now
    User.objects.filter(pk=cast.nina_user.pk).delete()
    lea = client_create(actor=cast.karl, case_number="BOR-0004", first_name="Lea",
                        last_name="Brink", date_of_birth=cast.nina.date_of_birth, gender="f",
                        municipality=cast.bocholt, benefit_since=cast.nina.benefit_since)
    referral = referral_create(actor=cast.karl, client=lea, run=cast.run_a,
                               potential_note="Hört gut zu.")
    referral_accept(actor=cast.fatma, referral=referral)
    lea_user = make_user("lea-portal", User.Role.PARTICIPANT, cast.job_centre, "Lea", "Brink")
    Client.objects.filter(pk=lea.pk).update(user=lea_user)
    return cast


def test_participants_discover_strengths_and_the_facilitator_moderates(
        browser, live_server, group, tmp_path):  # noqa: ANN001
    cast = group
    catalogue = current_catalogue(cast.job_centre)

    # 1. Fatma invites Nina from the run's participants page and reads the code on the sheet.
    fatma = _page(browser, live_server)
    log_in(fatma, "fatma", PASSWORD)
    fatma.goto(reverse("clients:run-referrals", kwargs={"run_id": cast.run_a.pk}))
    check_a11y(fatma)
    fatma.get_by_role("button", name="Nina Kemper zum Portal einladen").click()
    fatma.get_by_role("heading", level=1, name="Einladung für Nina Kemper").wait_for()
    check_a11y(fatma)
    code = fatma.locator(".nw-sheet__code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}", code), code
    assert fatma.locator(".nw-sheet__qr svg").count() == 1
    with fatma.expect_download() as sheet:
        fatma.get_by_role("button", name="Als PDF herunterladen").click()
    assert Path(sheet.value.path()).read_bytes().startswith(b"%PDF")

    # 2. Nina sets up her account on her phone with the code and lands in the portal.
    nina = _page(browser, live_server, phone=True)
    nina.goto("/portal/willkommen/")
    check_a11y(nina)
    nina.get_by_label("Ihr Code").fill(code.lower().replace("-", " "))  # typing is forgiving
    nina.get_by_role("button", name="Weiter").click()
    nina.get_by_role("heading", level=1, name="Hallo Nina!").wait_for()
    check_a11y(nina)
    username = nina.get_by_label("Benutzername").input_value()
    assert username, "no user name suggested"
    nina.get_by_label(re.compile(r"^Passwort(?! noch)")).fill(NEW_PASSWORD)
    nina.get_by_label("Passwort noch einmal").fill(NEW_PASSWORD)
    nina.get_by_role("button", name="Zugang einrichten").click()
    nina.wait_for_url(f"{live_server.url}/portal/")
    nina.get_by_text("Willkommen! Ihr Zugang ist fertig.").wait_for()
    check_a11y(nina)
    assert Client.objects.get(pk=cast.nina.pk).user.username == username

    # 3. She writes a story; the autosaved draft survives a reload.
    follow(nina.get_by_role("link", name="Meine Geschichten").first)
    check_a11y(nina)
    follow(nina.get_by_role("link", name="Neue Geschichte schreiben"))
    check_a11y(nina)
    nina.get_by_label("Überschrift (freiwillig)").fill(TITLE)
    text = nina.get_by_label("Ihre Geschichte")
    text.fill(STORY[:-10])
    # Leaving the title already autosaved it (htmx "change"); wait for the save that carries
    # the whole story: the one after the last keys.
    with nina.expect_response(lambda r: r.url.endswith("/portal/geschichten/entwurf/")
                              and "gekocht" in (r.request.post_data or "")) as autosave:
        text.press_sequentially(STORY[-10:], delay=15)  # keys: the autosave trigger
    assert autosave.value.status == 200
    status = nina.locator("#story-autosave-status")
    status.get_by_text(re.compile(r"Entwurf gespeichert um \d\d:\d\d")).wait_for()
    nina.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    check_a11y(nina)
    story = Story.objects.get(enrollment=cast.nina_enrollment)
    assert story.draft_text == STORY and story.text == ""
    nina.reload()
    nina.get_by_label("Ihre Geschichte").wait_for()
    check_a11y(nina)
    assert nina.get_by_label("Ihre Geschichte").input_value() == STORY
    assert nina.get_by_label("Überschrift (freiwillig)").input_value() == TITLE
    nina.get_by_role("button", name="Speichern").click()
    nina.get_by_role("heading", level=1, name=TITLE).wait_for()
    nina.get_by_text("Ihre Geschichte ist gespeichert.").wait_for()
    check_a11y(nina)
    story.refresh_from_db()
    assert story.text == STORY and story.visibility == Story.Visibility.PRIVATE

    # 4. The assistant suggests; she accepts one suggestion (her self view).
    follow(nina.get_by_role("link", name="Stärken-Vorschläge (KI-Vorschlag)"))
    check_a11y(nina)
    assert nina.locator(".nw-suggestion mark").count() >= 1, "no evidence highlighted"
    accept = nina.get_by_role("button", name=re.compile(r"übernehmen$")).first
    self_label = re.fullmatch(r"„(.+)“ übernehmen", accept.get_attribute("aria-label")).group(1)
    accept.click()
    nina.get_by_text(f"„{self_label}“ steht jetzt bei Ihren Stärken.").wait_for()
    check_a11y(nina)
    assert SuggestionDecision.objects.filter(story=story, strength__label=self_label,
                                             decision="accepted").exists()
    self_strength = catalogue.strengths.get(label=self_label)
    others = catalogue.strengths.exclude(pk=self_strength.pk).order_by("key")
    peer_only, held_label = others[0], others[1].label

    # 5. She shares it with her group: the consent step, recorded with its wording.
    follow(nina.get_by_role("link", name="Zurück zur Geschichte"))
    check_a11y(nina)
    follow(nina.get_by_role("link", name="Teilen oder privat machen"))
    check_a11y(nina)
    nina.get_by_label("für die Gruppe").check()
    nina.get_by_role("button", name="Weiter").click()
    nina.get_by_role("heading", level=1, name="Bitte lesen Sie das zuerst").wait_for()
    check_a11y(nina)
    nina.get_by_text(share_wording("group")).wait_for()
    nina.get_by_label("Ja, ich bin einverstanden.").check()
    nina.get_by_role("button", name="Geschichte teilen").click()
    nina.get_by_role("heading", level=1, name=TITLE).wait_for()
    check_a11y(nina)
    consent = Consent.objects.get(client=cast.nina, purpose=Consent.Purpose.SHARE_WITH_GROUP)
    assert consent.withdrawn_at is None and consent.wording == share_wording("group")

    # 6. Ali and Lea read it in the group space and name strengths; Lea's note is hurtful.
    peers = {}
    for username_, cards, note in (("ali-portal", [self_label, peer_only.label], KIND_NOTE),
                                   ("lea-portal", [held_label], HURTFUL_NOTE)):
        peer = _page(browser, live_server, phone=True)
        log_in(peer, username_, PASSWORD)
        peer.wait_for_url(f"{live_server.url}/portal/")
        check_a11y(peer)
        follow(peer.get_by_role("link", name="Gruppe").first)
        check_a11y(peer)
        peer.get_by_role("heading", name=TITLE).wait_for()
        peer.get_by_role("link", name="Stärken für Nina nennen").click()
        peer.get_by_role("heading", level=1, name="Welche Stärken zeigt Nina?").wait_for()
        check_a11y(peer)
        for card in cards:
            _card(peer, card).check()
        peer.get_by_label("Was in der Geschichte zeigt diese Stärke? (freiwillig)").fill(note)
        peer.get_by_role("button", name="Stärken nennen").click()
        peer.get_by_role("heading", level=1, name=TITLE).wait_for()
        check_a11y(peer)
        peers[username_] = peer
    peers["ali-portal"].get_by_text("Danke für Ihre Rückmeldung!").wait_for()
    lea = peers["lea-portal"]
    lea.get_by_text("Danke! Die Projektleitung liest Ihre Rückmeldung zuerst.").wait_for()
    assert lea.locator(".nw-feedback", has_text=held_label).get_by_text(
        "wartet auf die Projektleitung").is_visible()
    held = StrengthFeedback.objects.get(story=story, given_by__username="lea-portal")
    assert held.status == StrengthFeedback.Status.HELD and held.held_reason
    assert StrengthFeedback.objects.filter(story=story, given_by__username="ali-portal",
                                           status=StrengthFeedback.Status.VISIBLE).count() == 2

    # Nina sees Ali's feedback, not Lea's held note.
    nina.reload()
    check_a11y(nina)
    feedback = nina.locator(".nw-feedback-list")
    feedback.get_by_text(KIND_NOTE).first.wait_for()
    assert peer_only.label in feedback.inner_text()
    assert HURTFUL_NOTE not in nina.content() and held_label not in feedback.inner_text()

    # 7. Fatma sees the held note in the run space and removes it.
    fatma.goto(reverse("programmes:run-detail", kwargs={"run_id": cast.run_a.pk}))
    check_a11y(fatma)
    fatma.get_by_role("link", name="Geschichten und Stärken der Gruppe").click()
    fatma.get_by_role("heading", level=1, name=re.compile("^Stärken-Arbeit")).wait_for()
    check_a11y(fatma)
    row = fatma.locator("#held-heading ~ div tbody tr", has_text=HURTFUL_NOTE)
    assert row.count() == 1 and held.held_reason in row.inner_text()
    nina_row = fatma.locator("tbody tr", has=fatma.get_by_role("rowheader",
                                                               name="Nina Kemper"))
    cells = nina_row.locator("td").all_inner_texts()
    assert cells[:2] == ["1", "1"], cells  # stories written, shared
    row.get_by_role("link", name=re.compile("^Entfernen")).click()
    fatma.get_by_role("heading", level=1, name="Rückmeldung entfernen").wait_for()
    check_a11y(fatma)
    fatma.get_by_label("Warum entfernen Sie die Rückmeldung?").fill("Verletzend formuliert.")
    fatma.get_by_role("button", name="Rückmeldung entfernen").click()
    fatma.get_by_text("Die Rückmeldung ist entfernt.").wait_for()
    check_a11y(fatma)
    fatma.get_by_text("Keine Rückmeldung wartet auf Ihre Prüfung.").wait_for()
    held.refresh_from_db()
    assert held.status == StrengthFeedback.Status.REMOVED
    nina.reload()
    check_a11y(nina)
    assert HURTFUL_NOTE not in nina.content()

    # 8. "Meine Stärken": the self and the peer view, and the PDF.
    nina.get_by_role("link", name="Meine Stärken").first.click()
    nina.get_by_role("heading", level=1, name="Meine Stärken").wait_for()
    check_a11y(nina)
    # On a phone the four fields are boxes of 16 px text; the picture only on wide screens.
    assert nina.locator(".nw-johari-field").first.is_visible()
    assert nina.locator("svg.nw-johari[role=img]").count() == 1
    assert self_label in _listed_under(nina, re.compile("^Das sehen Sie und die anderen"))
    assert peer_only.label in _listed_under(nina, re.compile("^Das sehen andere an Ihnen"))
    assert held_label not in nina.locator("main").inner_text()
    assert "Ali" not in nina.locator("main").inner_text()  # peers without names
    nina.get_by_role("link", name="PDF zusammenstellen").click()
    nina.get_by_role("heading", level=1, name="PDF mit meinen Stärken").wait_for()
    check_a11y(nina)
    nina.get_by_role("checkbox", name=self_label, exact=True).check()
    nina.get_by_role("checkbox", name=peer_only.label, exact=True).check()
    nina.get_by_label("Stellen aus meinen Geschichten zeigen").check()
    with nina.expect_download() as download:
        nina.get_by_role("button", name="PDF herunterladen").click()
    assert download.value.suggested_filename.endswith(".pdf")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    # 9. Nina withdraws her consent: the story leaves Ali's group page, its address is 404.
    ali = peers["ali-portal"]
    ali.get_by_role("link", name="Gruppe").first.click()
    ali.get_by_role("heading", name=TITLE).wait_for()
    nina.goto(reverse("portal:story-detail", kwargs={"story_id": story.pk}))
    check_a11y(nina)
    nina.get_by_role("button", name="Teilen zurücknehmen").click()
    nina.get_by_text("Sie haben das Teilen zurückgenommen.", exact=False).wait_for()
    check_a11y(nina)
    consent.refresh_from_db()
    story.refresh_from_db()
    assert consent.withdrawn_at is not None and story.visibility == Story.Visibility.PRIVATE
    ali.reload()
    ali.get_by_role("heading", level=1, name="Geschichten der Gruppe").wait_for()
    check_a11y(ali)
    assert ali.get_by_role("heading", name=TITLE).count() == 0
    assert STORY[:40] not in ali.content()
    response = ali.goto(reverse("portal:story-detail", kwargs={"story_id": story.pk}))
    assert response is not None and response.status == 404
    check_a11y(ali)
    response = ali.goto(reverse("portal:feedback-create", kwargs={"story_id": story.pk}))
    assert response is not None and response.status == 404

    for page in (fatma, nina, *peers.values()):
        page.context.close()


@pytest.mark.django_db
def test_the_first_autosave_puts_the_new_story_address_in_the_address_bar(cast, login):  # noqa: ANN001
    """Without it, reloading "Neue Geschichte" after an autosave showed an empty form (and the
    next keys started a second story)."""
    http = login(cast.nina_user)
    response = http.post(reverse("portal:story-autosave"),
                         {"story": "", "title": "", "text": "Ich habe geholfen."},
                         headers={"HX-Request": "true"})
    assert response.status_code == 200
    story = Story.objects.get(enrollment=cast.nina_enrollment)
    assert response["HX-Replace-Url"] == f"/portal/geschichten/{story.pk}/bearbeiten/"
    page = http.get(response["HX-Replace-Url"])
    assert "Ich habe geholfen." in page.content.decode()
