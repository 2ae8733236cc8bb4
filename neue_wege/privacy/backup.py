"""Backup and restore of the PostgreSQL database (`neuewege backup`, `neuewege restore`).

A backup is two files: the dump (`pg_dump --format=custom`, taken from an exported snapshot)
and beside it `<dump>.json`, the manifest: when, the row count of every table in that same
snapshot, the last migration of every app, and the *fingerprints* of the field-encryption keys
in use (a SHA-256 prefix: enough to tell whether the right keys are at hand, useless for
decrypting). The keys themselves are never written by the backup, and it refuses a target
directory that holds them (a key file, or any file containing a key or SECRET_KEY): a dump
and its keys side by side would make every encrypted field readable to whoever gets the
backup. Key handling: docs/operations.md, "Backups".

`restore` loads a dump into an *empty* database (the configured one), after checking that every
key fingerprint of the manifest belongs to a key in NW_FIELD_KEYS, and compares the row counts
with the manifest afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess  # noqa: S404 - pg_dump/pg_restore with fixed argument lists
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from neue_wege.privacy.fields import development_key

MANIFEST_SUFFIX = ".json"
MAX_SCANNED_BYTES = 1_000_000  # files larger than this beside the dump are not read for keys


class BackupError(Exception):
    """A refusal or failure with a German message for the administrator."""


# --- keys -----------------------------------------------------------------------------------
def field_keys() -> list[str]:
    """The keys that encrypt fields now (NW_FIELD_KEYS, or the development key)."""
    return list(settings.NW_FIELD_KEYS) or [development_key().decode()]


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.strip().encode()).hexdigest()[:16]


def secrets_in_use() -> list[str]:
    return [*field_keys(), settings.SECRET_KEY]


def keys_beside(directory: Path) -> list[Path]:
    """Files in `directory` that are, or contain, a field key or the SECRET_KEY."""
    key_file = os.environ.get("NW_FIELD_KEYS_FILE")
    secrets = [s.encode() for s in secrets_in_use() if s]
    found = []
    for path in sorted(directory.iterdir()) if directory.is_dir() else []:
        if not path.is_file():
            continue
        if key_file and path.resolve() == Path(key_file).resolve():
            found.append(path)
            continue
        try:
            if path.stat().st_size > MAX_SCANNED_BYTES:
                continue
            content = path.read_bytes()
        except OSError:
            continue
        if any(secret in content for secret in secrets):
            found.append(path)
    return found


# --- the database ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Database:
    alias: str
    settings_dict: dict[str, Any]

    @classmethod
    def configured(cls, alias: str = "default") -> Database:
        db = connections[alias].settings_dict
        if db["ENGINE"] != "django.db.backends.postgresql":
            raise BackupError("Sicherung und Wiederherstellung gibt es nur für PostgreSQL "
                              "(DATABASE_URL). Eine SQLite-Datei sichern Sie, indem Sie sie bei "
                              "gestopptem Dienst kopieren.")
        return cls(alias, dict(db))

    def environment(self) -> dict[str, str]:
        """libpq variables: the password never appears on a command line."""
        db = self.settings_dict
        env = {**os.environ, "PGDATABASE": str(db["NAME"]), "PGHOST": str(db.get("HOST") or ""),
               "PGPORT": str(db.get("PORT") or ""), "PGUSER": str(db.get("USER") or ""),
               "PGPASSWORD": str(db.get("PASSWORD") or ""), "PGAPPNAME": "neuewege-backup"}
        for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                                 ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")):
            if db.get("OPTIONS", {}).get(option):
                env[variable] = str(db["OPTIONS"][option])
        return {name: value for name, value in env.items() if value != ""}


def _tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                   "ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor: Any) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
        counts[table] = cursor.fetchone()[0]
    return counts


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} wurde nicht gefunden. Installieren Sie die PostgreSQL-"
                          f"Werkzeuge in der Version des Servers (Debian: postgresql-client).")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} ist fehlgeschlagen "
                          f"(Rückgabewert {done.returncode}):\n{done.stderr.strip()}")


# --- backup ---------------------------------------------------------------------------------
def backup(output: Path, alias: str = "default") -> dict[str, Any]:
    """Dump the database into `output` and write the manifest beside it; returns the manifest."""
    database = Database.configured(alias)
    output = output.resolve()
    directory = output.parent
    if not directory.is_dir():
        raise BackupError(f"Das Verzeichnis {directory} gibt es nicht.")
    beside = keys_beside(directory)
    if beside:
        names = ", ".join(path.name for path in beside)
        raise BackupError(
            f"Im Zielverzeichnis {directory} liegen Schlüssel ({names}). Sicherung und "
            "Schlüssel dürfen nie nebeneinander liegen: Wer beides hat, kann alle verschlüsselten "
            "Felder lesen. Wählen Sie ein anderes Verzeichnis (docs/operations.md, „Sicherung“).")
    if output.exists():
        raise BackupError(f"{output} gibt es schon; eine Sicherung überschreibt nichts.")
    pg_dump = _tool("pg_dump")
    env = database.environment()
    import psycopg  # the driver Django uses; a connection of its own for the snapshot

    with psycopg.connect("", autocommit=True, **_libpq_arguments(env)) as snapshot_connection:
        snapshot_connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with snapshot_connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(cursor)
            table = MigrationRecorder.Migration._meta.db_table  # Django's own table
            cursor.execute(f'SELECT app, name FROM "{table}" ORDER BY app, applied, name')  # noqa: S608
            migrations = dict(cursor.fetchall())
        # pg_dump sees exactly the rows counted above: the same exported snapshot.
        _run([pg_dump, "--format=custom", "--compress=6", "--no-owner", "--no-privileges",
              f"--snapshot={snapshot}", f"--file={output}"], env)
        snapshot_connection.execute("ROLLBACK")
    os.chmod(output, 0o600)
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": database.settings_dict["NAME"],
        "dump": output.name,
        "dump_sha256": _sha256(output),
        "key_fingerprints": [fingerprint(key) for key in field_keys()],
        "migrations": migrations,
        "row_counts": counts,
    }
    manifest_path = output.with_name(output.name + MANIFEST_SUFFIX)
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    os.chmod(manifest_path, 0o600)
    return manifest


def _libpq_arguments(env: dict[str, str]) -> dict[str, str]:
    names = {"PGDATABASE": "dbname", "PGHOST": "host", "PGPORT": "port", "PGUSER": "user",
             "PGPASSWORD": "password", "PGSSLMODE": "sslmode", "PGSSLROOTCERT": "sslrootcert",
             "PGSSLCERT": "sslcert", "PGSSLKEY": "sslkey", "PGAPPNAME": "application_name"}
    return {names[name]: value for name, value in env.items() if name in names}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- restore --------------------------------------------------------------------------------
def read_manifest(dump: Path) -> dict[str, Any]:
    path = dump.with_name(dump.name + MANIFEST_SUFFIX)
    if not path.exists():
        raise BackupError(f"Zur Sicherung fehlt die Beschreibung {path.name}; ohne sie lässt "
                          "sich nicht prüfen, ob die Wiederherstellung vollständig ist.")
    return json.loads(path.read_text(encoding="utf-8"))


def missing_keys(manifest: dict[str, Any]) -> list[str]:
    """Fingerprints of keys the dump's data needs that NW_FIELD_KEYS does not hold."""
    have = {fingerprint(key) for key in field_keys()}
    return [f for f in manifest.get("key_fingerprints", []) if f not in have]


def restore(dump: Path, alias: str = "default") -> dict[str, int]:
    """Load `dump` into the configured, empty database; returns the restored row counts."""
    database = Database.configured(alias)
    dump = dump.resolve()
    if not dump.is_file():
        raise BackupError(f"Die Sicherung {dump} gibt es nicht.")
    manifest = read_manifest(dump)
    if manifest.get("dump_sha256") and manifest["dump_sha256"] != _sha256(dump):
        raise BackupError("Die Sicherung passt nicht zu ihrer Beschreibung (Prüfsumme): "
                          "die Datei ist beschädigt oder ausgetauscht.")
    missing = missing_keys(manifest)
    if missing:
        raise BackupError(
            "Für diese Sicherung fehlen Schlüssel in NW_FIELD_KEYS (Fingerabdrücke: "
            f"{', '.join(missing)}). Ohne sie bleiben verschlüsselte Felder unlesbar. Holen Sie "
            "die Schlüssel aus der getrennt aufbewahrten Schlüsselsicherung.")
    with connections[alias].cursor() as cursor:
        if _tables(cursor):
            raise BackupError(
                f"Die Datenbank {database.settings_dict['NAME']} ist nicht leer. Stellen Sie in "
                "eine neue, leere Datenbank wieder her und stellen Sie DATABASE_URL danach um.")
    connections[alias].close()
    _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", f"--dbname={database.settings_dict['NAME']}", str(dump)],
         database.environment())
    with connections[alias].cursor() as cursor:
        counts = row_counts(cursor)
    if counts != manifest["row_counts"]:
        differing = sorted(t for t in set(counts) | set(manifest["row_counts"])
                           if counts.get(t) != manifest["row_counts"].get(t))
        raise BackupError("Nach der Wiederherstellung weichen die Zeilenzahlen von der Sicherung "
                          f"ab: {', '.join(differing)}.")
    return counts
