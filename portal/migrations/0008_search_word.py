"""The lexicon of title words the typo fallback corrects queries against (portal/search.py), filled
from the titles already indexed. The trigram index on whole titles, which the old fallback scanned
(and which cost a statement time-out on every query that matched nothing), goes."""

from django.db import migrations, models

from portal.migration_operations import PostgresOnly, TrigramIndex

MIN_WORD, MAX_WORD = 2, 40  # portal.search.lexicon_words keeps the same words


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "INSERT INTO portal_searchword (word) SELECT DISTINCT word FROM portal_searchdocument, "
            "regexp_split_to_table(btrim(title_text), ' +') AS word "
            f"WHERE length(word) BETWEEN {MIN_WORD} AND {MAX_WORD} AND word !~ '^[0-9]+$' ON CONFLICT DO NOTHING")
        return
    SearchDocument = apps.get_model("portal", "SearchDocument")
    SearchWord = apps.get_model("portal", "SearchWord")
    words = set()
    for title in SearchDocument.objects.values_list("title_text", flat=True).iterator():
        words.update(w for w in title.split() if MIN_WORD <= len(w) <= MAX_WORD and not w.isdigit())
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in words], batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0007_search_recent_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(max_length=40, primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'từ tìm kiếm',
                'verbose_name_plural': 'từ tìm kiếm',
            },
        ),
        TrigramIndex("portal_searchword", "word"),
        migrations.RunPython(fill, migrations.RunPython.noop),
        PostgresOnly("DROP INDEX IF EXISTS portal_searchdocument_title_text_trgm",
                     "CREATE INDEX IF NOT EXISTS portal_searchdocument_title_text_trgm "
                     "ON portal_searchdocument USING gin (title_text gin_trgm_ops)"),
    ]
