"""`neuewege backup FILE`: pg_dump (custom format) plus a manifest; never the keys beside it.

See neue_wege/privacy/backup.py and docs/operations.md, "Backups".
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from neue_wege.privacy.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Sichert die PostgreSQL-Datenbank (pg_dump, Custom-Format) mit einer Beschreibung "
            "daneben; die Schlüssel werden nie mitgesichert.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path, help="Datei der Sicherung, z. B. "
                            "/var/backups/neue-wege/2026-12-05.dump")

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        try:
            manifest = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"Gesichert: {output} ({len(manifest['row_counts'])} Tabellen, "
                          f"{rows} Zeilen). Schlüssel-Fingerabdrücke: "
                          f"{', '.join(manifest['key_fingerprints'])}")
