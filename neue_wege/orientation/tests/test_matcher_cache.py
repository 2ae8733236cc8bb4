"""The built occupation matcher is kept as a file named by everything it is built from: read
back when nothing changed, rebuilt when the data changed, never read from a file someone
else could have written, and switched off with an empty NW_MATCHER_CACHE_DIR."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from neue_wege.orientation import matcher


class FakeMatcher:
    """Picklable stand-in: records that it was built, skips the real (slow) build."""

    built: list[Any] = []

    def __init__(self, data: Any, strengths: Any = None) -> None:  # noqa: ARG002
        self.data = data
        FakeMatcher.built.append(data)


@pytest.fixture
def builds(monkeypatch, tmp_path):  # noqa: ANN001, ANN201
    monkeypatch.setattr(FakeMatcher, "built", [])
    monkeypatch.setattr(matcher, "OccupationMatcher", FakeMatcher)
    monkeypatch.setattr(matcher, "load_data", lambda path=None: f"data:{path}")
    monkeypatch.setattr(matcher, "default_suggester", lambda: None)
    monkeypatch.setenv(matcher.CACHE_ENV, str(tmp_path / "cache"))
    return FakeMatcher.built


def _data(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "occupations.json.gz"
    path.write_bytes(content)
    return path


def test_read_back_when_nothing_changed(builds, tmp_path):  # noqa: ANN001
    data = _data(tmp_path, b"one")
    first = matcher.build_matcher(data)
    second = matcher.build_matcher(data)
    assert len(builds) == 1 and isinstance(second, FakeMatcher) and second is not first
    assert second.data == first.data
    [cached] = (tmp_path / "cache").glob("occupation-matcher-*.pickle")
    assert cached.stat().st_mode & 0o077 == 0


def test_new_data_is_rebuilt_and_the_old_file_removed(builds, tmp_path):  # noqa: ANN001
    data = _data(tmp_path, b"one")
    matcher.build_matcher(data)
    data.write_bytes(b"two")
    matcher.build_matcher(data)
    assert len(builds) == 2
    assert len(list((tmp_path / "cache").glob("occupation-matcher-*.pickle"))) == 1


def test_a_file_others_may_write_is_not_read(builds, tmp_path):  # noqa: ANN001
    data = _data(tmp_path, b"one")
    matcher.build_matcher(data)
    [cached] = (tmp_path / "cache").glob("occupation-matcher-*.pickle")
    os.chmod(cached, 0o666)  # noqa: S103 - the case under test
    matcher.build_matcher(data)
    assert len(builds) == 2


def test_a_broken_file_is_rebuilt(builds, tmp_path):  # noqa: ANN001
    data = _data(tmp_path, b"one")
    matcher.build_matcher(data)
    [cached] = (tmp_path / "cache").glob("occupation-matcher-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert isinstance(matcher.build_matcher(data), FakeMatcher)
    assert len(builds) == 2


def test_switched_off(builds, tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv(matcher.CACHE_ENV, "")
    data = _data(tmp_path, b"one")
    matcher.build_matcher(data)
    matcher.build_matcher(data)
    assert len(builds) == 2 and not (tmp_path / "cache").exists()


def test_the_key_follows_the_code_and_the_data(tmp_path):  # noqa: ANN001
    data = _data(tmp_path, b"one")
    key = matcher.cache_key(data)
    assert key == matcher.cache_key(data)
    data.write_bytes(b"two")
    assert matcher.cache_key(data) != key
    assert matcher.cache_key() != key  # the shipped data
