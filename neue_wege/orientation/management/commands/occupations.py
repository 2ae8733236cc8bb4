"""``neuewege occupations suggest FILE [--top N] [--json]``: occupations for one story;
``neuewege occupations import [--file PATH]``: load the classification into the database.

``suggest`` works on the shipped JSON file alone (no database, no import needed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from neue_wege.orientation.match import LanguageError
from neue_wege.orientation.match.candidates import (
    LIMITS,
    QUALIFICATIONS,
    parse_limits,
    parse_qualification,
)
from neue_wege.orientation.matcher import default_matcher
from neue_wege.strengths.management.text_input import read_text_argument


class Command(BaseCommand):
    help = "Berufsorientierung: schlägt Berufe (ESCO, ISCO-08, KldB 2010) für eine Geschichte vor."
    requires_system_checks: list = []  # pure text work: no database, no checks needed

    def add_arguments(self, parser):  # noqa: ANN001
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        suggest = subcommands.add_parser(
            "suggest", help="Berufe für eine deutsche Geschichte vorschlagen."
        )
        suggest.add_argument("file", help="Textdatei (UTF-8) oder - für die Standardeingabe.")
        suggest.add_argument("--json", action="store_true", help="Ausgabe als JSON.")
        suggest.add_argument(
            "--top", type=int, default=10, help="Höchstens so viele Vorschläge (Standard 10)."
        )
        suggest.add_argument(
            "--strength",
            action="append",
            default=None,
            metavar="ID",
            help="Angenommene Stärke (Katalog-ID), mehrfach möglich; ersetzt die Vorschläge.",
        )
        suggest.add_argument(
            "--qualification",
            action="append",
            default=None,
            metavar="ID",
            help="Schul- oder Berufsabschluss der Person, mehrfach möglich (je der höchste "
            "zählt); die Anforderung des Berufs muss passen oder über eine Ausbildung, "
            "Umschulung oder Teilqualifizierung erreichbar sein. Möglich: "
            + ", ".join(f"{k} ({v})" for k, v in QUALIFICATIONS.items()) + ".",
        )
        suggest.add_argument(
            "--limit",
            action="append",
            default=None,
            metavar="ID",
            help="Einschränkung der Person, mehrfach möglich; Berufe, die nicht dazu passen, "
            "rücken nach unten oder fallen weg. Möglich: "
            + ", ".join(f"{k} ({v})" for k, v in LIMITS.items()) + ".",
        )
        load = subcommands.add_parser(
            "import", help="Klassifikation (ESCO, ISCO-08, KldB 2010, O*NET) in die Datenbank "
            "laden; wiederholbar."
        )
        load.add_argument("--file", default=None, metavar="PATH",
                          help="Datei occupations_vN.json.gz (Standard: die mitgelieferte).")
        load.add_argument("--no-progress", action="store_true",
                          help="Keinen Fortschrittsbalken zeigen.")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        if options["subcommand"] == "suggest":
            self._suggest(options)
        elif options["subcommand"] == "import":
            self._import(options)

    def _import(self, options: dict) -> None:
        from django.db import connection

        from neue_wege.orientation.services.occupations_import import import_occupations

        path = Path(options["file"]) if options["file"] else None
        if path is not None and not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}", returncode=2)
        connection.ensure_connection()

        def progress(items, total):  # noqa: ANN001, ANN202
            if options["no_progress"]:
                return items
            return tqdm(items, total=total, desc="Berufe", unit=" Berufe",
                        file=sys.stderr, leave=False)

        try:
            result = import_occupations(path, progress=progress)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Die Datei ließ sich nicht lesen: {error}", returncode=2) from error
        self.stdout.write(result.summary_de())

    def _suggest(self, options: dict) -> None:
        text = read_text_argument(options["file"])
        if options["top"] < 1:
            raise CommandError("--top muss mindestens 1 sein.", returncode=2)
        try:  # before loading the data: a typo answers at once
            parse_qualification(options["qualification"])
            parse_limits(options["limit"])
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from error
        try:
            suggestions = default_matcher().suggest(
                text, top=options["top"], strengths=options["strength"],
                qualification=options["qualification"], limits=options["limit"],
            )
        except LanguageError as error:
            raise CommandError(error.message, returncode=2) from error
        except KeyError as error:
            raise CommandError(f"Unbekannte Stärke: {error.args[0]}.", returncode=2) from error
        if options["json"]:
            payload = {"occupations": [s.as_dict() for s in suggestions]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not suggestions:
            self.stdout.write("Keine Berufe gefunden. Der Assistent macht nur Vorschläge.")
            return
        for rank, s in enumerate(suggestions, 1):
            kldb = f", KldB {s.kldb2010}" if s.kldb2010 else ""
            self.stdout.write(f"{rank:>2}. {s.label} (ISCO {s.isco08}{kldb}) – {s.score:.2f}")
            for reason in s.reasons:
                self.stdout.write(f"      {reason}")
