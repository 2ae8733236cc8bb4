"""Administrators load a new version of a self-assessment instrument in Chromium (point 22)."""

from __future__ import annotations

import json

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD


def test_admin_loads_a_new_instrument_version(page, live_cast, tmp_path):  # noqa: ANN001
    from neue_wege.outcomes.services import current_instrument, instrument_json

    page.set_default_timeout(60_000)
    shipped = current_instrument()
    data = instrument_json(shipped)
    data["version"] = shipped.version + 1
    path = tmp_path / "neu.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    log_in(page, "admin", PASSWORD)
    page.goto("/verwaltung/frageboegen/")
    assert page.locator("h1").inner_text() == "Fragebögen zur Selbsteinschätzung"
    check_a11y(page)
    page.get_by_label("Fragebogen als JSON-Datei").set_input_files(str(path))
    page.get_by_role("button", name="Laden").click()
    page.wait_for_load_state()
    assert f"(Version {shipped.version + 1})" in page.locator("h1").inner_text()
    assert "ist geladen" in page.content()
    check_a11y(page)
    assert current_instrument().version == shipped.version + 1
