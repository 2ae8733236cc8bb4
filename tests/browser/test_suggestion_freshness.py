"""Issue 13's "Done when", in Chromium on a phone-sized screen: a participant writes a new
Zielbild, sees that her occupation suggestions are outdated, refreshes them and sees the
progress line while the assistant works, then the new list in words (no codes, no scores);
the occupation page she opens passes axe and lists no English skill.

The assistant is a stand-in that waits on a gate the test opens once it has seen the
progress line (no sleeps, no timing luck); the real assistant's speed is measured in
bench/bench_refresh.py.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from neue_wege.orientation.models import Occupation
from neue_wege.orientation.services import occupation_choices, pathway, suggestions
from neue_wege.orientation.testing import import_occupations, sample_uris
from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD

NOTICE = "Ihre Angaben haben sich geändert – Vorschläge neu holen"


@dataclass
class Result:
    occupation: Occupation
    score: float
    reasons: list[str] = field(default_factory=lambda: ["In Ihrem Zielbild schreiben Sie "
                                                        "„Pflege“ – das passt zu diesem Beruf."])
    in_regional_demand: bool | None = None


def test_new_vision_outdated_notice_refresh_with_progress(browser, live_server, live_cast,  # noqa: ANN001
                                                          monkeypatch) -> None:
    cast = live_cast
    import_occupations(uris=sample_uris())
    warehouse = list(Occupation.objects.filter(isco08="9333")[:2])
    care = Occupation.objects.filter(isco08="5322").first()
    answer: list[Occupation] = warehouse
    gate = threading.Event()
    gate.set()

    def assistant(enrollment: Any, top: int = 10, **kwargs: Any) -> list[Result]:
        assert gate.wait(timeout=20), "the test never opened the gate"
        return [Result(occupation, 0.62 - 0.1 * i) for i, occupation in enumerate(answer)]

    monkeypatch.setattr(suggestions, "suggest_for_enrollment", assistant)
    pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                        what="Im Lager arbeiten")
    occupation_choices.suggestions_refresh(actor=cast.nina_user, enrollment=cast.nina_enrollment)

    context = browser.new_context(locale="de-DE", base_url=live_server.url,
                                  viewport={"width": 390, "height": 844}, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, "nina-portal", PASSWORD)
    page.goto(reverse("portal:pathway-suggestions"))
    assert page.get_by_role("heading", name=warehouse[0].label).is_visible()
    assert page.get_by_text(NOTICE).count() == 0

    # a new Zielbild ...
    page.goto(reverse("portal:pathway-vision"))
    page.get_by_label("Was möchte ich arbeiten?").fill("In der Pflege mit älteren Menschen")
    page.get_by_role("button", name="Als neue Fassung speichern").click()
    page.wait_for_load_state()
    # ... makes the list outdated
    page.goto(reverse("portal:pathway-suggestions"))
    assert page.get_by_text(NOTICE).is_visible()
    check_a11y(page)

    # the refresh shows its progress while the assistant works
    answer = [care]
    gate.clear()
    button = page.get_by_role("button", name="Vorschläge neu holen")
    button.click()
    progress = page.locator("#suggestions-progress")
    progress.wait_for(state="visible")
    assert page.get_by_role("progressbar", name="Vorschläge werden geholt").is_visible()
    assert button.is_disabled()
    check_a11y(page)
    gate.set()

    # the new list, in words
    page.get_by_role("status").filter(has_text="Hier sind Berufe, die passen könnten.").wait_for()
    assert page.get_by_text(NOTICE).count() == 0
    progress.wait_for(state="hidden")  # htmx settles the swapped region within ~20 ms
    card = page.locator(".nw-suggestion").filter(
        has=page.get_by_role("heading", name=care.label))
    assert card.get_by_text("passt gut").is_visible()
    main = page.get_by_role("main").inner_text()
    assert not re.search(r"KldB|ISCO|Passung|0,62", main)
    check_a11y(page)

    # the occupation page: German only, codes hidden from participants
    card.get_by_role("link", name=care.label).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == care.label
    skills = page.locator("ul.nw-skills li").all_inner_texts()
    assert skills and set(skills) <= set(care.german_skills)
    # no English text in the page's content (the language switches name "English" in English)
    assert page.get_by_role("main").locator("[lang=en]").filter(
        has_text=re.compile(r"\w")).count() == 0
    assert not re.search(r"KldB|ISCO", page.get_by_role("main").inner_text())
    check_a11y(page)
    context.close()
