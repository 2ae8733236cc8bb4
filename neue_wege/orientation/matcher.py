"""The occupation matcher of Neue Wege: the pure matching core wired with the strength assistant.

The two pure cores (``neue_wege.orientation.match`` and ``neue_wege.strengths.suggest``) do not
import each other (import-linter contract); they meet here. Django-free like both of them, so
commands, benchmarks and the WSGI warm-up use it as well as the services.

Building the matcher (lemmatising and indexing 3,039 occupations, compiling the strength
catalogue) takes 2.5 s of CPU, far more on a busy machine; reading the built matcher back
takes a tenth of that. So the built matcher is kept as a file in ``NW_MATCHER_CACHE_DIR``
(default ``var/cache/``; empty switches it off), named by a digest of everything it is built
from: the data file, the source of the matching and strength cores and the text core, the
strength catalogue, and the Python and library versions. Any change gives a new name, so a
stale file is never read; older files are removed. The file is pickle, which runs code when
read: it is only read when the process's own user owns it and nobody else may write it (the
same trust as the code directory). It holds the classification only, no personal data.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from neue_wege.core.text import gazetteer
from neue_wege.orientation.match import OccupationMatcher, OccupationSuggestion, load_data
from neue_wege.orientation.match.data import DEFAULT_DATA
from neue_wege.strengths.suggest import default_suggester

logger = logging.getLogger(__name__)
_DEFAULT: OccupationMatcher | None = None
_LOCK = threading.Lock()
PACKAGE = Path(__file__).resolve().parents[1]  # neue_wege/
CACHE_ENV = "NW_MATCHER_CACHE_DIR"
CACHE_DEFAULT = PACKAGE.parent / "var" / "cache"
CACHE_PREFIX = "occupation-matcher-"
# What a built matcher depends on (besides the data file): code and catalogue.
SOURCES = ("orientation/match", "orientation/matcher.py", "strengths/suggest",
           "strengths/catalogue", "core/text")
LIBRARIES = ("numpy", "scipy", "simplemma", "HanTa")  # add any library the cores start to use


def cache_dir() -> Path | None:
    value = os.environ.get(CACHE_ENV)
    if value is None:
        return CACHE_DEFAULT
    return Path(value) if value.strip() else None


def cache_key(data_path: str | Path | None = None) -> str:
    """A digest of everything the built matcher depends on."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    files: list[Path] = []
    for source in SOURCES:
        path = PACKAGE / source
        files += [path] if path.is_file() else sorted(
            p for p in path.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    for path in files:
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    digest.update(Path(data_path or DEFAULT_DATA).read_bytes())
    return digest.hexdigest()[:40]


def _trusted(path: Path) -> bool:
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _read_cached(path: Path) -> OccupationMatcher | None:
    try:
        if not path.is_file() or not _trusted(path):
            return None
        with path.open("rb") as handle:
            matcher = pickle.load(handle)  # noqa: S301 - own file, checked above
    except Exception:  # noqa: BLE001 - a broken cache file is rebuilt, never fatal
        logger.warning("Gespeicherter Berufs-Matcher unlesbar; er wird neu gebaut.",
                       exc_info=True)
        return None
    return matcher if isinstance(matcher, OccupationMatcher) else None


def _write_cached(directory: Path, path: Path, matcher: OccupationMatcher) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".tmp-", delete=False) as handle:
            pickle.dump(matcher, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(handle.name, 0o600)
        os.replace(handle.name, path)
        for old in directory.glob(f"{CACHE_PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - no cache is slower, not wrong
        logger.warning("Berufs-Matcher konnte nicht gespeichert werden.", exc_info=True)


def build_matcher(data_path: str | Path | None = None, *, cache: bool = True
                  ) -> OccupationMatcher:
    """A matcher for the given (or the shipped) data that reads strengths from the text;
    read from the cache file when one was built from the same inputs."""
    directory = cache_dir() if cache else None
    path = directory / f"{CACHE_PREFIX}{cache_key(data_path)}.pickle" if directory else None
    if path is not None and (cached := _read_cached(path)) is not None:
        return cached
    matcher = OccupationMatcher(load_data(data_path), strengths=default_suggester())
    if path is not None:
        _write_cached(directory, path, matcher)  # type: ignore[arg-type]
    return matcher


def default_matcher() -> OccupationMatcher:
    """The matcher for the shipped data, built once per process (threads wait for the
    first build instead of building it twice)."""
    global _DEFAULT  # noqa: PLW0603
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                _DEFAULT = build_matcher()
                gazetteer()  # the place names (~0.1 s) with the matcher, not at a request
    return _DEFAULT


def suggest_occupations(
    text: str,
    top: int = 10,
    strengths: Iterable[str] | None = None,
    interests: Mapping[str, float] | None = None,
    data: str | Path | None = None,
    qualification: str | Iterable[str] | None = None,
    limits: Iterable[str] | None = None,
    names: Iterable[str] = (),
) -> list[OccupationSuggestion]:
    """Suggest occupations for a German story, best first (raises ``LanguageError``;
    ``ValueError`` for an unknown qualification or limit id). ``names``: the person's own
    names, never evidence."""
    matcher = build_matcher(data) if data else default_matcher()
    return matcher.suggest(text, top=top, strengths=strengths, interests=interests,
                           qualification=qualification, limits=limits, names=names)
