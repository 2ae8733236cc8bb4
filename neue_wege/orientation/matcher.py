"""The occupation matcher of Neue Wege: the pure matching core wired with the strength assistant.

The two pure cores (``neue_wege.orientation.match`` and ``neue_wege.strengths.suggest``) do not
import each other (import-linter contract); they meet here. Django-free like both of them, so
commands, benchmarks and the WSGI warm-up use it as well as the services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from neue_wege.orientation.match import OccupationMatcher, OccupationSuggestion, load_data
from neue_wege.strengths.suggest import default_suggester

_DEFAULT: OccupationMatcher | None = None


def build_matcher(data_path: str | Path | None = None) -> OccupationMatcher:
    """A matcher for the given (or the shipped) data that reads strengths from the text."""
    return OccupationMatcher(load_data(data_path), strengths=default_suggester())


def default_matcher() -> OccupationMatcher:
    """The matcher for the shipped data, built once per process."""
    global _DEFAULT  # noqa: PLW0603
    if _DEFAULT is None:
        _DEFAULT = build_matcher()
    return _DEFAULT


def suggest_occupations(
    text: str,
    top: int = 10,
    strengths: Iterable[str] | None = None,
    interests: Mapping[str, float] | None = None,
    data: str | Path | None = None,
    qualification: str | Iterable[str] | None = None,
    limits: Iterable[str] | None = None,
) -> list[OccupationSuggestion]:
    """Suggest occupations for a German story, best first (raises ``LanguageError``;
    ``ValueError`` for an unknown qualification or limit id)."""
    matcher = build_matcher(data) if data else default_matcher()
    return matcher.suggest(text, top=top, strengths=strengths, interests=interests,
                           qualification=qualification, limits=limits)
