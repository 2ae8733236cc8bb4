"""``occupations suggest``: JSON shape, stdin, German errors with exit code 2 (no database)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from neue_wege.orientation.management.commands.occupations import Command

STORY = (
    "Ich habe viele Jahre im Lager gearbeitet und den Gabelstapler gefahren. "
    "Die Waren habe ich sortiert und verpackt."
)


def _run(*args: str, stdin: bytes | None = None, monkeypatch=None) -> str:  # noqa: ANN001
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    call_command(Command(), *args, stdout=out)
    return out.getvalue()


def test_json_shape(tmp_path: Path):
    path = tmp_path / "geschichte.txt"
    path.write_text(STORY, encoding="utf-8")
    payload = json.loads(_run("suggest", str(path), "--top", "4", "--json"))
    assert list(payload) == ["occupations"]
    items = payload["occupations"]
    assert len(items) == 4
    for item in items:
        assert set(item) == {"label", "isco08", "esco_uri", "kldb2010", "score", "reasons"}
        assert re.fullmatch(r"\d{4}", item["isco08"])
        assert item["kldb2010"] is None or re.fullmatch(r"\d{5}", item["kldb2010"])
        assert 0 <= item["score"] <= 1
        assert all(isinstance(r, str) for r in item["reasons"])
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert items[0]["isco08"] in {"8344", "9333", "4321"}


def test_stdin_with_bom(monkeypatch):
    data = "\ufeff".encode() + STORY.encode("utf-8")
    payload = json.loads(_run("suggest", "-", "--json", "--top", "2", stdin=data, monkeypatch=monkeypatch))
    assert len(payload["occupations"]) == 2


def test_text_output_is_german(tmp_path: Path):
    path = tmp_path / "g.txt"
    path.write_text(STORY, encoding="utf-8")
    text = _run("suggest", str(path), "--top", "2")
    assert text.startswith(" 1. ")
    assert "Sie erzählen von" in text


def test_accepted_strength_option(tmp_path: Path):
    path = tmp_path / "g.txt"
    path.write_text(STORY, encoding="utf-8")
    payload = json.loads(_run("suggest", str(path), "--json", "--strength", "zuverlaessigkeit"))
    assert payload["occupations"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "leer"),
        (b"\x00\x01\x02binary", "Binärdaten"),
        (b"\xff\xfe\xfa not utf-8", "Binärdaten"),
        (b"I worked in a warehouse and I was always there on time for the team.", "Deutsch"),
    ],
)
def test_bad_input_exit_2_with_german_message(tmp_path: Path, content: bytes, needle: str):
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as info:
        _run("suggest", str(path), "--json")
    assert info.value.returncode == 2
    assert needle in str(info.value)


def test_missing_file_exit_2(tmp_path: Path):
    with pytest.raises(CommandError) as info:
        _run("suggest", str(tmp_path / "fehlt.txt"))
    assert info.value.returncode == 2
    assert "kann nicht gelesen werden" in str(info.value)


def test_unknown_strength_exit_2(tmp_path: Path):
    path = tmp_path / "g.txt"
    path.write_text(STORY, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        _run("suggest", str(path), "--strength", "gibt_es_nicht")
    assert info.value.returncode == 2


def test_qualification_and_limit_options(tmp_path: Path):
    path = tmp_path / "g.txt"
    path.write_text(STORY, encoding="utf-8")
    plain = json.loads(_run("suggest", str(path), "--json", "--top", "10"))["occupations"]
    payload = json.loads(_run("suggest", str(path), "--json", "--top", "10",
                              "--qualification", "none", "--qualification", "school_basic",
                              "--limit", "no_heavy_lifting", "--limit", "no_driving_licence"))
    items = payload["occupations"]
    assert items and set(items[0]) == {"label", "isco08", "esco_uri", "kldb2010", "score",
                                       "reasons"}
    assert {i["esco_uri"] for i in items} != {i["esco_uri"] for i in plain}
    assert all(i["kldb2010"][4] in "123" for i in items)  # no expert posts without a degree
    reasons = [r for i in items for r in i["reasons"]]
    assert any(r.startswith("Dieser Beruf braucht einen Berufsabschluss") for r in reasons)
    # the warehouse labourers (lifting is their work) are gone; a packer stays
    assert not any(i["isco08"] == "9333" for i in items)


@pytest.mark.parametrize(("option", "value", "listed"), [
    ("--qualification", "meister", "school_none (ohne Schulabschluss)"),
    ("--limit", "ruecken", "no_heavy_lifting (darf nicht schwer heben)"),
])
def test_unknown_qualification_or_limit_exit_2_with_valid_values(tmp_path: Path, option: str,
                                                                 value: str, listed: str):
    path = tmp_path / "g.txt"
    path.write_text(STORY, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        _run("suggest", str(path), option, value)
    assert info.value.returncode == 2
    assert value in str(info.value)
    assert listed in str(info.value)


INSTALLED = apps.is_installed("neue_wege.orientation")
_LOCAL_CLI = Path(sys.executable).with_name("neuewege")
CLI = str(_LOCAL_CLI) if _LOCAL_CLI.exists() else (shutil.which("neuewege") or "")


@pytest.mark.skipif(not INSTALLED, reason="neue_wege.orientation is not in INSTALLED_APPS yet")
@pytest.mark.skipif(not CLI, reason="console script neuewege missing")
def test_console_script_end_to_end():
    ok = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [CLI, "occupations", "suggest", "-", "--json", "--top", "3"],
        input=STORY.encode(), capture_output=True, timeout=120,
    )
    assert ok.returncode == 0, ok.stderr.decode()
    assert len(json.loads(ok.stdout)["occupations"]) == 3
    bad = subprocess.run(  # noqa: S603
        [CLI, "occupations", "suggest", "-", "--json"],
        input=b"This is an English text and not German at all, is it?", capture_output=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "Deutsch" in bad.stderr.decode()
