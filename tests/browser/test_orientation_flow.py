"""Find the way, walked as users would in real Chromium, axe-checked on every page opened.

Issue 4's "Done when": Nina fills the interest check, writes a vision, records an obstacle with
a strategy, gets occupation suggestions with reasons (the real assistant over the real,
imported classification), saves one and turns it into next steps, and downloads the PDF; her
facilitator Fatma reads the same path (the health obstacle included) and saves an occupation
for her, which Nina then sees marked as Fatma's choice; her case manager Karl gets 404.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.urls import reverse

from neue_wege.orientation.matcher import default_matcher
from neue_wege.orientation.models import ActionStep, OccupationSuggestion
from neue_wege.orientation.testing import import_occupations
from neue_wege.strengths.services.stories import story_save
from neue_wege.testing.browser import check_a11y, follow, log_in
from neue_wege.testing.personas import PASSWORD

STORY = ("Letzten Winter habe ich meine Oma gepflegt. Ich habe sie gewaschen, ihr Essen "
         "gekocht und ihre Tabletten sortiert. Mit dem Pflegedienst habe ich die Termine "
         "abgesprochen. Die Pflegerin hat gesagt, ich mache das sehr geduldig und ruhig.")
VISION = "In der Altenpflege mit älteren Menschen arbeiten"
STRATEGY = "Einen Kita-Platz für meine Tochter beantragen"
HEALTH = "Rückenschmerzen beim schweren Heben"
QUELLEN = "Quellen und Lizenzen"


def _page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(locale="de-DE", base_url=live_server.url,
                                  viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def _nav(page: Any, name: str) -> None:
    follow(page.get_by_role("navigation", name="Mein Bereich").get_by_role("link", name=name))
    check_a11y(page)


def test_participant_finds_the_way_and_facilitator_reads_it(browser, live_server, live_cast,
                                                            tmp_path: Path) -> None:
    cast = live_cast
    import_occupations()
    default_matcher()  # load the classification once, before the first click waits for it
    story_save(actor=cast.nina_user, story_or_none=None, title="Oma gepflegt", text=STORY)
    page = _page(browser, live_server)
    log_in(page, "nina-portal", PASSWORD)

    # the overview, then the interest check: 18 items, four answers each
    _nav(page, "Mein Weg")
    follow(page.get_by_role("main").get_by_role("link", name="Meine Interessen"))
    check_a11y(page)
    follow(page.get_by_role("link", name="Interessen-Check starten"))
    check_a11y(page)
    groups = page.locator("main fieldset")
    assert groups.count() == 18
    social = {"Anderen Menschen helfen oder sie pflegen", "Zuhören, wenn jemand Sorgen hat",
              "Jemandem etwas erklären oder beibringen"}
    for index in range(18):
        group = groups.nth(index)
        legend = group.locator("legend").inner_text()
        answer = "Sehr gern" if any(text in legend for text in social) else "Eher nicht gern"
        group.get_by_label(answer, exact=True).check()
    page.get_by_label("Was hat Ihnen in früheren Jobs").fill("Meine Oma pflegen.")
    page.get_by_role("button", name="Ergebnis ansehen").click()
    page.wait_for_load_state()
    check_a11y(page)
    assert page.get_by_role("img", name="Ihre Interessen in sechs Bereichen").is_visible()
    table = page.get_by_role("table", name="Ihre Interessen als Tabelle")
    assert "100 %" in table.get_by_role("row", name=re.compile("^Sozial")).inner_text()

    # the vision: two versions, the earlier one stays visible
    page.goto(reverse("portal:pathway-vision"))
    check_a11y(page)
    page.get_by_label("Was möchte ich arbeiten?").fill("In der Pflege arbeiten")
    page.get_by_role("button", name="Als neue Fassung speichern").click()
    page.wait_for_load_state()
    page.get_by_label("Was möchte ich arbeiten?").fill(VISION)
    page.get_by_label("Mit wem möchte ich arbeiten?").fill("Mit älteren Menschen, im Team")
    page.get_by_role("button", name="Als neue Fassung speichern").click()
    page.wait_for_load_state()
    check_a11y(page)
    assert page.get_by_role("heading", name=re.compile(r"Aktuelle Fassung \(2\)")).is_visible()
    page.get_by_text(re.compile("^Fassung 1 vom")).click()  # open the earlier version
    assert page.get_by_text("In der Pflege arbeiten", exact=True).is_visible()
    check_a11y(page)

    # an obstacle with a strategy (a § 16a SGB II service), and a health obstacle
    page.goto(reverse("portal:pathway-obstacles"))
    check_a11y(page)
    follow(page.get_by_role("link", name="Hindernis eintragen"))
    check_a11y(page)
    page.get_by_label("Kinderbetreuung").check()
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    check_a11y(page)
    page.get_by_label("Was kann helfen?").fill(STRATEGY)
    page.get_by_label("Wer hilft dabei?").select_option(
        label="Kinderbetreuung über die Stadt oder Gemeinde")
    page.get_by_role("button", name="Weg speichern").click()
    page.wait_for_load_state()
    check_a11y(page)
    assert page.get_by_text(STRATEGY).is_visible()
    page.get_by_role("link", name="Hindernis eintragen").click()
    page.get_by_label("Gesundheit").check()
    page.get_by_label("Was genau ist schwierig?").fill(HEALTH)
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    page.get_by_label("Was kann helfen?").fill("Rückenschule besuchen")
    page.get_by_label("Wer hilft dabei?").select_option(label="Ärztin, Arzt oder Therapie")
    page.get_by_role("button", name="Weg speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text("Nur Sie und Ihre Projektleitung sehen das").is_visible()
    check_a11y(page)

    # occupation suggestions with reasons; nothing decided by the machine
    _nav(page, "Mein Weg")
    follow(page.get_by_role("main").get_by_role("link", name="Berufe entdecken"))
    check_a11y(page)
    assert page.get_by_text("Es entscheidet nichts").is_visible()
    page.get_by_role("button", name="Berufe vorschlagen lassen").click()
    # htmx swaps the list in (a progress line while it waits)
    page.get_by_text("Hier sind Berufe, die passen könnten.").wait_for(timeout=60_000)
    check_a11y(page)
    cards = page.locator(".nw-suggestion")
    assert cards.count() >= 3
    first = cards.first
    assert first.get_by_text("Warum dieser Vorschlag?").is_visible()
    assert first.locator("ul.kern-list li").count() >= 1
    label = first.get_by_role("heading").inner_text()
    first.get_by_role("button", name=re.compile("^Merken")).click()
    page.wait_for_load_state()
    check_a11y(page)
    saved = page.get_by_role("region", name=re.compile(r"Gemerkte Berufe \(1\)"))
    assert saved.get_by_role("heading", name=label).is_visible()
    assert OccupationSuggestion.objects.get(status="saved").occupation.label == label

    # the saved suggestion becomes next steps
    saved.get_by_role("link", name=re.compile("^Nächste Schritte planen")).click()
    page.wait_for_url(re.compile("/schritte/$"))
    check_a11y(page)
    page.get_by_role("checkbox", name=re.compile("^Ein Praktikum als")).check()
    page.get_by_label("Eigener Schritt (freiwillig)").fill("Mit der Pflegeschule telefonieren")
    page.get_by_role("button", name="Schritte speichern").click()
    page.wait_for_load_state()
    check_a11y(page)
    assert page.get_by_text("Mit der Pflegeschule telefonieren", exact=True).is_visible()
    assert ActionStep.objects.filter(from_suggestion__occupation__label=label).count() == 2
    step = page.locator(".nw-step").filter(has_text="Mit der Pflegeschule telefonieren")
    step.get_by_role("button", name=re.compile("^Erledigt")).click()
    page.wait_for_load_state()
    check_a11y(page)
    assert page.get_by_text(re.compile("erledigt am")).first.is_visible()

    # the PDF for the cooperation plan
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Meine nächsten Schritte")).click()
    pdf = tmp_path / "schritte.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,  # noqa: S603, S607
                              check=True).stdout.decode()
        assert "Mit der Pflegeschule telefonieren" in text and VISION in text
    page.context.close()

    # the facilitator reads the same path, the health obstacle included
    staff = _page(browser, live_server)
    log_in(staff, "fatma", PASSWORD)
    staff.goto(reverse("programmes:run-detail", args=[cast.run_a.pk]))
    follow(staff.get_by_role("link", name="Wege der Teilnehmenden"))
    check_a11y(staff)
    follow(staff.get_by_role("link", name="Nina Kemper"))
    check_a11y(staff)
    main = staff.get_by_role("main")
    for text in (VISION, STRATEGY, HEALTH, label, "Mit der Pflegeschule telefonieren"):
        assert main.get_by_text(text).first.is_visible(), text
    assert main.get_by_role("img", name="Interessen in sechs Bereichen").is_visible()
    url = staff.url

    # ... and explores occupations with her: asks again, reads the reasons, saves one for her
    main.get_by_role("link", name="Berufe mit der Person erkunden").click()
    staff.wait_for_load_state()
    check_a11y(staff)
    suggestions_url = staff.url
    staff.get_by_role("button", name="Vorschläge neu holen").click()
    staff.get_by_text("Hier sind Berufe, die passen könnten.").wait_for(timeout=60_000)
    check_a11y(staff)
    assert staff.get_by_role("region", name=re.compile(r"Gemerkte Berufe \(1\)")).get_by_role(
        "heading", name=label).is_visible()  # Nina's own choice survives the new ranking
    offered = staff.get_by_role("region", name=re.compile(r"^Vorschläge \(")).locator(
        ".nw-suggestion").first
    assert offered.get_by_text("Warum dieser Vorschlag?").is_visible()
    chosen = offered.get_by_role("heading").inner_text()
    offered.get_by_role("button", name=re.compile("^Merken")).click()
    staff.wait_for_load_state()
    check_a11y(staff)
    assert staff.get_by_text(f"„{chosen}“ ist gemerkt.").is_visible()
    saved_row = OccupationSuggestion.objects.get(occupation__label=chosen)
    assert (saved_row.status, saved_row.decided_by) == ("saved", cast.fatma)
    assert staff.get_by_role("main").get_by_role("link", name=QUELLEN).is_visible()
    staff.context.close()

    # Nina sees the facilitator's choice, marked as such
    nina = _page(browser, live_server)
    log_in(nina, "nina-portal", PASSWORD)
    nina.goto(reverse("portal:pathway-suggestions"))
    check_a11y(nina)
    card = nina.locator(".nw-suggestion").filter(
        has=nina.get_by_role("heading", name=chosen, exact=True))
    assert card.get_by_text("Von Ihrer Projektleitung gemerkt").is_visible()
    assert nina.get_by_role("main").get_by_role("link", name=QUELLEN).is_visible()
    nina.context.close()

    # her case manager does not
    karl = _page(browser, live_server)
    log_in(karl, "karl", PASSWORD)
    for address in (url, suggestions_url):
        response = karl.goto(address)
        assert response is not None and response.status == 404, address
    karl.context.close()


# --- on a small phone: no sideways scrolling at 320 px, touch targets of at least 44 px --------
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
    .filter(el => el.scrollWidth > 321 || el.getBoundingClientRect().right > 321)
    .map(el => el.tagName + '.' + (el.getAttribute('class') || '') + ' ' + el.scrollWidth)
    .slice(-8)"""
SMALL_TARGETS = """() => [...document.querySelectorAll(
        'main button, main .kern-btn, main input[type=checkbox], main input[type=radio], '
        + 'main summary, main select, header nav a')]
    .filter(el => el.offsetParent !== null)
    .map(el => { const parts = [el, el.closest('label'),
                                el.id && document.querySelector(`label[for="${el.id}"]`)];
                 const height = Math.max(...parts.filter(Boolean).map(
                     p => p.getBoundingClientRect().height));
                 return {what: el.tagName + ' ' + (el.innerText || el.name || '').trim().slice(0, 40),
                         height: Math.round(height)}; })
    .filter(t => t.height < 44)"""


def test_path_pages_on_a_small_phone(browser, live_server, live_cast) -> None:
    from neue_wege.testing.programme_space import build_programme_space

    space = build_programme_space(live_cast)
    context = browser.new_context(locale="de-DE", base_url=live_server.url,
                                  viewport={"width": 320, "height": 640}, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "nina-portal", PASSWORD)
    paths = [reverse(f"portal:{name}") for name in (
        "pathway-overview", "pathway-interests", "pathway-interest-check-create",
        "pathway-vision", "pathway-obstacles", "pathway-obstacle-create", "pathway-steps",
        "pathway-suggestions")]
    paths += [reverse("portal:pathway-strategy-create", args=[space["obstacle_id"][0]]),
              reverse("portal:pathway-obstacle-delete", args=[space["obstacle_id"][0]]),
              reverse("portal:pathway-suggestion-steps", args=[space["suggestion_id"][0]])]
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        wide = page.evaluate(WIDE_ELEMENTS)  # named in the failure message
        assert page.evaluate(PAGE_WIDTH) <= 320, f"{path} scrolls sideways at 320 px: {wide}"
        small = page.evaluate(SMALL_TARGETS)
        assert not small, f"{path}: touch targets under 44 px: {small}"
        check_a11y(page)
    context.close()
