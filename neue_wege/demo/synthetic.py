"""Synthetic clients for the demo and the scale data: plausible, diverse, reproducible."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

from faker import Faker

from neue_wege.demo.content import EXTRA_FIRST_NAMES, EXTRA_LAST_NAMES
from neue_wege.organisation.models import Municipality

MUNICIPALITIES_CSV = (Path(__file__).resolve().parents[1] / "organisation" / "data"
                      / "municipalities.csv")
OUTSIDE_SHARE = 0.04  # share of clients from neighbouring municipalities


def municipality_rows() -> list[dict[str, str]]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def municipalities_ensure() -> list[tuple[Municipality, float]]:
    """The county's municipalities and its neighbours (by AGS), with sampling weights."""
    rows = municipality_rows()
    existing = {m.ags: m for m in Municipality.objects.filter(ags__in=[r["ags"] for r in rows])}
    for row in rows:
        if row["ags"] not in existing:
            existing[row["ags"]] = Municipality.objects.create(
                ags=row["ags"], name=row["name"], in_county=row["in_county"] == "1")
    inside = sum(int(r["population_approx"]) for r in rows if r["in_county"] == "1")
    outside = sum(int(r["population_approx"]) for r in rows if r["in_county"] != "1")
    weighted = []
    for row in rows:
        population = int(row["population_approx"])
        if row["in_county"] == "1":
            weight = (1 - OUTSIDE_SHARE) * population / inside
        else:
            weight = OUTSIDE_SHARE * population / outside
        weighted.append((existing[row["ags"]], weight))
    return weighted


class ClientFactory:
    """Field values for `Client` rows; the same seed gives the same people."""

    def __init__(self, seed: int, municipalities: list[tuple[Municipality, float]],
                 today: dt.date) -> None:
        self.random = random.Random(seed)
        self.fakers = {locale: Faker(locale) for locale in ("de_DE", "tr_TR", "pl_PL")}
        for index, faker in enumerate(self.fakers.values()):
            faker.seed_instance(seed + index)
        self.municipalities = [m for m, _ in municipalities]
        self.weights = [w for _, w in municipalities]
        self.today = today

    def _name(self, gender: str) -> tuple[str, str]:
        roll = self.random.random()
        sex = gender if gender in ("f", "m") else self.random.choice("fm")
        if roll < 0.10:
            return (self.random.choice(EXTRA_FIRST_NAMES[sex]),
                    self.random.choice(EXTRA_LAST_NAMES))
        faker = (self.fakers["tr_TR"] if roll < 0.20 else
                 self.fakers["pl_PL"] if roll < 0.26 else self.fakers["de_DE"])
        first = faker.first_name_female() if sex == "f" else faker.first_name_male()
        return first, faker.last_name()

    def fields(self, number: int) -> dict[str, Any]:
        r = self.random
        gender = r.choices("fmd", weights=(49, 50, 1))[0]
        first, last = self._name(gender)
        age = r.randint(18, 63)
        born = self.today - dt.timedelta(days=age * 365 + r.randint(0, 364))
        single_parent = gender != "m" and 22 <= age <= 50 and r.random() < 0.45
        if gender == "m" and 25 <= age <= 50 and r.random() < 0.05:
            single_parent = True
        children = r.randint(1, 3) if single_parent else r.choice((0, 0, 0, 1, 2))
        german = r.choices(("C2", "C1", "B2", "B1", "A2"), weights=(62, 10, 12, 11, 5))[0]
        foreign = first in EXTRA_FIRST_NAMES["f"] + EXTRA_FIRST_NAMES["m"]
        if foreign and german == "C2":
            german = r.choice(("B1", "B2", "A2"))
        return {
            "case_number": f"BOR-{number:07d}",
            "first_name": first,
            "last_name": last,
            "date_of_birth": born,
            "gender": gender,
            "municipality": r.choices(self.municipalities, weights=self.weights)[0],
            "phone": f"0{r.choice(('2561', '2871', '2861', '2562', '2564'))} {r.randint(10000, 999999)}",
            "email": "",
            "benefit_since": self.today - dt.timedelta(days=r.randint(120, 3650)),
            "single_parent": single_parent,
            "children": children,
            "german_level": german,
            "health_limits": r.random() < 0.2,
            "qualification": ("foreign" if foreign and r.random() < 0.5 else
                              r.choices(("none", "vocational", "academic"),
                                        weights=(45, 47, 8))[0]),
        }
