"""Migration operations that only act on PostgreSQL, so the SQLite default keeps working."""

from django.db import migrations


class PostgresOnly(migrations.RunSQL):
    """Raw SQL run on PostgreSQL and skipped elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def TrigramExtension():
    return PostgresOnly("CREATE EXTENSION IF NOT EXISTS pg_trgm", "")


def TrigramIndex(table: str, column: str = "search_text"):
    """A GIN trigram index on a folded search column: ``LIKE '%term%'`` then uses the index."""
    name = f"{table}_{column}_trgm"[:63]
    return PostgresOnly(
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)",
        f"DROP INDEX IF EXISTS {name}",
    )
