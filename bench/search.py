#!/usr/bin/env python
"""Benchmark of the site-wide search (portal/search.py) on bulk data, under gunicorn on PostgreSQL.

    .venv/bin/python bench/search.py [--database-url postgres://postgres@127.0.0.1:5432/bench_search]
        [--agencies 30] [--news 200] [--procedures 100] [--legal-documents 20] [--officials 30]
        [--dispatches 1000] [--duration 5] [--fresh | --reuse]

Seeds (once; --fresh rebuilds) with ``manage.py seed_bulk`` (every section's bulk seeder, then
portal/bulk.py writes the search index), then runs each query of bench/search_queries.txt on the
province search and on one agency's search with the page cache OFF (every request searches):
p50/p99 latency under load (wrk), SQL queries per request, and the index size on disk.
"""

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.httpbench import add_bench_arguments, bench_and_report, prepare_database  # noqa: E402

SEED = r"""
import json, sys, time
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from agencies.models import Agency
from portal.models import SearchDocument

names = ["agencies", "news", "procedures", "legal_documents", "officials", "dispatches"]
options = dict(zip(names, (int(v) for v in sys.argv[1:7])))
started = time.monotonic()
if sys.argv[7:] != ["reuse"]:
    call_command("seed_bulk", schedule_weeks=2, schedule_entries=10, units=6, stdout=sys.stderr, **options)
seconds = time.monotonic() - started
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_total_relation_size('portal_searchdocument'), pg_relation_size('portal_searchdocument')")
    total, heap = cursor.fetchone()
counts = dict(SearchDocument.objects.order_by().values_list("kind").annotate(n=django.db.models.Count("pk")))
agency = Agency.objects.filter(is_active=True).order_by("pk")[1].slug
print(json.dumps({"documents": SearchDocument.objects.count(), "by_kind": counts, "index_mb": round(total / 2**20, 1),
                  "table_mb": round(heap / 2**20, 1), "seed_seconds": round(seconds), "agency": agency,
                  "agencies": Agency.objects.count()}))
"""


def reused_database(database_url, redis_url, script, *args) -> dict:
    import os
    import subprocess

    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings",
           "PORTAL_PAGE_CACHE": "0", "LOG_LEVEL": "ERROR"}
    if redis_url:
        env["REDIS_URL"] = redis_url
    out = subprocess.run([sys.executable, "-c", script, *map(str, args)], cwd=ROOT, env=env, check=True, text=True,
                         capture_output=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_bench_arguments(parser, "bench_search", 6, agencies=30)
    parser.set_defaults(duration=5, connections=2)
    parser.add_argument("--news", type=int, default=200)
    parser.add_argument("--procedures", type=int, default=100)
    parser.add_argument("--legal-documents", type=int, default=20)
    parser.add_argument("--officials", type=int, default=30)
    parser.add_argument("--dispatches", type=int, default=1000)
    parser.add_argument("--queries", default=str(ROOT / "bench" / "search_queries.txt"))
    parser.add_argument("--agency-queries", type=int, default=5, help="how many queries also on an agency page")
    parser.add_argument("--reuse", action="store_true",
                        help="benchmark an already seeded and migrated database as it is (seeding again "
                             "rebuilds the whole search index: an hour at full volume)")
    args = parser.parse_args()

    seed_args = (args.agencies, args.news, args.procedures, args.legal_documents, args.officials, args.dispatches)
    if args.reuse:
        info = reused_database(args.database_url, args.redis_url, SEED, *seed_args, "reuse")
    else:
        info = prepare_database(args.database_url, args.redis_url, args.fresh, SEED, *seed_args)
    print(f"Data: {json.dumps(info, ensure_ascii=False)}")
    queries = [line.strip() for line in Path(args.queries).read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    urls = [f"/tim-kiem/?q={quote_plus(q)}" for q in queries]
    urls += [f"/{info['agency']}/tim-kiem/?q={quote_plus(q)}" for q in queries[:args.agency_queries]]
    bench_and_report(args, urls, info, cache_modes=(False,))


if __name__ == "__main__":
    main()
