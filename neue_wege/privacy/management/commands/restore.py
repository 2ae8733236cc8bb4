"""`neuewege restore FILE`: load a backup into the configured, empty PostgreSQL database.

Checks the dump's checksum and that NW_FIELD_KEYS holds every key the data needs, restores
with pg_restore in one transaction, and compares the row counts with the manifest.
See neue_wege/privacy/backup.py and docs/operations.md, "Backups".
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from neue_wege.privacy.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Stellt eine Sicherung von `neuewege backup` in die eingestellte, leere "
            "PostgreSQL-Datenbank wieder her und prüft die Zeilenzahlen.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dump", type=Path, help="Datei der Sicherung (daneben die .json)")

    def handle(self, *args: Any, dump: Path, **options: Any) -> None:
        try:
            counts = restore(dump)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Wiederhergestellt: {len(counts)} Tabellen, {sum(counts.values())} "
                          "Zeilen, wie in der Sicherung.")
