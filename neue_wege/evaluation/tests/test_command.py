"""`neuewege evaluation match`: JSON, German summary, and every user error → exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TRUE_EFFECT = 2.0


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    rng = np.random.default_rng(8)
    n = 1500
    age = rng.normal(40, 10, n)
    woman = rng.integers(0, 2, n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-(-3 + 0.05 * age + 0.4 * woman)))).astype(int)
    outcome = 0.2 * age - woman + TRUE_EFFECT * treated + rng.normal(0, 1, n)
    path = tmp_path / "daten.csv"
    pd.DataFrame({"teilnahme": treated, "ergebnis": outcome, "alter": age, "frau": woman}).to_csv(
        path, index=False
    )
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("evaluation", "match", *args, stdout=out)
    return out.getvalue()


def fail(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return caught.value


OPTIONS = ("--treatment", "teilnahme", "--outcome", "ergebnis", "--covariates", "alter,frau")


def test_json_output(csv_file: Path) -> None:
    figures = json.loads(run(str(csv_file), *OPTIONS, "--json"))
    assert abs(figures["att"] - TRUE_EFFECT) < 0.3
    low, high = figures["ci95"]
    assert low < TRUE_EFFECT < high
    data = pd.read_csv(csv_file)
    assert figures["n_treated"] <= int(data.teilnahme.sum())
    assert 0 < figures["n_matched_controls"] <= int((data.teilnahme == 0).sum())
    assert set(figures["smd_before"]) == set(figures["smd_after"]) == {"alter", "frau"}


def test_german_summary(csv_file: Path) -> None:
    text = run(str(csv_file), *OPTIONS, "--neighbours", "2")
    assert "Gematchter Vergleich" in text
    assert "Geschätzte Wirkung (ATT, bias-korrigiert)" in text
    assert "95-%-Konfidenzintervall" in text
    assert "2 nächste Nachbarn" in text
    assert "Lesart:" in text and "Grenzen:" in text
    assert "schließt 0 nicht ein" in text  # the effect of 2 is clear at this sample size


def test_semicolon_separator(tmp_path: Path, csv_file: Path) -> None:
    other = tmp_path / "semikolon.csv"
    pd.read_csv(csv_file).to_csv(other, sep=";", index=False)
    figures = json.loads(run(str(other), *OPTIONS, "--sep", ";", "--json"))
    assert abs(figures["att"] - TRUE_EFFECT) < 0.3


def test_missing_file(tmp_path: Path) -> None:
    error = fail(str(tmp_path / "gibtsnicht.csv"), *OPTIONS)
    assert "gibt es nicht" in str(error)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert "keine Datei" in str(fail(str(tmp_path), *OPTIONS))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leer.csv"
    path.write_text("")
    assert "leer" in str(fail(str(path), *OPTIONS))


def test_not_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.csv"
    path.write_bytes(b"\xff\xfe\x00\x01kaputt\x00\xff")
    message = str(fail(str(path), *OPTIONS))
    assert "Datei" in message


def test_missing_columns(csv_file: Path) -> None:
    message = str(fail(str(csv_file), "--treatment", "teilnahme", "--outcome", "lohn",
                       "--covariates", "alter,groesse"))
    assert "fehlen" in message and "lohn" in message and "groesse" in message


def test_non_numeric_values(tmp_path: Path, csv_file: Path) -> None:
    data = pd.read_csv(csv_file).astype({"alter": object})
    data.loc[5, "alter"] = "zweiundvierzig"
    path = tmp_path / "text.csv"
    data.to_csv(path, index=False)
    message = str(fail(str(path), *OPTIONS))
    assert "keine Zahlen" in message and "zweiundvierzig" in message


def test_treatment_not_zero_one(tmp_path: Path, csv_file: Path) -> None:
    data = pd.read_csv(csv_file)
    data.loc[0, "teilnahme"] = 2
    path = tmp_path / "zwei.csv"
    data.to_csv(path, index=False)
    assert "nur 0" in str(fail(str(path), *OPTIONS))


@pytest.mark.parametrize(("value", "needle"), [(1, "keine Vergleichspersonen"),
                                                (0, "keine Teilnehmenden")])
def test_only_one_group(tmp_path: Path, csv_file: Path, value: int, needle: str) -> None:
    data = pd.read_csv(csv_file).assign(teilnahme=value)
    path = tmp_path / "eine_gruppe.csv"
    data.to_csv(path, index=False)
    assert needle in str(fail(str(path), *OPTIONS))


def test_real_exit_code_and_stderr(tmp_path: Path) -> None:
    """The console script itself: exit code 2, German message on stderr, nothing on stdout."""
    script = Path(sys.executable).with_name("neuewege")
    done = subprocess.run(  # noqa: S603
        [str(script), "evaluation", "match", str(tmp_path / "fehlt.csv"), *OPTIONS, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "gibt es nicht" in done.stderr
    assert done.stdout == ""
