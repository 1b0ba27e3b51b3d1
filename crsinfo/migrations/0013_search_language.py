"""Search in Spanish: each search document has a language, and Spanish documents keep their words
folded (no accents) and stemmed (crsinfo/search/query.py), matched on SQLite in a second FTS5 table
without the English porter stemmer, and on PostgreSQL with the "simple" configuration.

The index is emptied: it is rebuilt, in both languages, the first time a search runs."""

from django.db import migrations, models

FTS_TABLE = "crsinfo_search_fts"
FTS_TABLE_ES = "crsinfo_search_fts_es"


def create_fts_es(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE_ES} "
            "USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')"
        )


def drop_fts_es(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE_ES}")


def empty_index(apps, schema_editor):
    """An index built before there were languages has no Spanish: have it rebuilt."""
    apps.get_model("crsinfo", "SearchDocument").objects.all().delete()
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 -- constant table name


class Migration(migrations.Migration):
    dependencies = [("crsinfo", "0012_spanish")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="language",
            field=models.CharField(default="en", help_text="The language of the page: en or es.", max_length=5),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="title_terms",
            field=models.TextField(blank=True, help_text="Spanish: the title's words, without accents, stemmed."),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="body_terms",
            field=models.TextField(blank=True, help_text="Spanish: the body's words, without accents, stemmed."),
        ),
        migrations.RunPython(create_fts_es, drop_fts_es),
        migrations.RunPython(empty_index, migrations.RunPython.noop),
    ]
