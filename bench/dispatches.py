#!/usr/bin/env python
"""Benchmark of section 8: the statistics pages (agency and province) on a bulk PostgreSQL database.

    .venv/bin/python bench/dispatches.py [--database-url postgres://postgres@127.0.0.1:5432/bench_dispatches]
        [--redis-url redis://127.0.0.1:6379/7] [--agencies 60] [--dispatches 20000] [--duration 10] [--fresh]

Builds (once; --fresh rebuilds) N agencies × M register entries spread over two years with the
project's own seeders (agencies/bulk.py, dispatches/bulk.py: bulk inserts), then runs
bench/httpbench.py on the agency statistics page (this month, this year, a two-year range), the
register list with a keyword, and the province-wide statistics (this month, this year): requests
per second, p50/p99 latency, SQL queries per request and gunicorn worker memory, with the page
cache off and on, next to a bare Django view. A benchmark, not a test: it prints a table.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.httpbench import add_bench_arguments, bench_and_report, prepare_database  # noqa: E402

SEED = r"""
import json, sys, time
import django
django.setup()
from agencies.bulk import seed_agencies
from dispatches.bulk import seed_dispatches
from dispatches.models import Dispatch

agencies_wanted, dispatches_wanted = int(sys.argv[1]), int(sys.argv[2])
started = time.monotonic()
agencies = seed_agencies([], {"agencies": agencies_wanted}, sys.stderr)
seed_dispatches(agencies, {"dispatches": dispatches_wanted}, sys.stderr)
print(json.dumps({"agency": agencies[len(agencies) // 2].slug, "agencies": len(agencies),
                  "dispatches": Dispatch.objects.count(), "seconds": round(time.monotonic() - started)}))
"""


def prepare(database_url, redis_url, agencies, dispatches, fresh):
    started = time.monotonic()
    info = prepare_database(database_url, redis_url, fresh, SEED, agencies, dispatches)
    info["prepare_seconds"] = round(time.monotonic() - started)
    return info


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_bench_arguments(parser, "bench_dispatches", 7, agencies=60)
    parser.add_argument("--dispatches", type=int, default=20000)
    args = parser.parse_args()

    info = prepare(args.database_url, args.redis_url, args.agencies, args.dispatches, args.fresh)
    print(f"Data: {info['agencies']} agencies, {info['dispatches']} dispatches "
          f"(seeded in {info['seconds']} s, ready in {info['prepare_seconds']} s); measured agency {info['agency']}.")
    agency = info["agency"]
    urls = [f"/{agency}/van-ban-di-den/", f"/{agency}/van-ban-di-den/?ky=nam",
            f"/{agency}/van-ban-di-den/?tu_ngay=01/01/2020&den_ngay=31/12/2030",
            f"/{agency}/van-ban-di-den/so-van-ban/?q=chuyen+doi",
            "/van-ban-di-den/", "/van-ban-di-den/?ky=nam"]
    bench_and_report(args, urls, info)


if __name__ == "__main__":
    main()
