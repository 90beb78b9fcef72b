from django.db import migrations

from portal.migration_operations import TrigramExtension


class Migration(migrations.Migration):
    """Trigram matching for folded search columns; PostgreSQL only (SQLite scans)."""

    dependencies = [("portal", "0001_initial")]
    operations = [TrigramExtension()]
