#!/usr/bin/env python
"""Scale benchmark (issue 20): every province-wide page, the sitemap files, the review and an agency
home at 150 agencies (``--agencies 500`` for a national-scale deployment), on PostgreSQL.

    .venv/bin/python bench/scale.py [--database-url postgres://postgres@127.0.0.1:5432/bench_scale]
        [--redis-url redis://127.0.0.1:6379/4] [--agencies 150] [--fresh | --no-seed] [--json out.json]
        [--units 4 --officials 10 --news 20 --procedures 5 --schedule-weeks 2 --schedule-entries 50
         --dispatches 100]

Builds (once; --fresh rebuilds; more agencies or volumes are added to an existing database) a bulk
database with ``manage.py seed_bulk`` and the volumes given per agency, runs
``manage.py compliance_snapshot`` (timed), then measures in one process with the page cache off,
through Django's test client: for every URL the best of three times, the SQL queries of one
request and the size of the response (the agency home twice: as most requests find it, and as the
first request after a change of the agency's content finds it). The sitemap files are the ones
/sitemap.xml names. The review pages are fetched as a superuser. A benchmark, not a test: it prints
a table. ``--no-seed`` measures a database seeded by an earlier run as it is.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.httpbench import PYTHON, _env, prepare_database  # noqa: E402

VOLUMES = [("units", 4), ("officials", 10), ("news", 20), ("procedures", 5), ("schedule_weeks", 2),
           ("schedule_entries", 50), ("dispatches", 100)]

CHOSEN = r"""
import json
import django
django.setup()
from agencies.models import Agency
agency = Agency.objects.filter(is_active=True).order_by("pk")[Agency.objects.count() // 2]
print(json.dumps({"agencies": Agency.objects.count(), "agency": agency.slug}))
"""

SEED = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
from agencies.models import Agency
options = json.loads(sys.argv[1])
call_command("seed_bulk", stdout=sys.stderr, **options)
""" + CHOSEN

PROVINCE_PAGES = ["/", "/tin-tuc/", "/thu-tuc-hanh-chinh/", "/lich-cong-tac/", "/lich-cong-tac/?ngay=hom-nay",
                  "/kinh-te-xa-hoi/", "/van-ban-di-den/", "/so-do-trang/", "/tim-kiem/?q=hoi+nghi"]
REVIEW_PAGES = ["/admin/compliance/dashboard/", "/admin/compliance/dashboard/?kind=commune&state=overdue",
                "/admin/compliance/dashboard/bao-cao/", "/admin/compliance/dashboard/bao-cao/xlsx/"]

MEASURE = r"""
import json, re, sys, time
from urllib.parse import urlsplit
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

province_pages, review_pages, agency = json.loads(sys.argv[1])
rows = []

def best_of_three(action, before):
    times = []
    for _ in range(3):
        before()
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), result

def measure(client, url, group, before=lambda: None, label=None):
    client.get(url)  # warm the per-process caches (province, host names), as a running server has them
    queries = []
    before()
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    ms, response = best_of_three(lambda: client.get(url), before)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows.append({"group": group, "url": label or url, "status": response.status_code, "ms": round(ms, 1),
                 "sql": len(queries), "kb": round(len(content) / 1024, 1)})
    return content

start = time.perf_counter()
call_command("compliance_snapshot", stdout=open("/dev/null", "w"))
snapshot_ms = (time.perf_counter() - start) * 1000

client = Client()
for url in province_pages:
    measure(client, url, "province")
index = measure(client, "/sitemap.xml", "sitemap").decode()
for loc in re.findall(r"<loc>([^<]+)</loc>", index):
    part = urlsplit(loc)
    measure(client, part.path + (f"?{part.query}" if part.query else ""), "sitemap")
measure(client, f"/{agency}/", "agency")
# The first request after a change: the sections' summaries are asked again (agencies/views.py).
from agencies.cache import bump_content_version
from agencies.models import Agency
agency_pk = Agency.objects.get(slug=agency).pk
measure(client, f"/{agency}/", "agency", before=lambda: bump_content_version(agency_pk),
        label=f"/{agency}/ (after a change)")
user, _ = get_user_model().objects.get_or_create(username="bench-scale", defaults={"is_staff": True,
                                                                                   "is_superuser": True})
client.force_login(user)
for url in review_pages:
    measure(client, url, "review")
rows.append({"group": "command", "url": "manage.py compliance_snapshot", "status": 0, "ms": round(snapshot_ms, 1),
             "sql": None, "kb": None})
print(json.dumps(rows))
"""


def print_table(rows, out=sys.stdout):
    out.write(f"| {'page':<56} | {'status':>6} | {'ms (best of 3)':>14} | {'SQL':>5} | {'KB':>8} |\n")
    out.write(f"|{'-' * 58}|{'-' * 7}:|{'-' * 15}:|{'-' * 6}:|{'-' * 9}:|\n")
    for r in rows:
        sql = "" if r["sql"] is None else r["sql"]
        kb = "" if r["kb"] is None else r["kb"]
        out.write(f"| `{r['url'][:54]}`{' ' * max(0, 54 - len(r['url'][:54]))} | {r['status'] or '':>6} | "
                  f"{r['ms']:>14} | {sql:>5} | {kb:>8} |\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_scale")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--agencies", type=int, default=150, help="150 (a merged province) or 500 (national scale)")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the bulk database")
    parser.add_argument("--no-seed", action="store_true",
                        help="measure the database as it is (seeded by an earlier run): topping up 300,000 "
                             "dispatches takes minutes even when nothing is missing")
    parser.add_argument("--json", help="also write the rows to this file")
    for name, default in VOLUMES:
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default, help="per agency")
    args = parser.parse_args()
    options = {"agencies": args.agencies, **{name: getattr(args, name) for name, _default in VOLUMES}}
    env = {**_env(args.database_url, args.redis_url, cache_on=False), "DJANGO_SETTINGS_MODULE": "config.settings"}
    if args.no_seed:
        info = json.loads(subprocess.run([PYTHON, "-c", CHOSEN], cwd=ROOT, env=env, capture_output=True, text=True,
                                         check=True).stdout.strip().splitlines()[-1])
    else:
        info = prepare_database(args.database_url, args.redis_url, args.fresh, SEED, json.dumps(options))
    out = subprocess.run([PYTHON, "-c", MEASURE, json.dumps([PROVINCE_PAGES, REVIEW_PAGES, info["agency"]])],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    rows = json.loads(out.strip().splitlines()[-1])
    volumes = "as seeded before (--no-seed)" if args.no_seed else ", ".join(
        f"{name} {options[name]}" for name, _d in VOLUMES)
    sys.stdout.write(f"{info['agencies']} agencies, per agency: {volumes}\n\n")
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps({"options": options, "rows": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
