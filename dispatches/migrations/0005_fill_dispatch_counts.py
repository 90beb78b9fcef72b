"""Fill the monthly dispatch counters (DispatchCount, dispatches/counts.py) from the existing rows.

One aggregate over the register, written in batches; going back empties the table. Data only, in
its own migration (PostgreSQL refuses DDL after DML with pending trigger events in one transaction).
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import TruncMonth

BATCH = 5000


def fill(apps, schema_editor):
    Dispatch = apps.get_model("dispatches", "Dispatch")
    DispatchCount = apps.get_model("dispatches", "DispatchCount")
    db = schema_editor.connection.alias
    DispatchCount.objects.using(db).all().delete()
    rows = (Dispatch.objects.using(db).order_by().annotate(month=TruncMonth("entry_date"))
            .values_list("agency_id", "direction", "doc_type", "month").annotate(n=Count("pk")))
    batch = []
    for agency_id, direction, doc_type, month, n in rows.iterator(chunk_size=BATCH):
        batch.append(DispatchCount(agency_id=agency_id, direction=direction, doc_type=doc_type,
                                   month=month.replace(day=1), count=n))
        if len(batch) == BATCH:
            DispatchCount.objects.using(db).bulk_create(batch)
            batch = []
    DispatchCount.objects.using(db).bulk_create(batch)


def empty(apps, schema_editor):
    apps.get_model("dispatches", "DispatchCount").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dispatches", "0004_dispatch_counts"),
    ]

    operations = [
        migrations.RunPython(fill, empty),
    ]
