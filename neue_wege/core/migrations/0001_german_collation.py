"""The ICU collation `german` on PostgreSQL (neue_wege.core.collation); SQLite gets a Python one."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS german (provider = icu, locale = 'de')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS german")


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(create, drop, elidable=False)]
