"""The SQLite full-text index (FTS5). PostgreSQL searches with its own full-text functions."""

from django.db import migrations

FTS_TABLE = "crsinfo_search_fts"


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
            "USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2')"
        )


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("crsinfo", "0003_glossary_synonyms_search")]

    operations = [migrations.RunPython(create_fts, drop_fts)]
