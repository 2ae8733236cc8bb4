"""`neuewege evaluation keyfigures` and `km`: suppressed tables and curves from a CSV."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.fixture
def enrollments_csv(tmp_path: Path) -> Path:
    rows = []
    for programme, size in (("A", 3), ("B", 20), ("C", 9)):
        for i in range(size):
            rows.append({
                "programme": programme, "completed": i % 4 != 0, "attendance": 0.8,
                "run_start": "2025-01-06", "run_end": "2025-03-28",
                "work_start": "2025-05-01" if i % 2 else "", "benefit_exit_on": "",
                "in_work_12m": bool(i % 2), "sa_start": 2.0, "sa_end": 2.5 + 0.1 * (i % 3),
            })
    path = tmp_path / "teilnahmen.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("evaluation", *args, stdout=out)
    return out.getvalue()


def test_keyfigures_json_is_suppressed(enrollments_csv: Path) -> None:
    rows = {r["label"]: r for r in json.loads(run("keyfigures", str(enrollments_csv), "--json"))}
    assert rows["A"]["participants"] == {"value": None, "suppressed": "primary"}
    assert rows["C"]["participants"]["suppressed"] == "secondary"
    assert rows["B"]["participants"]["value"] == 20
    assert rows["Gesamt"]["participants"]["value"] == 32


def test_keyfigures_text(enrollments_csv: Path) -> None:
    text = run("keyfigures", str(enrollments_csv))
    assert "< 5" in text and "•" in text


def test_km_by_programme(enrollments_csv: Path) -> None:
    curves = json.loads(run("km", str(enrollments_csv), "--by", "programme",
                            "--data-date", "2025-12-31", "--json"))
    assert [c["label"] for c in curves] == ["B", "C"]  # A has fewer than 5 people
    assert curves[0]["events"] == 10


@pytest.mark.parametrize("args", [
    ("km", "fehlt.csv", "--data-date", "2025-12-31"),
    ("km", "{csv}", "--data-date", "31.12.2025x"),
    ("keyfigures", "{csv}", "--by", "location"),
])
def test_user_errors_exit_with_code_2(enrollments_csv: Path, args: tuple[str, ...]) -> None:
    args = tuple(a.replace("{csv}", str(enrollments_csv)) for a in args)
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
