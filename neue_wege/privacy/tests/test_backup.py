"""Backups that have been restored: `neuewege backup` of a populated PostgreSQL database,
`neuewege restore` into a fresh one, then every table's row count and a sample of decrypted
fields compared. Also the refusals: keys beside the dump, missing keys, a non-empty target.

PostgreSQL only (pg_dump/pg_restore); CI's PostgreSQL lane runs it.
"""

from __future__ import annotations

import os
import subprocess  # noqa: S404 - our own console script
import sys
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from neue_wege.orientation.models import Obstacle
from neue_wege.privacy import fields
from neue_wege.privacy.backup import BackupError, backup, fingerprint, row_counts
from neue_wege.testing.personas import build_cast

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
NEUEWEGE = Path(sys.executable).parent / "neuewege"
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: backup and restore are pg_dump/pg_restore (CI's PostgreSQL lane)")


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{name}")


def _neuewege(*args: str, database: str, keys: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": _url(database), "NW_FIELD_KEYS": ",".join(keys),
           "NW_WARM_MATCHER": "false"}
    return subprocess.run([str(NEUEWEGE), *args], env=env, capture_output=True, text=True,  # noqa: S603
                          timeout=300, check=False)


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_every_row_and_readable_fields(
        settings, tmp_path, fresh_database):
    cast = build_cast()
    # Some details encrypted with an older key, some with the current one: both must survive.
    settings.NW_FIELD_KEYS = [OLD_KEY]
    old = [Obstacle.objects.create(enrollment=cast.nina_enrollment, kind="addiction",
                                   title="Sucht", details=f"Beratung {n}, dienstags")
           for n in range(3)]
    settings.NW_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    new = [Obstacle.objects.create(enrollment=cast.ali_enrollment, kind="health",
                                   title="Gesundheit", details=f"Termin beim Arzt {n}")
           for n in range(3)]
    with connection.cursor() as cursor:
        before = row_counts(cursor)

    dump = tmp_path / "backups" / "neue-wege.dump"
    dump.parent.mkdir()
    manifest = backup(dump)
    assert dump.stat().st_size > 0 and oct(dump.stat().st_mode & 0o777) == "0o600"
    assert manifest["row_counts"] == before
    assert manifest["key_fingerprints"] == [fingerprint(NEW_KEY), fingerprint(OLD_KEY)]
    written = dump.read_bytes() + dump.with_name(dump.name + ".json").read_bytes()
    assert NEW_KEY.encode() not in written and OLD_KEY.encode() not in written

    # Without the old key the restore refuses before touching the database.
    refused = _neuewege("restore", str(dump), database=fresh_database, keys=[NEW_KEY])
    assert refused.returncode != 0
    assert fingerprint(OLD_KEY) in refused.stderr and "NW_FIELD_KEYS" in refused.stderr

    restored = _neuewege("restore", str(dump), database=fresh_database, keys=[NEW_KEY, OLD_KEY])
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Wiederhergestellt" in restored.stdout

    with psycopg.connect(_url(fresh_database)) as target, target.cursor() as cursor:
        after = row_counts(cursor)
        cursor.execute(f"SELECT id, details FROM {Obstacle._meta.db_table}")  # noqa: S608
        stored = dict(cursor.fetchall())
    assert after == before
    assert len(after) >= 40 and after["organisation_user"] >= 10 and after["clients_client"] == 3
    assert {fields.decrypt(stored[o.pk]) for o in old + new} == {o.details for o in old + new}
    assert not any("Arzt" in value or "Beratung" in value for value in stored.values())

    # A second restore into the now populated database is refused.
    again = _neuewege("restore", str(dump), database=fresh_database, keys=[NEW_KEY, OLD_KEY])
    assert again.returncode != 0 and "nicht leer" in again.stderr


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_directory_holding_the_keys(settings, tmp_path):
    settings.NW_FIELD_KEYS = [NEW_KEY]
    (tmp_path / "production.env").write_text(f"NW_FIELD_KEYS={NEW_KEY}\n", encoding="utf-8")
    with pytest.raises(BackupError, match="Schlüssel"):
        backup(tmp_path / "neue-wege.dump")
    assert not (tmp_path / "neue-wege.dump").exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite message")
def test_backup_on_sqlite_says_how_to_back_up_instead(tmp_path):
    with pytest.raises(CommandError, match="nur für PostgreSQL"):
        call_command("backup", str(tmp_path / "x.dump"))
