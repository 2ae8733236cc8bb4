"""Reading a German text for a command line tool: a file or standard input, UTF-8 only."""

from __future__ import annotations

import sys

from django.core.management.base import CommandError

from neue_wege.core.text import MESSAGES


def read_text_argument(path: str) -> str:
    """The text of FILE (or stdin for `-`); unreadable or binary input exits with code 2."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as error:
        raise CommandError(
            f"Die Datei {path!r} kann nicht gelesen werden: {error.strerror}.", returncode=2
        ) from error
    if b"\x00" in data:
        raise CommandError(MESSAGES["binary"], returncode=2)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(MESSAGES["binary"], returncode=2) from error
