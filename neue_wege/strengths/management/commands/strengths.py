"""``neuewege strengths suggest FILE [--json]``: strength suggestions for one story."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from neue_wege.strengths.management.text_input import read_text_argument
from neue_wege.strengths.suggest import LanguageError, default_suggester


class Command(BaseCommand):
    help = "Stärken-Assistent: schlägt Stärken mit Belegstellen für eine Geschichte vor."
    requires_system_checks: list = []  # pure text work: no database, no checks needed

    def add_arguments(self, parser):  # noqa: ANN001
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        suggest = subcommands.add_parser(
            "suggest", help="Stärken für eine deutsche Geschichte vorschlagen."
        )
        suggest.add_argument("file", help="Textdatei (UTF-8) oder - für die Standardeingabe.")
        suggest.add_argument("--json", action="store_true", help="Ausgabe als JSON.")
        suggest.add_argument(
            "--top", type=int, default=10, help="Höchstens so viele Vorschläge (Standard 10)."
        )

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        if options["subcommand"] == "suggest":
            self._suggest(options)

    def _suggest(self, options: dict) -> None:
        text = read_text_argument(options["file"])
        try:
            suggestions = default_suggester().suggest(text, limit=max(options["top"], 1))
        except LanguageError as error:
            raise CommandError(error.message, returncode=2) from error
        if options["json"]:
            payload = {"strengths": [s.as_dict() for s in suggestions]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not suggestions:
            self.stdout.write("Keine Stärken gefunden. Der Assistent macht nur Vorschläge.")
            return
        for rank, s in enumerate(suggestions, 1):
            quotes = "; ".join(f"„{e.text}“ ({e.start}–{e.end})" for e in s.evidence)
            self.stdout.write(f"{rank:>2}. {s.label} ({s.score:.2f}) – {quotes}")
