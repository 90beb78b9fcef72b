#!/usr/bin/env python
"""What the middleware costs a request, in one process: the settings' stack beside two variants.

    .venv/bin/python bench/middleware.py [--database-url postgres://postgres@127.0.0.1:5432/bench_content]
        [--redis-url redis://127.0.0.1:6379/7] [--path /bench-constant/] [--page-cache] [-n 500] [--rounds 10]

Builds three WSGI handlers in one process and times them interleaved, round after round, on the
same address (default: the bare view of bench/urls.py, page cache off, as bench/table.py measures it):
    settings     MIDDLEWARE as shipped
    prometheus   django-prometheus's own last middleware instead of ops.metrics.RequestMetricsMiddleware
    staff-all    every request through STAFF_MIDDLEWARE, visitors included (as before StaffMiddleware)
Prints the median and best milliseconds per request of each. A benchmark, not a test.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.inprocess import call  # noqa: E402

STAFF_CHAIN = "portal.middleware.StaffMiddleware"
LEAN_METRICS = "ops.metrics.RequestMetricsMiddleware"


def variants(middleware, staff):
    prometheus = [m if m != LEAN_METRICS else "django_prometheus.middleware.PrometheusAfterMiddleware"
                  for m in middleware]
    staff_all = list(middleware)
    staff_all[staff_all.index(STAFF_CHAIN):staff_all.index(STAFF_CHAIN) + 1] = staff
    return {"settings": list(middleware), "prometheus": prometheus, "staff-all": staff_all}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_content")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--path", default="/bench-constant/")
    parser.add_argument("--page-cache", action="store_true")
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    os.environ.update({"DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url, "DEBUG": "0",
                       "PORTAL_ROOT_URLCONF": "bench.urls", "PORTAL_PAGE_CACHE": "1" if args.page_cache else "0",
                       "AXES_ENABLED": "0", "LOG_LEVEL": "ERROR", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                       "DJANGO_SETTINGS_MODULE": "config.settings", "PORTAL_BASE_URL": "http://127.0.0.1"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    shipped = list(settings.MIDDLEWARE)
    handlers = {}
    for name, middleware in variants(shipped, settings.STAFF_MIDDLEWARE).items():
        settings.MIDDLEWARE = middleware  # read once, when the handler loads its middleware
        handlers[name] = WSGIHandler()
    settings.MIDDLEWARE = shipped
    times = {name: [] for name in handlers}
    for handler in handlers.values():
        for _ in range(100):
            status, _ = call(handler, args.path)
        assert status.startswith("200"), status
    for _ in range(args.rounds):
        for name, handler in handlers.items():
            start = time.perf_counter()
            for _ in range(args.n):
                call(handler, args.path)
            times[name].append((time.perf_counter() - start) / args.n * 1000)
    print(f"{args.path} (page cache {'on' if args.page_cache else 'off'}), ms per request:")
    for name, values in times.items():
        print(f"  {name:<11} median {statistics.median(values):.3f}  best {min(values):.3f}")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
