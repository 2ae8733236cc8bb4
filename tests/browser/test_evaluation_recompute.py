"""Management asks for a new evaluation in Chromium: "Neu berechnen", progress, the new Stand.

The worker runs in this process (`run_queued`), as `neuewege worker --batch` would. While it
runs, the page's polls are held by Playwright (route handlers of the sync API run only when
the test calls Playwright), so the test and the live server never use the SQLite test
database at the same moment; the held poll then finds the job done and reloads the page.
"""

from __future__ import annotations

import datetime as dt

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD


def test_management_recomputes_sees_progress_and_the_new_snapshot(page, live_cast, monkeypatch):  # noqa: ANN001, E501
    from django.utils import timezone

    from neue_wege.evaluation import exports, selectors, snapshots
    from neue_wege.evaluation.models import EvaluationSnapshot
    from neue_wege.jobs.worker import run_queued

    # An older snapshot (its PDF is not looked at: a stub saves the test a few seconds).
    with monkeypatch.context() as patch:
        patch.setattr(exports, "pdf", lambda result, text: b"%PDF-1.7 stub")
        old = snapshots.compute(job_centre=live_cast.job_centre, filters=selectors.Filters())
    EvaluationSnapshot.objects.filter(pk=old.pk).update(
        computed_at=timezone.now() - dt.timedelta(days=2))

    log_in(page, "maria", PASSWORD)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Auswertung").click()
    page.wait_for_load_state()
    stand = page.locator("#snapshot-stand")
    assert "nicht heute berechnet" in stand.inner_text()

    page.get_by_role("button", name="Neu berechnen").click()
    page.wait_for_load_state()
    region = page.locator("#evaluation-job")
    assert "Die Auswertung wird berechnet." in region.inner_text()
    assert page.get_by_role("progressbar").is_visible()
    assert "Wartet auf den Start" in region.inner_text()
    assert page.get_by_role("button", name="Neu berechnen").count() == 0
    check_a11y(page)

    page.route(lambda url: "/auswertung/" in url, lambda route: route.continue_())
    assert run_queued() == 1
    today = timezone.localdate().strftime("%d.%m.%Y")
    page.locator("#snapshot-stand", has_text=f"Stand: {today}").wait_for()
    assert "nicht heute berechnet" not in page.locator("#snapshot-stand").inner_text()
    assert page.locator("#evaluation-job").count() == 0
    assert page.get_by_role("button", name="Neu berechnen").is_visible()
    page.unroute_all()
    check_a11y(page)

    # The job is listed under "Aufträge" as finished, with a link back to the figures.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Aufträge").click()
    page.wait_for_load_state()
    row = page.get_by_role("row", name="Auswertung berechnen: alle Projekte, alle Jahre")
    assert "Fertig" in row.inner_text()
    assert row.get_by_role("link", name="Auswertung ansehen").is_visible()
    check_a11y(page)
