"""The reasons of an occupation suggestion are encrypted at rest (`EncryptedJSONField`).

They quote the participant's own words (story, Zielbild) and their limits ("Achtung: … Sie
haben angegeben, nicht schwer heben zu dürfen."), like the encrypted obstacles and stories.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection, models

from neue_wege.orientation.models import OccupationSuggestion
from neue_wege.orientation.services.occupation_choices import suggestions_store
from neue_wege.orientation.tests.pathway_fixtures import FakeResult, make_occupations
from neue_wege.privacy.fields import PREFIX, EncryptedJSONField, encrypted_fields

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
REASONS = ["Sie erzählen von „Dienstplänen“ im Altenheim.",
           "In Ihrem Zielbild schreiben Sie „Senioren“ – das passt zu diesem Beruf.",
           "Achtung: In diesem Beruf hebt man oft schwer – Sie haben angegeben, nicht schwer "
           "heben zu dürfen."]
CLEAR_WORDS = ("Dienstplänen", "Senioren", "schwer heben", "Achtung")


def raw_reasons(suggestion: OccupationSuggestion) -> str:
    """The value in the database column, read past the ORM."""
    table = OccupationSuggestion._meta.db_table
    pk = OccupationSuggestion._meta.pk.get_db_prep_value(suggestion.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT reasons FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def readable_with(token: str, key: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token[len(PREFIX):].encode())
    except InvalidToken:
        return False
    return True


def store(cast, reasons: list[str] = REASONS) -> OccupationSuggestion:  # noqa: ANN001
    """A suggestion stored the way the application stores one (the service)."""
    occupation = make_occupations(1)[0]
    [row] = suggestions_store(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                              results=[FakeResult(occupation, 0.8, reasons=list(reasons))])
    return row


@pytest.mark.django_db
def test_column_holds_no_clear_text_and_a_list_reads_back(cast, settings):  # noqa: ANN001
    settings.NW_FIELD_KEYS = [OLD_KEY]
    row = store(cast)
    raw = raw_reasons(row)
    assert raw.startswith(PREFIX) and readable_with(raw, OLD_KEY)
    for word in CLEAR_WORDS:
        assert word not in raw
    fresh = OccupationSuggestion.objects.get(pk=row.pk)
    assert fresh.reasons == REASONS and isinstance(fresh.reasons, list)
    assert list(OccupationSuggestion.objects.values_list("reasons", flat=True)) == [REASONS]
    # An update (a second refresh) keeps it encrypted; the same list gives a new token.
    again = store(cast)
    assert again.pk == row.pk and raw_reasons(again) != raw
    assert raw_reasons(again).startswith(PREFIX)


@pytest.mark.django_db
def test_empty_list_and_unicode_round_trip(cast, settings):  # noqa: ANN001
    settings.NW_FIELD_KEYS = [OLD_KEY]
    occupation = make_occupations(1)[0]
    empty = OccupationSuggestion.objects.create(enrollment=cast.nina_enrollment,
                                                occupation=occupation, score=0.5)
    assert raw_reasons(empty).startswith(PREFIX)
    assert OccupationSuggestion.objects.get(pk=empty.pk).reasons == []
    empty.reasons = ["Ärger – „Zitat“ 🙂", {"nested": [1, None]}]
    empty.save(update_fields=["reasons"])
    assert OccupationSuggestion.objects.get(pk=empty.pk).reasons == [
        "Ärger – „Zitat“ 🙂", {"nested": [1, None]}]


@pytest.mark.django_db
def test_key_rotation_covers_the_reasons(cast, settings):  # noqa: ANN001
    assert ("orientation.OccupationSuggestion", "reasons") in {
        (model._meta.label, name) for model, name in encrypted_fields()}
    settings.NW_FIELD_KEYS = [OLD_KEY]
    row = store(cast)
    settings.NW_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    out = StringIO()
    call_command("rotate_field_keys", stdout=out, stderr=StringIO())
    assert "orientation.OccupationSuggestion.reasons: 1 geprüft, 1 neu verschlüsselt" in (
        out.getvalue())
    raw = raw_reasons(row)
    assert readable_with(raw, NEW_KEY) and not readable_with(raw, OLD_KEY)
    settings.NW_FIELD_KEYS = [NEW_KEY]  # the old key removed: the list still reads
    assert OccupationSuggestion.objects.get(pk=row.pk).reasons == REASONS


@pytest.mark.django_db
def test_clear_json_from_before_reads_and_is_encrypted_by_the_rotation(cast, settings):  # noqa: ANN001
    settings.NW_FIELD_KEYS = [NEW_KEY]
    row = store(cast)
    table = OccupationSuggestion._meta.db_table
    pk = OccupationSuggestion._meta.pk.get_db_prep_value(row.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET reasons = %s WHERE id = %s",  # noqa: S608
                       [json.dumps(REASONS, ensure_ascii=False), pk])
    assert OccupationSuggestion.objects.get(pk=row.pk).reasons == REASONS
    call_command("rotate_field_keys", stdout=StringIO(), stderr=StringIO())
    assert readable_with(raw_reasons(row), NEW_KEY)
    assert OccupationSuggestion.objects.get(pk=row.pk).reasons == REASONS


def test_the_field_takes_and_gives_python_values():
    field = EncryptedJSONField(default=list)
    token = field.get_prep_value(["a", "b"])
    assert token.startswith(PREFIX)
    assert field.to_python(token) == ["a", "b"]
    assert field.to_python(["a"]) == ["a"]  # a fixture's list stays a list
    assert field.get_prep_value(None) is None
    assert field.formfield().__class__.__name__ == "JSONField"


# --- the migration, on real rows (SQLite and PostgreSQL: jsonb -> text and back) -------------
BEFORE = ("orientation", "0002_encrypt_obstacle_title_at_rest")
AFTER = ("orientation", "0003_encrypt_occupation_suggestion_reasons_at_rest")


def column_type() -> str:
    """The column's type as the database has it (PostgreSQL: jsonb before, text after)."""
    if connection.vendor != "postgresql":
        return "text"  # SQLite stores JSON as text either way
    with connection.cursor() as cursor:
        cursor.execute("SELECT data_type FROM information_schema.columns "
                       "WHERE table_name = %s AND column_name = 'reasons'",
                       [OccupationSuggestion._meta.db_table])
        return cursor.fetchone()[0]


def _migrate(target: tuple[str, str] | None):  # noqa: ANN202
    """Migrate to `target`, or (None) back to the newest migrations of every app."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = [target] if target else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_existing_reasons_and_back(cast, settings):  # noqa: ANN001
    settings.NW_FIELD_KEYS = [OLD_KEY]
    occupation = make_occupations(1)[0]
    old_apps = _migrate(BEFORE)
    try:
        model = old_apps.get_model("orientation", "OccupationSuggestion")
        assert isinstance(model._meta.get_field("reasons"), models.JSONField)
        row = model.objects.create(enrollment_id=cast.nina_enrollment.pk,
                                   occupation_id=occupation.pk, score=0.7, reasons=REASONS)
        empty = model.objects.create(enrollment_id=cast.ali_enrollment.pk,
                                     occupation_id=occupation.pk, score=0.6, reasons=[])
        before = raw_reasons(row)  # jsonb comes back as a list, SQLite's text as JSON text
        assert (json.loads(before) if isinstance(before, str) else before) == REASONS
        assert column_type() == ("jsonb" if connection.vendor == "postgresql" else "text")

        _migrate(AFTER)
        assert column_type() == "text"
        raw = raw_reasons(row)
        assert raw.startswith(PREFIX) and readable_with(raw, OLD_KEY)
        for word in CLEAR_WORDS:
            assert word not in raw
        assert raw_reasons(empty).startswith(PREFIX)
        assert OccupationSuggestion.objects.get(pk=row.pk).reasons == REASONS
        assert OccupationSuggestion.objects.get(pk=empty.pk).reasons == []

        _migrate(BEFORE)  # backwards: clear JSON again, the column a JSON column again
        back = raw_reasons(row)
        assert column_type() == ("jsonb" if connection.vendor == "postgresql" else "text")
        assert (json.loads(back) if isinstance(back, str) else back) == REASONS
        assert old_apps.get_model("orientation", "OccupationSuggestion").objects.get(
            pk=empty.pk).reasons == []
    finally:
        _migrate(None)  # the later migrations too, for the tests that run after this one
