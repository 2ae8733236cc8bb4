"""The real-story measurement set (bench/data/stories_de_real.json) is complete and consistent.

Fast and without a database: reads the JSON file and the shared ESCO/KldB tables only.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from functools import cache
from pathlib import Path

import pytest

from neue_wege.core.paths import SHARED_DATA

DATA = Path(__file__).resolve().parents[3] / "bench" / "data" / "stories_de_real.json"


@cache
def _records() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@cache
def _esco_isco_groups() -> frozenset[str]:
    """ISCO-08 unit groups that have at least one ESCO occupation (what can be suggested)."""
    path = SHARED_DATA / "esco" / "de" / "esco_occupations_de_v1.2.0.csv"
    with path.open(encoding="utf-8") as fh:
        return frozenset(row["isco_group"] for row in csv.DictReader(fh))


@cache
def _isco_groups() -> frozenset[str]:
    path = SHARED_DATA / "esco" / "de" / "esco_isco_groups_de_v1.2.0.csv"
    with path.open(encoding="utf-8") as fh:
        return frozenset(row["code"] for row in csv.DictReader(fh) if len(row["code"]) == 4)


@cache
def _kldb_codes() -> dict[str, str]:
    """5-digit KldB 2010 codes (the file writes them without leading zeros) → title."""
    path = SHARED_DATA / "kldb" / "KldB2010_V2020_Gliederung_mit_Erlaeuterung_2025-02-03.csv"
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter=";"))[1:]
    return {row[0].zfill(5): row[2] for row in rows if len(row) > 2 and row[1] == "5"}


def test_at_least_sixty_stories_with_unique_ids_and_sources():
    records = _records()
    assert len(records) >= 60
    assert len({r["id"] for r in records}) == len(records)
    urls = [r["source"]["url"] for r in records]
    assert len(set(urls)) == len(urls), "a source is used twice"
    for record in records:
        assert re.match(r"https?://\S+$", record["source"]["url"]), record["id"]
        assert record["source"]["publisher"].strip(), record["id"]


def test_every_story_has_published_text_and_a_narrative_without_the_outcome():
    for record in _records():
        text = record["text"]
        assert len(text) >= 200, record["id"]
        narrative = text
        for quote in record["outcome_quote"]:
            assert quote and quote in text, (record["id"], quote[:40])
            narrative = narrative.replace(quote, " ")
        assert record["narrative"] == re.sub(r"\s+", " ", narrative).strip(), record["id"]
        assert len(record["narrative"]) >= 100, record["id"]
        assert record["gender"] in {"f", "m", None}, record["id"]


def test_codes_exist_in_the_shared_esco_and_kldb_data():
    kldb = _kldb_codes()
    for record in _records():
        assert record["isco08"] in _esco_isco_groups(), (record["id"], record["isco08"])
        assert record["accept_isco08"][0] == record["isco08"], record["id"]
        for code in record["accept_isco08"]:
            assert code in _isco_groups(), (record["id"], code)
        assert record["kldb2010"] in kldb, (record["id"], record["kldb2010"])
        assert record["kldb2010_label"] == kldb[record["kldb2010"]], record["id"]
        assert record["esco_label"].strip(), record["id"]


def test_split_is_the_documented_hash_rule_and_halves_the_set():
    records = _records()
    order = sorted(records, key=lambda r: hashlib.sha256(
        r["source"]["url"].encode("utf-8")).hexdigest())
    dev = {r["id"] for r in order[: (len(order) + 1) // 2]}
    for record in records:
        assert record["split"] == ("dev" if record["id"] in dev else "heldout"), record["id"]
    assert abs(sum(r["split"] == "dev" for r in records) * 2 - len(records)) <= 1


@pytest.mark.parametrize("field", ["outcome_occupation", "person"])
def test_descriptive_fields_are_filled(field):
    assert all(str(r[field]).strip() for r in _records())
