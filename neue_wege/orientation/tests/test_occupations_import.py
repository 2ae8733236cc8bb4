"""``occupations import``: fills the tables, re-runs without duplicates, updates changed
rows, reports (and keeps when referenced) occupations a new file no longer holds."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from neue_wege.orientation.match.data import DEFAULT_DATA, load_raw
from neue_wege.orientation.models import ClassificationVersion, Occupation
from neue_wege.orientation.services.occupations_import import import_occupations
from neue_wege.orientation.testing import import_occupations as helper_import
from neue_wege.orientation.testing import sample_uris

pytestmark = pytest.mark.django_db


def _small_file(tmp_path: Path, n: int = 20, name: str = "occupations_v9.json.gz",
                change=None) -> Path:  # noqa: ANN001
    raw = json.loads(json.dumps(load_raw(str(DEFAULT_DATA))))  # a private copy
    raw["occupations"] = raw["occupations"][:n]
    if change:
        change(raw)
    path = tmp_path / name
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(raw, handle, ensure_ascii=False)
    return path


def test_command_imports_everything_and_is_idempotent():
    out = io.StringIO()
    call_command("occupations", "import", "--no-progress", stdout=out)
    assert "3039 neu, 0 geändert, 0 unverändert" in out.getvalue()
    assert Occupation.objects.count() == 3039
    assert ClassificationVersion.objects.get().name == "occupations_v1"
    out = io.StringIO()
    call_command("occupations", "import", "--no-progress", stdout=out)
    assert "0 neu, 0 geändert, 3039 unverändert" in out.getvalue()
    assert Occupation.objects.count() == 3039
    assert ClassificationVersion.objects.count() == 1


def test_fields_of_an_imported_occupation():
    raw = load_raw(str(DEFAULT_DATA))
    item = next(o for o in raw["occupations"] if o["kldb2010"] and o["riasec"] and o["essential"])
    import_occupations(uris=[item["uri"]])
    occ = Occupation.objects.get(esco_uri=item["uri"])
    assert occ.label == item["label"]
    assert occ.isco08 == item["isco08"]
    assert occ.isco_group_label == raw["isco_groups"][item["isco08"]]
    assert occ.kldb2010 == item["kldb2010"]
    assert occ.kldb_title == raw["kldb"][item["kldb2010"]]["title"]
    assert set(occ.riasec) == set("RIASEC")  # jsonb (PostgreSQL) does not keep key order
    assert [d for d, _ in occ.riasec_profile] == list("RIASEC")
    assert occ.riasec["R"] == item["riasec"][0]
    assert len(occ.essential_skills) == len(item["essential"])
    assert {s["lang"] for s in occ.essential_skills} <= {"de", "en"}
    assert occ.riasec_source == item["riasec_source"]
    assert occ.is_current


def test_changed_rows_are_updated_and_missing_ones_reported(tmp_path: Path):
    first = _small_file(tmp_path, 20)
    result = import_occupations(first)
    assert (result.created, result.updated, result.unchanged) == (20, 0, 0)
    uri_changed = load_raw(str(first))["occupations"][0]["uri"]

    def change(raw: dict) -> None:
        raw["occupations"][0]["definition"] = "Neue Beschreibung."
        del raw["occupations"][5:]

    second = _small_file(tmp_path, 20, name="occupations_v9.json.gz", change=change)
    load_raw.cache_clear()
    result = import_occupations(second)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    assert len(result.deleted) == 15 and not result.retired
    assert Occupation.objects.get(esco_uri=uri_changed).definition == "Neue Beschreibung."
    assert Occupation.objects.count() == 5
    assert "15 Berufe sind nicht mehr enthalten" in result.summary_de()


def test_referenced_occupations_are_kept_not_deleted(tmp_path: Path, cast):  # noqa: ANN001
    from neue_wege.orientation.models import OccupationSuggestion

    import_occupations(_small_file(tmp_path, 10))
    kept = Occupation.objects.order_by("esco_uri").first()
    OccupationSuggestion.objects.create(enrollment=cast.nina_enrollment, occupation=kept,
                                        score=0.5)
    load_raw.cache_clear()
    result = import_occupations(_small_file(
        tmp_path, 10, change=lambda raw: raw.__setitem__(
            "occupations", [o for o in raw["occupations"] if o["uri"] != kept.esco_uri])))
    kept.refresh_from_db()
    assert not kept.is_current
    assert result.retired == [kept.esco_uri]
    assert "werden aber noch verwendet" in result.summary_de()
    assert Occupation.objects.count() == 10


def test_subset_helpers_never_remove_rows():
    uris = sample_uris()
    assert len(uris) >= 10
    helper_import(uris=uris)
    assert Occupation.objects.count() == len(uris)
    helper_import(limit=3)
    assert Occupation.objects.count() == len(set(uris) | {o["uri"] for o in
                                                           load_raw(str(DEFAULT_DATA))["occupations"][:3]})


def test_missing_file_is_a_german_error(tmp_path: Path):
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        call_command("occupations", "import", "--file", str(tmp_path / "fehlt.json.gz"))
