#!/usr/bin/env python
"""Benchmark of the read API (/api/v1/) and of a harvest, on PostgreSQL with the bulk seeders.

    .venv/bin/python bench/api.py [--database-url postgres://postgres@127.0.0.1:5432/bench_api]
        [--redis-url redis://127.0.0.1:6379/5] [--agencies 150] [--news 40] [--procedures 20]
        [--dispatches 100] [--duration 10] [--fresh] [--no-http]

Builds (once; --fresh rebuilds) a province of N agencies with the project's seeders (seed_bulk:
organization, news, procedures, schedules, dispatches), then
1. runs bench/httpbench.py on list and detail endpoints: requests per second, p50/p99, SQL queries
   per request (page cache off), with and without the cache;
2. times a full harvest (``manage.py harvest_portal``) of the whole province from a gunicorn server,
   changes 1 % of the articles and officials, and times the incremental harvest that follows.
A benchmark, not a test: it takes several minutes and prints two tables.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.httpbench import PYTHON, _env, _free_port, add_bench_arguments, prepare_database, print_table, run_benchmark  # noqa: E402

# wrk and the harvester come from one address: lift the per-client limit for the measurement.
os.environ["PORTAL_API_RATE"] = "100000000/s"
os.environ["PORTAL_FETCH_ALLOW_INTERNAL"] = "1"

SEED = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
from agencies.models import Agency, Official
from content.models import Article
from procedures.models import Procedure

agencies, news, procedures, dispatches = map(int, sys.argv[1:5])
call_command("seed_bulk", agencies=agencies, news=news, procedures=procedures, dispatches=dispatches,
             units=8, officials=30, schedule_weeks=4, schedule_entries=12, verbosity=0)
agency = Agency.objects.filter(is_active=True).order_by("pk")[agencies // 2]
print(json.dumps({"agencies": Agency.objects.count(), "articles": Article.objects.count(),
                  "procedures": Procedure.objects.count(), "officials": Official.objects.count(),
                  "agency": agency.slug,
                  "article": Article.objects.published().filter(agency=agency).order_by("pk").first().pk,
                  "procedure": Procedure.objects.published().filter(agency=agency).order_by("pk").first().pk}))
"""

TOUCH = r"""
import django
django.setup()
from agencies.models import Official
from content.models import Article
# Saves (not updates), as the admin does: signals, versions and tombstones run.
for model in (Article, Official):
    rows = list(model.objects.order_by("pk")[::100])
    for row in rows[: len(rows) // 2]:
        row.save()
    for row in rows[len(rows) // 2:]:
        row.status = "unpublished"
        row.save()
print(len(rows))
"""


def harvest_times(database_url, redis_url, workers):
    env = _env(database_url, redis_url, cache_on=True)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    result = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/agencies?limit=1", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as folder:
            def harvest(label):
                started = time.perf_counter()
                out = subprocess.run([PYTHON, "manage.py", "harvest_portal", base, "--into", folder], cwd=ROOT,
                                     env=env, check=True, capture_output=True, text=True).stdout.strip()
                result[label] = {"seconds": round(time.perf_counter() - started, 1), "report": out}
            harvest("full")
            subprocess.run([PYTHON, "-c", TOUCH], cwd=ROOT, env=env, check=True, capture_output=True)
            harvest("incremental")
            size = sum(p.stat().st_size for p in Path(folder).glob("*.json"))
            result["mirror_mb"] = round(size / 2**20, 1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_bench_arguments(parser, "bench_api", 5, agencies=150)
    parser.add_argument("--news", type=int, default=40)
    parser.add_argument("--procedures", type=int, default=20)
    parser.add_argument("--dispatches", type=int, default=100)
    parser.add_argument("--no-http", action="store_true", help="only the harvest times")
    args = parser.parse_args()

    info = prepare_database(args.database_url, args.redis_url, args.fresh, SEED, args.agencies, args.news,
                            args.procedures, args.dispatches)
    print(f"Data: {json.dumps(info)}")
    slug = info["agency"]
    urls = ["/api/v1/agencies?limit=200", f"/api/v1/agencies/{slug}", f"/api/v1/agencies/{slug}/summary",
            "/api/v1/news?limit=50", f"/api/v1/news?agency={slug}&limit=50", f"/api/v1/news/{info['article']}",
            "/api/v1/procedures?limit=50", f"/api/v1/procedures/{info['procedure']}",
            f"/api/v1/agencies/{slug}/officials?limit=200", "/api/v1/schedule-entries?limit=200",
            "/api/v1/dispatches?limit=200", "/api/v1/dispatch-statistics", "/api/v1/tombstones?limit=200"]
    rows = [] if args.no_http else run_benchmark(
        args.database_url, urls, redis_url=args.redis_url or None, cache_modes=(False, True),
        workers=args.workers, duration=args.duration, connections=args.connections)
    if rows:
        print_table(rows)
    times = harvest_times(args.database_url, args.redis_url or None, args.workers)
    for label in ("full", "incremental"):
        print(f"harvest {label:<12} {times[label]['seconds']:>7.1f} s   {times[label]['report']}")
    print(f"mirror size {times['mirror_mb']} MB")
    if args.json:
        Path(args.json).write_text(json.dumps({"data": info, "rows": rows, "harvest": times}, indent=2))


if __name__ == "__main__":
    main()
