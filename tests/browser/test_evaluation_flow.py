"""Management evaluates the programmes in Chromium: filter, charts, comparison, downloads."""

from __future__ import annotations

import io
import zipfile

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD


def _stub_pdf(result, text):  # noqa: ANN001, ANN202
    return b"%PDF-1.7 stub"


def test_management_evaluates_filters_and_downloads(page, live_cast, tmp_path):  # noqa: ANN001
    from django.core.cache import cache
    from openpyxl import load_workbook

    from neue_wege.evaluation import exports, selectors, snapshots, synthetic

    cache.clear()
    world = synthetic.build(job_centre=live_cast.job_centre, case_manager=live_cast.karl,
                            facilitator=live_cast.fatma, location=live_cast.location,
                            municipalities=[live_cast.bocholt, live_cast.gronau],
                            programme=live_cast.programme)
    # The page reads snapshots (recomputing is test_evaluation_recompute.py): the three
    # filter combinations this test looks at are computed beforehand, as the nightly run does.
    programme = world.programmes[1]
    year = world.runs[0].starts_on.year
    # Only the last one's PDF is downloaded; the others get a stub to save time.
    real_pdf = exports.pdf
    for filters, pdf in ((selectors.Filters(), _stub_pdf),
                         (selectors.Filters(programme_id=programme.pk, year=year), _stub_pdf),
                         (selectors.Filters(programme_id=programme.pk), real_pdf)):
        exports.pdf = pdf
        try:
            snapshots.compute(job_centre=live_cast.job_centre, filters=filters)
        finally:
            exports.pdf = real_pdf
    log_in(page, "maria", PASSWORD)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Auswertung").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Auswertung: Was wirkt?"
    check_a11y(page)

    # Filter: one programme, one year.
    page.get_by_label("Projekt", exact=True).select_option(label=programme.name)
    page.get_by_label("Jahr (Beginn des Durchlaufs)", exact=True).select_option(str(year))
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    assert f"jahr={year}" in page.url
    table = page.get_by_role("table", name="Kennzahlen nach Projekt")
    assert programme.name in table.inner_text()
    assert "Stärken entdecken" not in table.inner_text()
    check_a11y(page)

    # Without the year, the comparison has enough people: charts, balance table and reading.
    page.get_by_label("Jahr (Beginn des Durchlaufs)", exact=True).select_option("")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    assert page.get_by_role("img", name="Übergänge in Arbeit oder Ausbildung").count() >= 1
    km = page.get_by_role("img", name="Zeit bis zur Arbeit je Zielgruppe")
    assert km.count() == 1
    assert km.locator("path").count() >= 2 and km.locator("polygon").count() >= 1
    balance = page.get_by_role("table", name="Balance der Merkmale vor und nach dem Abgleich")
    assert "Alter (Jahre)" in balance.inner_text()
    reading = page.get_by_role("heading", name="Was heißt das?")
    assert reading.is_visible()
    assert "Prozentpunkte" in page.locator("section[aria-labelledby=comparison]").inner_text()
    check_a11y(page)

    # Downloads: a real Excel workbook and a real PDF.
    with page.expect_download() as excel:
        page.get_by_role("link", name="Als Excel herunterladen").click()
    path = tmp_path / "auswertung.xlsx"
    excel.value.save_as(path)
    data = path.read_bytes()
    assert zipfile.is_zipfile(io.BytesIO(data))
    book = load_workbook(io.BytesIO(data))
    assert "Balance" in book.sheetnames and len(book.sheetnames) >= 8
    with page.expect_download() as report:
        page.get_by_role("link", name="Bericht für den Kreis (PDF)").click()
    pdf = tmp_path / "bericht.pdf"
    report.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert report.value.suggested_filename.endswith(".pdf")
    check_a11y(page)

    # An invalid filter answers with a kind message, not an error page.
    page.goto("/auswertung/?jahr=abc")
    assert "Bitte wählen Sie ein Jahr" in page.content()
    check_a11y(page)
