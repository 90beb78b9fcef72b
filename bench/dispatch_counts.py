#!/usr/bin/env python
"""How the dispatch statistics cost grows with the register: counters (now) against rows (before).

    DATABASE_URL=postgres://... .venv/bin/python bench/dispatch_counts.py

On an existing database (e.g. the one bench/scale.py or bench/dispatches.py built), times
``stats.dispatch_counts`` as the province page and an agency page call it (this week, month,
quarter and year plus the last 12 months; by agency, and by direction and type), best of five, once
reading whole past months from the monthly counters (DispatchCount, the code as it is) and once
counting every row (``split`` patched to send every period to the rows, as before the counters).
Also runs ``check_dispatch_counts`` (timed). A benchmark, not a test: it prints a small table.
"""

import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import timezone

    from dispatches import stats
    from dispatches.models import Dispatch

    today = timezone.localdate()
    periods = stats.standard_periods(today) + stats.last_months(today, 12)
    agency_id = (Dispatch.objects.order_by().values("agency_id").annotate(n=Count("pk")).order_by("-n")
                 .values_list("agency_id", flat=True).first())
    cases = {"province, by agency": lambda: stats.dispatch_counts(periods, None, by=("agency_id",)),
             "province, by direction and type": lambda: stats.dispatch_counts(periods, None),
             "one agency, by direction and type": lambda: stats.dispatch_counts(periods, [agency_id])}

    def best(action, n=5):
        times = []
        for _ in range(n):
            started = time.perf_counter()
            result = action()
            times.append((time.perf_counter() - started) * 1000)
        return round(min(times), 1), result

    rows = []
    original = stats.split
    for name, action in cases.items():
        counters_ms, with_counters = best(action)
        stats.split = lambda period, this_month: (None, [(period.start, period.end)])
        try:
            rows_ms, from_rows = best(action)
        finally:
            stats.split = original
        assert {k: dict(v) for k, v in with_counters.items()} == {k: dict(v) for k, v in from_rows.items()}, name
        rows.append({"case": name, "counters_ms": counters_ms, "rows_ms": rows_ms})
    started = time.perf_counter()
    call_command("check_dispatch_counts", stdout=io.StringIO())
    check_ms = round((time.perf_counter() - started) * 1000)
    print(json.dumps({"dispatches": Dispatch.objects.count(), "rows": rows, "check_ms": check_ms}))


if __name__ == "__main__":
    main()
