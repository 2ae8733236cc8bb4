"""Encryption at rest (`EncryptedTextField`) and key rotation (`neuewege rotate_field_keys`).

Uses the orientation app's obstacles, whose details may hold health or addiction notes.
"""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from neue_wege.orientation.models import Obstacle
from neue_wege.privacy.checks import field_keys_check
from neue_wege.privacy.fields import PREFIX, encrypted_fields

pytestmark = pytest.mark.django_db

SECRET = "Therapie wegen Alkohol, dienstags 9 Uhr"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def stored(obstacle: Obstacle) -> str:
    """The value in the database column, read past the ORM."""
    table = Obstacle._meta.db_table
    pk = Obstacle._meta.pk.get_db_prep_value(obstacle.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT details FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def make(cast, details: str = SECRET) -> Obstacle:
    return Obstacle.objects.create(enrollment=cast.nina_enrollment, kind="addiction",
                                   title="Sucht", details=details)


def readable_with(token: str, key: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token[len(PREFIX):].encode())
    except InvalidToken:
        return False
    return True


def rotate(batch_size: int = 500) -> str:
    out = StringIO()
    call_command("rotate_field_keys", batch_size=batch_size, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_column_holds_no_clear_text_and_reads_back(cast, settings):
    settings.NW_FIELD_KEYS = [OLD_KEY]
    obstacle = make(cast)
    raw = stored(obstacle)
    assert raw.startswith(PREFIX)
    assert "Alkohol" not in raw and "Therapie" not in raw
    assert readable_with(raw, OLD_KEY)
    assert Obstacle.objects.get(pk=obstacle.pk).details == SECRET
    assert list(Obstacle.objects.values_list("details", flat=True)) == [SECRET]
    # The same text twice gives different tokens (no equality leak).
    assert stored(make(cast)) != raw


def test_empty_text_round_trips(cast, settings):
    settings.NW_FIELD_KEYS = [OLD_KEY]
    obstacle = make(cast, details="")
    assert Obstacle.objects.get(pk=obstacle.pk).details == ""


def test_rotation_with_two_keys_then_old_key_removed(cast, settings):
    settings.NW_FIELD_KEYS = [OLD_KEY]
    obstacles = [make(cast, f"{SECRET} #{n}") for n in range(5)]

    settings.NW_FIELD_KEYS = [NEW_KEY, OLD_KEY]  # step 1: new key in front
    assert Obstacle.objects.get(pk=obstacles[0].pk).details == f"{SECRET} #0"
    output = rotate(batch_size=2)  # step 2: three batches
    assert "orientation.Obstacle.details: 5 geprüft, 5 neu verschlüsselt" in output
    for obstacle in obstacles:
        raw = stored(obstacle)
        assert readable_with(raw, NEW_KEY) and not readable_with(raw, OLD_KEY)

    settings.NW_FIELD_KEYS = [NEW_KEY]  # step 3: old key gone, everything still reads
    assert sorted(Obstacle.objects.values_list("details", flat=True)) == [
        f"{SECRET} #{n}" for n in range(5)]


def test_rotation_is_idempotent_and_keeps_timestamps(cast, settings):
    settings.NW_FIELD_KEYS = [OLD_KEY]
    obstacle = make(cast)
    settings.NW_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    rotate()
    first = stored(obstacle)
    output = rotate()
    assert "orientation.Obstacle.details: 1 geprüft, 0 neu verschlüsselt" in output
    assert stored(obstacle) == first
    assert Obstacle.objects.get(pk=obstacle.pk).updated_at == obstacle.updated_at


def test_rotation_encrypts_values_written_before_encryption(cast, settings):
    settings.NW_FIELD_KEYS = [NEW_KEY]
    obstacle = make(cast)
    table = Obstacle._meta.db_table
    pk = Obstacle._meta.pk.get_db_prep_value(obstacle.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET details = %s WHERE id = %s",  # noqa: S608
                       ["alter Klartext", pk])
    assert Obstacle.objects.get(pk=obstacle.pk).details == "alter Klartext"
    assert "1 neu verschlüsselt" in rotate()
    assert readable_with(stored(obstacle), NEW_KEY)
    assert Obstacle.objects.get(pk=obstacle.pk).details == "alter Klartext"


def test_wrong_key_gives_a_clear_message(cast, settings):
    settings.NW_FIELD_KEYS = [OLD_KEY]
    obstacle = make(cast)
    settings.NW_FIELD_KEYS = [NEW_KEY]
    with pytest.raises(ImproperlyConfigured, match="cannot be read with the keys in NW_FIELD"):
        Obstacle.objects.get(pk=obstacle.pk)


def test_malformed_key_gives_a_clear_message(cast, settings):
    settings.NW_FIELD_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="NW_FIELD_KEYS must hold Fernet keys"):
        make(cast)


def test_every_encrypted_field_is_found():
    found = {(model._meta.label, name) for model, name in encrypted_fields()}
    assert ("orientation.Obstacle", "details") in found
    assert ("orientation.Strategy", "description") in found


def test_deploy_check_wants_keys_in_production(settings):
    settings.DEBUG = False
    settings.NW_FIELD_KEYS = []
    assert [error.id for error in field_keys_check()] == ["neue_wege.E001"]
    settings.NW_FIELD_KEYS = [NEW_KEY, "kaputt"]
    assert [error.id for error in field_keys_check()] == ["neue_wege.E002"]
    settings.NW_FIELD_KEYS = [NEW_KEY]
    assert field_keys_check() == []
    settings.DEBUG = True
    settings.NW_FIELD_KEYS = []
    assert field_keys_check() == []
