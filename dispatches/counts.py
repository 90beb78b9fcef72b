"""Dispatch counts kept on write: one ``DispatchCount`` row per agency, direction, type and month.

``record(deltas)`` is the one function that changes the table; every way a ``Dispatch`` row is
written calls it, in the transaction of the write:

- ``Dispatch.save()`` (the admin form, the import, the push API and the sync through
  django-import-export, ``objects.create``) reads the row's stored key under a row lock, so two
  officers changing the same entry at once still leave the counts exact;
- ``Dispatch.delete()`` and ``Dispatch.objects.filter(...).delete()`` (the admin's bulk delete)
  lock the rows, delete exactly them and subtract what they counted;
- ``Dispatch.objects.bulk_create()`` (the demo loader) adds what it inserted; the bulk seeder's
  COPY calls ``record`` itself;
- a queryset ``update()`` or ``bulk_update()`` of a field the counts depend on is refused (it would
  also skip the derived ``entry_date``): such changes go through ``save()``.

Deleting an agency deletes its dispatches and its counts together (both cascade), so no delta.

``batch()`` folds the deltas of many writes into one statement at its end (an import of 1,000 rows
writes its counts once), and the counter rows are always written in one sorted order, so two
concurrent writers never wait for each other in opposite orders.

Counted exactly as the public statistics count rows: every stored entry on its entry date (arrival
for incoming, issue for outgoing); nothing classified is stored (portal/classified.py), whether its
details are public does not matter to the counts. ``check_counts`` (``manage.py
check_dispatch_counts``) recomputes the table from the rows and reports, or repairs, differences.
"""

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db import connections, router, transaction

# The fields a counter row depends on; a queryset update of any of them is refused.
COUNTED_FIELDS = frozenset({"agency", "agency_id", "direction", "doc_type", "issued_date", "arrival_date",
                            "entry_date", "year"})
KEY_FIELDS = ("agency_id", "direction", "doc_type", "entry_date")
CHUNK = 500

_pending: ContextVar[Counter | None] = ContextVar("dispatch_count_batch", default=None)


def month_of(day: date) -> date:
    return day.replace(day=1)


def key(agency_id, direction, doc_type, entry_date) -> tuple:
    """The counter a row with these values adds to: (agency_id, direction, doc_type, first of month)."""
    return (agency_id, direction, doc_type, month_of(entry_date))


def key_of(dispatch) -> tuple:
    return key(dispatch.agency_id, dispatch.direction, dispatch.doc_type, dispatch.entry_date)


def tally(rows) -> Counter:
    """``Counter`` of keys for rows of ``KEY_FIELDS`` values."""
    return Counter(key(*row) for row in rows)


def record(deltas, using=None) -> None:
    """Add ``{(agency_id, direction, doc_type, month): n}`` (n may be negative) to the counters.

    Called inside the transaction of the write it accounts for. Within ``batch()`` the deltas are
    kept and written once at its end.
    """
    deltas = {k: n for k, n in deltas.items() if n}
    if not deltas:
        return
    pending = _pending.get()
    if pending is not None:
        pending.update(deltas)
        return
    _write(deltas, using)


@contextmanager
def batch(using=None):
    """One transaction whose dispatch writes update the counters once, at the end."""
    if _pending.get() is not None:  # nested: the outer batch writes
        with transaction.atomic(using=using):
            yield
        return
    pending = Counter()
    token = _pending.set(pending)
    try:
        with transaction.atomic(using=using):
            yield
            _pending.set(None)
            _write(pending, using)
    finally:
        _pending.reset(token)


def _write(deltas, using=None) -> None:
    from .models import DispatchCount

    using = using or router.db_for_write(DispatchCount)
    table = connections[using].ops.quote_name(DispatchCount._meta.db_table)
    rows = sorted((k, n) for k, n in deltas.items() if n)  # one lock order for every writer
    with connections[using].cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            params = [value for (agency_id, direction, doc_type, month), n in chunk
                      for value in (agency_id, direction, doc_type, month, n)]
            # PostgreSQL and SQLite (3.24+) share this upsert.
            cursor.execute(
                f"INSERT INTO {table} (agency_id, direction, doc_type, month, count) VALUES {values} "
                f"ON CONFLICT (agency_id, direction, doc_type, month) "
                f"DO UPDATE SET count = {table}.count + excluded.count", params)


# --- checking ------------------------------------------------------------------------------------

def recount(agency_ids=None) -> Counter:
    """The counters as the rows say they should be (a full scan: for the check command)."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from .models import Dispatch

    rows = Dispatch.objects.all()
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=list(agency_ids))
    counted = Counter()
    for row in (rows.order_by().annotate(month=TruncMonth("entry_date"))
                .values_list("agency_id", "direction", "doc_type", "month").annotate(n=Count("pk"))):
        agency_id, direction, doc_type, month, n = row
        counted[key(agency_id, direction, doc_type, month)] += n
    return counted


def stored(agency_ids=None) -> Counter:
    from .models import DispatchCount

    rows = DispatchCount.objects.all()
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=list(agency_ids))
    return Counter({(a, d, t, m): n for a, d, t, m, n in rows.values_list(
        "agency_id", "direction", "doc_type", "month", "count")})


def differences(agency_ids=None) -> dict[tuple, tuple[int, int]]:
    """``{key: (stored, counted)}`` for every counter that differs from the rows.

    On PostgreSQL the counters and the rows are read in one snapshot (REPEATABLE READ) when not
    already inside a transaction: a write commits its row and its counter together, so a check
    running beside writers never reports a difference that is not there, and blocks nobody.
    """
    from .models import DispatchCount

    using = router.db_for_write(DispatchCount)
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        have, want = stored(agency_ids), recount(agency_ids)
    return {k: (have.get(k, 0), want.get(k, 0)) for k in sorted(set(have) | set(want), key=str)
            if have.get(k, 0) != want.get(k, 0)}


def repair(agency_ids=None) -> dict[tuple, tuple[int, int]]:
    """Make the counters equal to the rows (the rows locked meanwhile); returns what was wrong."""
    from .models import DispatchCount

    using = router.db_for_write(DispatchCount)
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            # Every writer updates the counters before it commits: with the table locked against
            # writes, no write can commit between reading the counters and recounting the rows.
            with connections[using].cursor() as cursor:
                cursor.execute(f"LOCK TABLE {DispatchCount._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        wrong = differences(agency_ids)
        record({k: want - have for k, (have, want) in wrong.items()})
    return wrong
