#!/usr/bin/env python
"""Serve the portal with gunicorn and measure URLs under load. A benchmark, not a test.

    .venv/bin/python bench/httpbench.py --database-url postgres://postgres@127.0.0.1:5432/bench \
        --url /so-y-te/tin-tuc/ --url /so-y-te/tin-tuc/bai-viet/ [--cache both|on|off]

For every URL (and the baseline /bench-constant/, a bare Django view returning a constant string)
it reports requests per second, p50 and p99 latency (wrk, keep-alive), SQL queries per request
(one request through Django's test client with the page cache off), and the peak resident memory
of a gunicorn worker (VmHWM). Runs with the page cache on and off unless told otherwise.
Other benchmark scripts import ``run_benchmark`` and ``print_table``.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BASELINE = "/bench-constant/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(database_url, redis_url, cache_on):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "DEBUG": "0", "PORTAL_ROOT_URLCONF": "bench.urls",
        "PORTAL_PAGE_CACHE": "1" if cache_on else "0", "AXES_ENABLED": "0", "LOG_LEVEL": "ERROR",
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def add_bench_arguments(parser, database, redis_db, agencies):
    """The options every section benchmark shares: where to run, how much data, how much load."""
    parser.add_argument("--database-url", default=f"postgres://postgres@127.0.0.1:5432/{database}")
    parser.add_argument("--redis-url", default=f"redis://127.0.0.1:6379/{redis_db}")
    parser.add_argument("--agencies", type=int, default=agencies)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the bulk database")
    parser.add_argument("--json", help="also write the rows to this file")


def prepare_database(database_url, redis_url, fresh, seed_script, *seed_args) -> dict:
    """Create (``fresh``: recreate) a PostgreSQL database, migrate it, run ``seed_script`` (Python
    code printing one JSON line last) with ``seed_args``, then VACUUM ANALYZE. Returns that JSON."""
    import psycopg

    env = {**_env(database_url, redis_url, cache_on=False), "DJANGO_SETTINGS_MODULE": "config.settings"}
    name = database_url.rsplit("/", 1)[-1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')

    def run(args, **kwargs):
        return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, **kwargs)

    run([PYTHON, "manage.py", "migrate", "-v0"])
    out = run([PYTHON, "-c", seed_script, *map(str, seed_args)], capture_output=True).stdout
    info = json.loads(out.strip().splitlines()[-1])
    run([PYTHON, "-c", "import django; django.setup(); from django.db import connection; "
         "connection.cursor().execute('VACUUM ANALYZE')"])
    return info


def count_queries(database_url, urls, redis_url=None) -> dict:
    """SQL queries per request for each URL (page cache off), in a child process."""
    code = (
        "import django, json, sys\n"
        "django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client()\n"
        "result = {}\n"
        "for url in json.loads(sys.argv[1]):\n"
        "    client.get(url)\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        status = client.get(url).status_code\n"
        "    result[url] = [status, len(ctx.captured_queries)]\n"
        "print(json.dumps(result))\n"
    )
    env = _env(database_url, redis_url, cache_on=False)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    out = subprocess.run([PYTHON, "-c", code, json.dumps(urls)], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def _peak_rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else None


def _wrk(url, duration, connections, threads):
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(label):
        match = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50_ms": latency("50"), "p99_ms": latency("99"),
            "non_2xx": int(errors.group(1)) if errors else 0}


def run_benchmark(database_url, urls, *, redis_url=None, cache_modes=(False, True), workers=2,
                  duration=10, connections=8, threads=2, warmup=2):
    """Returns rows: {url, cache, rps, p50_ms, p99_ms, queries, peak_mb, non_2xx}."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    urls = [BASELINE, *urls]
    queries = count_queries(database_url, urls, redis_url)
    rows = []
    for cache_on in cache_modes:
        port = _free_port()
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "--access-logfile", "/dev/null"],
            cwd=ROOT, env=_env(database_url, redis_url, cache_on), start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + BASELINE, timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            for url in urls:
                _wrk(base + url, warmup, connections, threads)
                result = _wrk(base + url, duration, connections, threads)
                peak = max((_peak_rss_mb(pid) or 0) for pid in _worker_pids(server.pid)) or None
                rows.append({"url": url, "cache": "on" if cache_on else "off", **result,
                             "queries": queries[url][1], "status": queries[url][0], "peak_mb": peak})
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return rows


def print_table(rows, out=sys.stdout):
    baseline = {r["cache"]: r["rps"] for r in rows if r["url"] == BASELINE}
    out.write(f"{'url':<48} {'cache':<5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'SQL':>4} "
              f"{'worker MB':>9} {'vs bare':>7}\n")
    for r in rows:
        ratio = r["rps"] / baseline[r["cache"]] if baseline.get(r["cache"]) else 0
        out.write(f"{r['url'][:48]:<48} {r['cache']:<5} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
                  f"{r['queries']:>4} {r['peak_mb'] or 0:>9.0f} {ratio:>7.2f}"
                  f"{'  non-2xx: ' + str(r['non_2xx']) if r['non_2xx'] else ''}\n")


def bench_and_report(args, urls, info=None, cache_modes=(False, True)):
    """What every section's benchmark ends with: run ``urls``, print the table, write ``--json``."""
    rows = run_benchmark(args.database_url, urls, redis_url=args.redis_url or None, cache_modes=cache_modes,
                         workers=args.workers, duration=args.duration, connections=args.connections)
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows if info is None else {"data": info, "rows": rows}, indent=2))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--url", action="append", default=[], dest="urls")
    parser.add_argument("--cache", choices=["both", "on", "off"], default="both")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args()
    modes = {"both": (False, True), "on": (True,), "off": (False,)}[args.cache]
    bench_and_report(args, args.urls, cache_modes=modes)


if __name__ == "__main__":
    main()
