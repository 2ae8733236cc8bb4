"""``neuewege rotate_field_keys [--batch-size N]``: re-encrypt every encrypted field.

Step 2 of key rotation (docs/security.md): after a new key was put in front of NW_FIELD_KEYS,
this writes every value that is not yet encrypted with that key again, so the old key can be
removed. Idempotent: values already under the newest key are left alone, so a second run
changes nothing and an interrupted run can simply be started again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast
from tqdm import tqdm

from neue_wege.privacy.fields import encrypted_fields, is_current


def rotate_field(model: type[models.Model], field: str, *, batch_size: int,
                 progress: Any = None) -> tuple[int, int]:
    """Re-encrypt one model field in batches; returns (checked, re-encrypted)."""
    checked = rotated = 0
    last_pk = None
    # The field reads the stored value (text, or JSON decoded); saving encrypts it again.
    from_stored = model._meta.get_field(field).from_stored
    while True:
        with transaction.atomic():
            rows = model._base_manager.order_by("pk").select_for_update()
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            # The stored token itself, not the decrypted value: Cast skips from_db_value.
            batch = list(rows.exclude(**{f"{field}__isnull": True}).annotate(
                stored=Cast(field, output_field=models.TextField()),
            ).values_list("pk", "stored")[:batch_size])
            if not batch:
                return checked, rotated
            stale = [model(pk=pk, **{field: from_stored(stored)})
                     for pk, stored in batch if not is_current(stored)]
            if stale:
                model._base_manager.bulk_update(stale, [field])
        checked += len(batch)
        rotated += len(stale)
        last_pk = batch[-1][0]
        if progress is not None:
            progress.update(len(batch))


class Command(BaseCommand):
    help = ("Verschlüsselte Felder mit dem neuesten Schlüssel aus NW_FIELD_KEYS neu "
            "verschlüsseln (Schlüsselwechsel).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500,
                            help="Zeilen pro Transaktion (Standard 500)")

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        total_checked = total_rotated = 0
        for model, field in encrypted_fields():
            label = f"{model._meta.label}.{field}"
            count = model._base_manager.exclude(**{f"{field}__isnull": True}).count()
            with tqdm(total=count, desc=label, unit=" Zeilen", disable=count == 0,
                      file=self.stderr._out) as progress:
                checked, rotated = rotate_field(model, field, batch_size=batch_size,
                                                progress=progress)
            self.stdout.write(f"{label}: {checked} geprüft, {rotated} neu verschlüsselt, "
                              f"{checked - rotated} schon mit dem neuesten Schlüssel.")
            total_checked += checked
            total_rotated += rotated
        self.stdout.write(self.style.SUCCESS(
            f"Fertig: {total_checked} Werte geprüft, {total_rotated} neu verschlüsselt."))
