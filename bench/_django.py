"""The start every benchmark shares: choose the database, then set Django up.

`DATABASE_URL` (PostgreSQL scale data) wins unless the benchmark needs its own SQLite file;
otherwise the SQLite file `db` is used, deleted first (with its -wal and -shm files) on
`rebuild`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_django(db: str, *, rebuild: bool, sqlite_only: bool = False) -> None:
    if sqlite_only:
        os.environ.pop("DATABASE_URL", None)
    if not os.environ.get("DATABASE_URL"):
        path = Path(db)
        path.parent.mkdir(parents=True, exist_ok=True)
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neue_wege.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
