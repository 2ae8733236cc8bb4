"""`neuewege outcomes <subcommand>`: instruments and follow-up imports.

Subcommands:
- ``load_instrument FILE.json``: load a self-assessment instrument (format: docs/outcomes.md);
- ``import_follow_ups FILE.csv``: follow-ups from the main case system, all or nothing.

User errors end with German messages on stderr and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from neue_wege.organisation.models import JobCentre
from neue_wege.outcomes.follow_up_import import (
    COLUMNS,
    ImportFailed,
    UnreadableFile,
    read_rows,
    unknown_columns,
    validate,
    write,
)
from neue_wege.outcomes.services import InstrumentFileError, instrument_load

USER_ERROR = 2
MAX_ERRORS_SHOWN = 50


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USER_ERROR)


def _read_text(path: str) -> str:
    file = Path(path)
    if not file.is_file():
        raise _fail(f"Die Datei „{path}“ gibt es nicht.")
    try:
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail(f"Die Datei „{path}“ ist nicht UTF-8-kodiert.") from error
    except OSError as error:
        raise _fail(f"Die Datei „{path}“ lässt sich nicht lesen: {error.strerror}.") from error


class Command(BaseCommand):
    help = "Verbleib und Wirkung: Fragebögen laden, Nachbefragungen importieren."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="Unterbefehle",
                                    metavar="UNTERBEFEHL")
        load = sub.add_parser("load_instrument", help="Fragebogen aus einer JSON-Datei laden")
        load.add_argument("file", metavar="DATEI.json")
        imp = sub.add_parser("import_follow_ups",
                             help="Nachbefragungen aus dem Fachverfahren importieren (CSV)")
        imp.add_argument("file", metavar="DATEI.csv")
        imp.add_argument("--job-centre", default="",
                         help="Name des Jobcenters (nötig, wenn es mehrere gibt)")
        imp.add_argument("--no-progress", action="store_true",
                         help="keinen Fortschrittsbalken zeigen")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "load_instrument":
            self.load_instrument(options["file"])
        else:
            self.import_follow_ups(options["file"], options["job_centre"],
                                   options["no_progress"])

    def load_instrument(self, path: str) -> None:
        try:
            data = json.loads(_read_text(path))
        except json.JSONDecodeError as error:
            raise _fail(f"„{path}“ ist kein gültiges JSON (Zeile {error.lineno}).") from error
        try:
            instrument, created = instrument_load(data)
        except InstrumentFileError as error:
            raise _fail(f"„{path}“: {error}") from error
        verb = "geladen" if created else "war schon geladen (unverändert)"
        self.stdout.write(self.style.SUCCESS(
            f"Fragebogen „{instrument.name}“ ({instrument.key}, Version {instrument.version}, "
            f"{instrument.items.count()} Aussagen) {verb}."))

    def _job_centre(self, name: str) -> JobCentre:
        centres = JobCentre.objects.filter(name=name) if name else JobCentre.objects.all()
        found = list(centres[:2])
        if len(found) == 1:
            return found[0]
        if name:
            raise _fail(f"Ein Jobcenter „{name}“ gibt es nicht.")
        raise _fail("Es gibt mehrere Jobcenter. Bitte nennen Sie eines mit --job-centre.")

    def import_follow_ups(self, path: str, centre_name: str, no_progress: bool) -> None:
        job_centre = self._job_centre(centre_name)
        try:
            header, rows = read_rows(_read_text(path))
        except UnreadableFile as error:
            raise _fail(f"„{path}“: Nichts importiert. {error}") from error
        unknown = unknown_columns(header)
        if unknown:
            self.stderr.write(self.style.WARNING(
                f"Warnung: „{path}“ hat unbekannte Spalten, die nicht importiert werden: "
                f"{', '.join(unknown)} (bekannt: {', '.join(COLUMNS)})."))
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise _fail(f"„{path}“: Es fehlen die Spalten {', '.join(missing)} (erwartet: "
                        f"{', '.join(COLUMNS)}).")
        if not rows:
            raise _fail(f"„{path}“ enthält keine Zeilen.")
        out = self.stderr._out  # type: ignore[attr-defined]
        with tqdm(total=len(rows), desc="prüfen", unit=" Zeilen", disable=no_progress,
                  file=out) as bar:
            result = validate(rows, job_centre_id=job_centre.pk, tick=lambda: bar.update(1))
        if result.errors:
            shown = result.errors[:MAX_ERRORS_SHOWN]
            more = len(result.errors) - len(shown)
            raise _fail("\n".join([
                f"Nichts importiert: {len(result.errors)} von {len(rows)} Zeilen sind "
                "fehlerhaft.", *shown, *([f"… und {more} weitere."] if more else [])]))
        try:
            with tqdm(total=len(result.lines), desc="schreiben", unit=" Zeilen",
                      disable=no_progress, file=out) as bar:
                write(result, tick=lambda: bar.update(1))
        except ImportFailed as error:
            raise _fail("Nichts importiert:\n" + "\n".join(error.errors)) from error
        self.stdout.write(self.style.SUCCESS(
            f"{len(rows)} Zeilen: {result.created} neu erfasst, {result.changed} geändert, "
            f"{result.unchanged} unverändert."))
