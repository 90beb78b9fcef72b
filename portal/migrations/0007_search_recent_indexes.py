"""Indexes for very common words (portal/search.py, "broad" searches): the newest matches are found by
walking the documents newest first and stopping after a page, instead of ranking every match."""

from django.db import migrations

from portal.migration_operations import PostgresOnly

INDEXES = """
CREATE INDEX IF NOT EXISTS portal_searchdocument_recent
    ON portal_searchdocument (date DESC NULLS LAST, id DESC) WHERE date IS NOT NULL;
CREATE INDEX IF NOT EXISTS portal_searchdocument_agency_recent
    ON portal_searchdocument (agency_id, date DESC NULLS LAST, id DESC) WHERE date IS NOT NULL;
CREATE INDEX IF NOT EXISTS portal_searchdocument_undated
    ON portal_searchdocument (id DESC) WHERE date IS NULL;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0006_revision"),
    ]

    operations = [
        PostgresOnly(INDEXES, "DROP INDEX IF EXISTS portal_searchdocument_recent; "
                              "DROP INDEX IF EXISTS portal_searchdocument_agency_recent; "
                              "DROP INDEX IF EXISTS portal_searchdocument_undated;"),
    ]
