"""Migration operations: PostgreSQL-only SQL (the SQLite default keeps working) and value remapping."""

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


def RemapValues(app_label: str, model_names, field: str, forward: dict, backward: dict):
    """A reversible data migration rewriting ``field`` of every row of ``model_names`` (live and history
    tables) with ``forward`` (``backward`` going back): one UPDATE per key, through a temporary "~"
    value so that a key that is both a source and a target is never rewritten twice."""

    def convert(mapping):
        def run(apps, schema_editor):
            for model_name in model_names:
                manager = apps.get_model(app_label, model_name)._base_manager
                for old in mapping:
                    manager.filter(**{field: old}).update(**{field: "~" + old})
                for old, new in mapping.items():
                    manager.filter(**{field: "~" + old}).update(**{field: new})
        return run

    return migrations.RunPython(convert(forward), convert(backward))
