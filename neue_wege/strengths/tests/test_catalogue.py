"""The shipped strength catalogue (version 1)."""

from __future__ import annotations

import csv
import re

import pytest

from neue_wege.core.paths import SHARED_DATA
from neue_wege.strengths.suggest import load_catalogue
from neue_wege.strengths.suggest.catalogue import DEFAULT_CATALOGUE, GROUPS

ESCO_DIR = SHARED_DATA / "esco" / "de"
ESCO_URI = re.compile(r"^http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}$")
SLUG = re.compile(r"^[a-z][a-z_]+$")


def test_catalogue_ships_inside_the_package():
    assert DEFAULT_CATALOGUE.exists()
    assert (DEFAULT_CATALOGUE.parent / "README.md").exists()


def test_catalogue_size_groups_and_ids():
    catalogue = load_catalogue()
    assert catalogue.version == 1
    assert 40 <= len(catalogue.strengths) <= 80
    assert len(set(catalogue.ids)) == len(catalogue.ids)
    assert {s.group for s in catalogue.strengths} == set(GROUPS)
    for strength in catalogue.strengths:
        assert SLUG.match(strength.id), strength.id
        assert strength.label and strength.description.endswith(".")
        assert strength.indicators


def test_federal_agency_profile_strengths_are_flagged():
    flagged = {s.ba_profile for s in load_catalogue().strengths if s.ba_profile}
    for name in (
        "Zuverlässigkeit",
        "Sorgfalt",
        "Belastbarkeit",
        "Teamfähigkeit",
        "Kommunikationsfähigkeit",
        "Lernbereitschaft",
        "Selbstständigkeit",
        "Motivation/Leistungsbereitschaft",
        "Flexibilität",
        "Kundenorientierung",
        "Konfliktfähigkeit",
        "Durchhaltevermögen",
    ):
        assert name in flagged


def test_esco_links_are_well_formed():
    linked = [e for s in load_catalogue().strengths for e in s.esco]
    assert len(linked) >= 40
    for link in linked:
        assert ESCO_URI.match(link.uri), link.uri


@pytest.mark.skipif(not ESCO_DIR.exists(), reason="shared ESCO files not present")
def test_esco_links_exist_in_the_esco_files():
    known = set()
    for name in ("esco_transversal_hierarchy_de_en.csv", "esco_skills_de_partial.csv"):
        with open(ESCO_DIR / name, encoding="utf-8") as handle:
            known |= {row["esco_uri"] for row in csv.DictReader(handle)}
    for strength in load_catalogue().strengths:
        for link in strength.esco:
            assert link.uri in known, (strength.id, link.uri)
