"""``neuewege strengths suggest FILE --json``: output shape, standard input, exit code 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

STORY = (
    "Ich habe nie aufgegeben. Bei der Arbeit im Lager war ich immer pünktlich und "
    "zuverlässig, und meine Kollegen sagen, ich sei hilfsbereit."
)
NEUEWEGE = Path(sys.executable).with_name("neuewege")


def run_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("strengths", "suggest", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_json_shape_and_offsets(tmp_path):
    story = tmp_path / "geschichte.txt"
    story.write_text(STORY, encoding="utf-8")
    payload = run_json(str(story))
    assert list(payload) == ["strengths"]
    items = payload["strengths"]
    assert {"durchhaltevermoegen", "puenktlichkeit", "zuverlaessigkeit"} <= {
        i["id"] for i in items
    }
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)
    for item in items:
        assert set(item) == {"id", "label", "score", "evidence"}
        assert 0 <= item["score"] <= 1
        for ev in item["evidence"]:
            assert set(ev) == {"start", "end", "text"}
            assert STORY[ev["start"] : ev["end"]] == ev["text"]
    labels = {i["id"]: i["label"] for i in items}
    assert labels["zuverlaessigkeit"] == "Zuverlässigkeit"


def test_top_limits_the_list(tmp_path):
    story = tmp_path / "geschichte.txt"
    story.write_text(STORY, encoding="utf-8")
    assert len(run_json(str(story), "--top", "1")["strengths"]) == 1


def test_text_output_is_german(tmp_path):
    story = tmp_path / "geschichte.txt"
    story.write_text(STORY, encoding="utf-8")
    out = io.StringIO()
    call_command("strengths", "suggest", str(story), stdout=out)
    assert "Zuverlässigkeit" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "leer"),
        (b"\x00\x01\x02\xff\xfe binary", "Binärdaten"),
        (b"\xff\xfe\xfa not utf-8 at all", "Binärdaten"),
        (b"This is an English story about a reliable worker.", "nicht auf Deutsch"),
    ],
)
def test_unusable_input_raises_with_returncode_2(tmp_path, content, expected):
    path = tmp_path / "eingabe.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as info:
        call_command("strengths", "suggest", str(path), "--json", stdout=io.StringIO())
    assert info.value.returncode == 2
    assert expected in str(info.value)


def test_missing_file_is_exit_code_2(tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("strengths", "suggest", str(tmp_path / "fehlt.txt"), stdout=io.StringIO())
    assert info.value.returncode == 2


@pytest.mark.skipif(not NEUEWEGE.exists(), reason="console script not installed")
def test_console_script_reads_standard_input():
    done = subprocess.run(  # noqa: S603
        [str(NEUEWEGE), "strengths", "suggest", "-", "--json"],
        input=STORY.encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    payload = json.loads(done.stdout)
    assert payload["strengths"][0]["id"] in {
        "durchhaltevermoegen",
        "puenktlichkeit",
        "zuverlaessigkeit",
        "hilfsbereitschaft",
    }


@pytest.mark.skipif(not NEUEWEGE.exists(), reason="console script not installed")
def test_console_script_exit_code_2_with_german_message_on_stderr():
    done = subprocess.run(  # noqa: S603
        [str(NEUEWEGE), "strengths", "suggest", "-", "--json"],
        input=b"The quick brown fox jumps over the lazy dog and the cat.",
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "nicht auf Deutsch" in done.stderr.decode()
    assert done.stdout == b""
