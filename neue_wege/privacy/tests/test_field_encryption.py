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
from neue_wege.strengths.models import Story

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


# --- obstacle titles and stories (issue 11, point 10) -----------------------------------------
STORY_TITLE = "Mein Entzug"
STORY_TEXT = "Nach der Entgiftung habe ich jeden Morgen den Hund ausgeführt."


def raw_column(model, obj, column: str) -> str:
    table = model._meta.db_table
    pk = model._meta.pk.get_db_prep_value(obj.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def set_raw(model, obj, column: str, value: str) -> None:
    table = model._meta.db_table
    pk = model._meta.pk.get_db_prep_value(obj.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
                       [value, pk])


def test_obstacle_title_in_own_words_is_encrypted(cast, settings):
    settings.NW_FIELD_KEYS = [OLD_KEY]
    obstacle = Obstacle.objects.create(enrollment=cast.nina_enrollment, kind="health",
                                       title="Meine Depression", details="")
    raw = raw_column(Obstacle, obstacle, "title")
    assert raw.startswith(PREFIX) and "Depression" not in raw
    assert Obstacle.objects.get(pk=obstacle.pk).title == "Meine Depression"


def test_story_title_text_and_draft_are_encrypted(cast, settings):
    from neue_wege.strengths.services.stories import story_save

    settings.NW_FIELD_KEYS = [OLD_KEY]
    story = story_save(actor=cast.nina_user, story_or_none=None, title=STORY_TITLE,
                       text=STORY_TEXT)
    for column in ("title", "text", "draft_title", "draft_text"):
        raw = raw_column(Story, story, column)
        assert raw.startswith(PREFIX), column
        assert "Entzug" not in raw and "Entgiftung" not in raw, column
    fresh = Story.objects.get(pk=story.pk)
    assert (fresh.title, fresh.text) == (STORY_TITLE, STORY_TEXT)
    assert (fresh.draft_title, fresh.draft_text) == (STORY_TITLE, STORY_TEXT)


def test_rotation_covers_obstacle_titles_and_stories(cast, settings):
    found = {(model._meta.label, name) for model, name in encrypted_fields()}
    assert {("orientation.Obstacle", "title"), ("strengths.Story", "title"),
            ("strengths.Story", "text"), ("strengths.Story", "draft_title"),
            ("strengths.Story", "draft_text")} <= found
    settings.NW_FIELD_KEYS = [OLD_KEY]
    story = Story.objects.create(enrollment=cast.nina_enrollment, title=STORY_TITLE,
                                 text=STORY_TEXT)
    settings.NW_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    output = rotate()
    assert "strengths.Story.text:" in output and "orientation.Obstacle.title:" in output
    assert readable_with(raw_column(Story, story, "text"), NEW_KEY)
    assert readable_with(raw_column(Story, story, "title"), NEW_KEY)
    settings.NW_FIELD_KEYS = [NEW_KEY]
    assert Story.objects.get(pk=story.pk).text == STORY_TEXT


def test_data_migration_encrypts_existing_clear_rows_and_back(cast, settings):
    """The step in strengths 0002 / orientation 0002, run on rows holding clear text."""
    from django.apps import apps

    from neue_wege.privacy.fields import encrypt_existing_rows

    settings.NW_FIELD_KEYS = [OLD_KEY]
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="x", text="x")
    obstacle = make(cast)
    for column, value in (("title", STORY_TITLE), ("text", STORY_TEXT),
                          ("draft_title", ""), ("draft_text", "")):
        set_raw(Story, story, column, value)  # as written before the migration
    set_raw(Obstacle, obstacle, "title", "Alkohol")
    for step in (encrypt_existing_rows("strengths", "Story", "title", "text", "draft_title",
                                       "draft_text"),
                 encrypt_existing_rows("orientation", "Obstacle", "title")):
        step.code(apps, None)
    assert raw_column(Story, story, "text").startswith(PREFIX)
    assert STORY_TITLE not in raw_column(Story, story, "title")
    assert "Alkohol" not in raw_column(Obstacle, obstacle, "title")
    assert Story.objects.get(pk=story.pk).text == STORY_TEXT
    assert Obstacle.objects.get(pk=obstacle.pk).title == "Alkohol"
    # Backwards: clear text again, for a column that becomes plain text.
    encrypt_existing_rows("strengths", "Story", "text").reverse_code(apps, None)
    assert raw_column(Story, story, "text") == STORY_TEXT
