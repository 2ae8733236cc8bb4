"""The production server loads the occupation matcher at start; tests and commands do not, and
a failure only logs a warning."""

from __future__ import annotations

import logging
import os
import sys

import pytest

from neue_wege import wsgi
from neue_wege.orientation import matcher


@pytest.mark.parametrize(("argv", "modules", "environ", "expected"), [
    (["/srv/.venv/bin/gunicorn", "neue_wege.wsgi"], {"django"}, {}, True),
    (["/usr/bin/uwsgi"], set(), {"NW_WARM_MATCHER": "true"}, True),
    (["/srv/.venv/bin/gunicorn"], set(), {"NW_WARM_MATCHER": "false"}, False),
    (["/srv/.venv/bin/gunicorn"], {"pytest"}, {}, False),
    ([".venv/bin/neuewege", "runserver"], set(), {}, False),
    (["manage.py", "migrate"], set(), {}, False),
    (["/work/main/neue_wege/cli.py", "shell"], set(), {}, False),
])
def test_should_warm(argv, modules, environ, expected):
    assert wsgi.should_warm(argv, modules, environ) is expected


def test_importing_under_pytest_does_not_warm():
    assert not wsgi.should_warm(sys.argv, sys.modules, os.environ)


def test_warm_loads_the_matcher(monkeypatch):
    loaded = []
    monkeypatch.setattr(matcher, "_DEFAULT", None)
    monkeypatch.setattr(matcher, "build_matcher", lambda: loaded.append(1) or "matcher")
    assert wsgi.warm_occupation_matcher() is True
    assert loaded == [1] and matcher._DEFAULT == "matcher"


def test_a_failing_load_only_warns(monkeypatch, caplog):
    def broken():
        raise OSError("occupations_v1.json.gz fehlt")

    monkeypatch.setattr(matcher, "_DEFAULT", None)
    monkeypatch.setattr(matcher, "build_matcher", broken)
    with caplog.at_level(logging.WARNING, logger="neue_wege.wsgi"):
        assert wsgi.warm_occupation_matcher() is False
    assert "nicht geladen" in caplog.text and matcher._DEFAULT is None
