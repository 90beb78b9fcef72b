#!/usr/bin/env python
"""The performance table of issue 13 for this portal, in one run, with the ratios that count.

    .venv/bin/python bench/table.py run [--database-url postgres://postgres@127.0.0.1:5432/bench_content]
        [--redis-url redis://127.0.0.1:6379/3] [--agencies 20] [--news 500] [--duration 15] [--fresh]

Seeds (once) N agencies × M published articles with bench/content.py's seeders, then starts, all
before any load (wrk leaves ports in TIME-WAIT): gunicorn with the page cache off, gunicorn with it on,
the shipped nginx configuration (deploy/nginx/portal.conf, micro-cache included) in front of the
cached one, the trivial Django view (bench/ceiling.py: the Django ceiling) and nginx serving the same
10 KB page as a static file (the server ceiling). Measures with wrk (-t2 -c16, 200 article paths
rotated over the agencies, gunicorn 2 sync workers) and prints the table and the ratios:

    article / news list page 1 / page 10, uncached      (beside Wagtail: bench/peers.sh)
    article, app page cache hit                          vs the trivial Django view
    the portal's bare view /bench-constant/              vs the trivial Django view
    article behind nginx (keep-alive and one request per connection) vs nginx's static file
    one hot article behind nginx (the micro-cache's best case)           vs nginx's static file

Other subcommands, used by bench/peers.sh (the same targets beside Wagtail in ../shared/peers):
    table.py paths DATABASE_URL OUT_DIR       writes detail.txt, list_p1.txt, list_p10.txt
    table.py nginx OUT_DIR UPSTREAM_PORT HTTP_PORT     renders the shipped nginx config for the bench
    table.py report RUN_DIR                   the table and ratios from a runs.jsonl (ours or peers')
A benchmark, not a test. Absolute figures move with the machine's load; compare ratios of one run.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
LUA = Path(__file__).resolve().parent / "wrk_paths.lua"

PATHS_CODE = r"""
import random, sys, django
django.setup()
from agencies.models import Agency
from content.models import Article
out = sys.argv[1]
rng = random.Random(7); detail = []; lists = []
for agency in Agency.objects.order_by("slug"):
    slugs = list(Article.objects.published().for_agency(agency).order_by("pk").values_list("slug", flat=True))
    if len(slugs) < 100:
        continue
    news = agency.reverse("content:news_list")
    detail += [f"{news}{slug}/" for slug in rng.sample(slugs, 10)]
    lists.append(news)
rng.shuffle(detail)
open(f"{out}/detail.txt", "w").write("\n".join(detail) + "\n")
open(f"{out}/list_p1.txt", "w").write("\n".join(lists) + "\n")
open(f"{out}/list_p10.txt", "w").write("\n".join(f"{l}?page=10" for l in lists) + "\n")
print(len(detail), "article paths,", len(lists), "news lists")
"""

# label: (what it is, compared with, the goal's ratio)
ROWS = {
    "wagtail_detail": ("Wagtail 8: article", None, None),
    "wagtail_index_p1": ("Wagtail 8: news list page 1", None, None),
    "wagtail_index_p10": ("Wagtail 8: news list page 10", None, None),
    "ours_article_uncached": ("article, uncached", "wagtail_detail", 4.0),
    "ours_list_p1_uncached": ("news list page 1, uncached", "wagtail_index_p1", 4.0),
    "ours_list_p10_uncached": ("news list page 10, uncached", "wagtail_index_p10", 4.0),
    "ours_article_cached": ("article, app page cache hit", "django_static_view", 0.8),
    "ours_bare_view": ("portal bare view /bench-constant/ (full middleware)", "django_static_view", 0.8),
    "django_static_view": ("trivial Django view, 10 KB (Django ceiling)", None, None),
    "ours_article_nginx": ("article behind the shipped nginx, keep-alive", "nginx_static", 0.5),
    "ours_article_nginx_close": ("article behind the shipped nginx, 1 request/connection",
                                 "nginx_static_close", 0.5),
    "ours_hot_nginx": ("one hot article behind the shipped nginx, keep-alive", "nginx_static", 0.5),
    "nginx_static": ("nginx static 10 KB file, keep-alive", None, None),
    "nginx_static_close": ("nginx static 10 KB file, 1 request/connection", None, None),
}


# --------------------------------------------------------------------------------------- helpers
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_env(database_url, redis_url, cache_on):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env.update({"DATABASE_URL": database_url, "DEBUG": "0", "PORTAL_ROOT_URLCONF": "bench.urls",
                "PORTAL_PAGE_CACHE": "1" if cache_on else "0", "AXES_ENABLED": "0", "LOG_LEVEL": "ERROR",
                "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "DJANGO_SETTINGS_MODULE": "config.settings",
                # the portal's own host name, as in production (no agency host look-up for it)
                "PORTAL_BASE_URL": "http://127.0.0.1"})
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def write_paths(database_url, out: Path):
    out.mkdir(parents=True, exist_ok=True)
    env = portal_env(database_url, None, False)
    subprocess.run([PYTHON, "-c", PATHS_CODE, str(out)], cwd=ROOT, env=env, check=True)


def render_nginx(out: Path, upstream_port: int, http_port: int, workers: int | None = None) -> Path:
    """deploy/nginx/portal.conf as deploy/tests renders it, plus a plain-HTTP listener on the TLS server
    (the ceiling is plain HTTP too) and one worker process per core. Returns nginx.conf."""
    sys.path.insert(0, str(ROOT / "deploy" / "tests"))
    from nginxconf import render

    out.mkdir(parents=True, exist_ok=True)
    (out / "static").mkdir(exist_ok=True)
    (out / "media").mkdir(exist_ok=True)
    https_port, redirect_port = free_port(), free_port()
    conf = render(out, redirect_port, https_port, [upstream_port], out / "media", out / "static")
    site = out / "portal.conf"
    tls = f"    listen 127.0.0.1:{https_port} ssl http2;\n"
    text = site.read_text()
    assert tls in text
    site.write_text(text.replace(tls, tls + f"    listen 127.0.0.1:{http_port};\n"))
    main = conf.read_text().replace("worker_processes 1;", f"worker_processes {workers or os.cpu_count()};")
    main = main.replace("worker_connections 512;", "worker_connections 1024;")
    conf.write_text(main)
    return conf


def render_static_nginx(out: Path, port: int) -> Path:
    from bench.ceiling import PAGE

    (out / "www").mkdir(parents=True, exist_ok=True)
    (out / "tmp").mkdir(exist_ok=True)
    (out / "www" / "page.html").write_bytes(PAGE)
    conf = out / "nginx.conf"
    conf.write_text(f"""
worker_processes {os.cpu_count()};
pid {out}/nginx.pid;
error_log {out}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    types {{ text/html html; }}
    client_body_temp_path {out}/tmp/body;
    proxy_temp_path {out}/tmp/proxy;
    fastcgi_temp_path {out}/tmp/fastcgi;
    uwsgi_temp_path {out}/tmp/uwsgi;
    scgi_temp_path {out}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {out}/www;
        location / {{ try_files $uri =404; }}
    }}
}}
""")
    return conf


def wait_http(url, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} never answered 200")


def wrk(label, url, paths, out: Path, duration, warmup, threads, connections, repeats, workers, *extra):
    """wrk with the peers' settings and script; appends one JSON line per repeat to out/runs.jsonl."""
    args = ["wrk", f"-t{threads}", f"-c{connections}", "-s", str(LUA), *extra, url, "--", str(paths or "")]
    subprocess.run([*args[:3], f"-d{warmup}s", *args[3:]], check=True, capture_output=True)
    for rep in range(1, repeats + 1):
        raw = subprocess.run([*args[:3], f"-d{duration}s", "--latency", *args[3:]], check=True,
                             capture_output=True, text=True).stdout
        (out / f"wrk-{label}-r{rep}.txt").write_text(raw)
        line = next(line for line in raw.splitlines() if line.startswith("WRKJSON "))
        row = json.loads(line[8:])
        row.update(label=label, workers=workers, rep=rep, rps=round(row["requests"] / (row["duration_us"] / 1e6), 1))
        with open(out / "runs.jsonl", "a") as f:
            f.write(json.dumps(row) + "\n")
        errors = row["err_connect"] + row["err_read"] + row["err_write"] + row["err_timeout"]
        print(f"  {label:26s} r{rep}: {row['rps']:8.1f} req/s  p50 {row['lat_p50_us'] / 1000:7.2f} ms  "
              f"p99 {row['lat_p99_us'] / 1000:7.2f} ms  non-2xx {row['err_status']}  socket errors {errors}",
              flush=True)


def count_queries(database_url, out: Path):
    """SQL queries of one warm request (page cache off) per kind of page, through Django's test client."""
    code = r"""
import django, json, sys
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
out = sys.argv[1]
first = lambda name: open(f"{out}/{name}").readline().strip()
client = Client()
result = {}
for label, path in [("ours_article_uncached", first("detail.txt")), ("ours_list_p1_uncached", first("list_p1.txt")),
                    ("ours_list_p10_uncached", first("list_p10.txt") ), ("ours_bare_view", "/bench-constant/")]:
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path).status_code
    result[label] = {"status": status, "queries": len(ctx.captured_queries)}
print(json.dumps(result))
"""
    env = portal_env(database_url, None, False)
    text = subprocess.run([PYTHON, "-c", code, str(out)], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True).stdout
    result = json.loads(text.strip().splitlines()[-1])
    (out / "queries.json").write_text(json.dumps(result, indent=1))
    return result


# --------------------------------------------------------------------------------------- report
def report(run: Path, file=sys.stdout):
    groups = {}
    for line in open(run / "runs.jsonl"):
        row = json.loads(line)
        groups.setdefault(row["label"], []).append(row)
    queries = {}
    for name in ("queries.json", "ours-queries.json"):
        if (run / name).exists():
            queries.update(json.loads((run / name).read_text()))
    mean = {label: statistics.mean(r["rps"] for r in rows) for label, rows in groups.items()}
    p = lambda text="": print(text, file=file)  # noqa: E731
    p(f"{'page':<58} {'req/s':>8} {'runs':>17} {'p50 ms':>7} {'p99 ms':>7} {'SQL':>4} {'errors':>6}")
    order = [*ROWS, *sorted(set(groups) - set(ROWS))]
    for label in order:
        if label not in groups:
            continue
        rows = groups[label]
        name = ROWS.get(label, (label,))[0]
        runs = " / ".join(f"{r['rps']:.0f}" for r in rows)
        p50 = statistics.mean(r["lat_p50_us"] for r in rows) / 1000
        p99 = statistics.mean(r["lat_p99_us"] for r in rows) / 1000
        errors = sum(r["err_status"] + r["err_connect"] + r["err_read"] + r["err_write"] + r["err_timeout"]
                     for r in rows)
        sql = queries.get(label, {}).get("queries", "")
        p(f"{name[:58]:<58} {mean[label]:>8,.0f} {runs:>17} {p50:>7.2f} {p99:>7.2f} {sql!s:>4} {errors:>6}")
    p()
    p("Ratios in this run (the goals of issue 13):")
    for label, (name, base, goal) in ROWS.items():
        if not base or label not in mean:
            continue
        if base not in mean:
            p(f"  {name:<58} (no {base} in this run)")
            continue
        ratio = mean[label] / mean[base]
        shown = f"{ratio:.2f}×" if goal >= 1 else f"{ratio * 100:.0f} %"
        wanted = f"≥ {goal:.0f}×" if goal >= 1 else f"≥ {goal * 100:.0f} %"
        p(f"  {name:<58} {shown:>8} of {base:<20} goal {wanted:<7} {'met' if ratio >= goal else 'NOT met'}")
    for label in ("ours_article_uncached", "ours_list_p1_uncached", "ours_article_cached", "ours_bare_view"):
        if label in mean:
            p(f"  {ROWS[label][0]:<58} {2000 / mean[label]:6.2f} ms of a worker per request (2 workers)")


# --------------------------------------------------------------------------------------- run
class Servers:
    def __init__(self):
        self.processes = []
        self.nginx = []

    def gunicorn(self, app, port, env, workers, log):
        process = subprocess.Popen(
            [GUNICORN, app, "-w", str(workers), "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             "--access-logfile", "/dev/null", "--error-logfile", str(log)],
            cwd=ROOT, env=env, start_new_session=True)
        self.processes.append(process)

    def start_nginx(self, conf: Path):
        subprocess.run(["nginx", "-c", str(conf)], check=True)
        self.nginx.append(conf)

    def stop(self):
        for conf in self.nginx:
            subprocess.run(["nginx", "-c", str(conf), "-s", "quit"], check=False, capture_output=True)
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def run(args):
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed: apt-get install -y {tool}")
    from bench.content import prepare

    info = prepare(args.database_url, args.redis_url, args.agencies, args.news, args.fresh)
    print(f"Data: {info['agencies']} agencies, {info['articles']} articles.")
    out = Path(args.out or tempfile.mkdtemp(prefix="bench-table-"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "runs.jsonl").write_text("")
    write_paths(args.database_url, out)
    print("queries per request (page cache off):", json.dumps(count_queries(args.database_url, out)))
    detail, list_p1, list_p10 = (out / name for name in ("detail.txt", "list_p1.txt", "list_p10.txt"))
    first = detail.read_text().split()[0]
    first_list = list_p1.read_text().split()[0]

    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    ports = {name: free_port() for name in ("uncached", "cached", "ceiling", "front", "static")}
    servers = Servers()
    try:
        w = args.workers
        servers.gunicorn("config.wsgi", ports["uncached"], portal_env(args.database_url, args.redis_url, False), w,
                         out / "uncached.log")
        servers.gunicorn("config.wsgi", ports["cached"], portal_env(args.database_url, args.redis_url, True), w,
                         out / "cached.log")
        servers.gunicorn("bench.ceiling:application", ports["ceiling"],
                         {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.ceiling"}, w, out / "ceiling.log")
        servers.start_nginx(render_nginx(out / "nginx-front", ports["cached"], ports["front"]))
        servers.start_nginx(render_static_nginx(out / "nginx-static", ports["static"]))
        url = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for base, path in [("uncached", first), ("cached", first), ("ceiling", "/page.html"), ("front", first),
                           ("static", "/page.html")]:
            wait_http(url[base] + path)
        for path in detail.read_text().split():  # every article once into the app's page cache
            urllib.request.urlopen(url["cached"] + path).read()
        settings = dict(out=out, duration=args.duration, warmup=args.warmup, threads=args.threads,
                        connections=args.connections, repeats=args.repeats)

        def measure(label, base, path, paths=None, workers=w, *extra):
            print(f"== {label}", flush=True)
            wrk(label, url[base] + path, paths, settings["out"], settings["duration"], settings["warmup"],
                settings["threads"], settings["connections"], settings["repeats"], workers, *extra)

        measure("ours_article_uncached", "uncached", first, detail)
        measure("ours_list_p1_uncached", "uncached", first_list, list_p1)
        measure("ours_list_p10_uncached", "uncached", first_list + "?page=10", list_p10)
        measure("ours_article_cached", "cached", first, detail)
        measure("ours_bare_view", "uncached", "/bench-constant/")
        measure("django_static_view", "ceiling", "/page.html")
        measure("ours_article_nginx", "front", first, detail)
        measure("ours_article_nginx_close", "front", first, detail, w, "-H", "Connection: close")
        measure("ours_hot_nginx", "front", first)
        measure("nginx_static", "static", "/page.html", None, os.cpu_count())
        measure("nginx_static_close", "static", "/page.html", None, os.cpu_count(), "-H", "Connection: close")
    finally:
        servers.stop()
    (out / "ours-queries.json").write_text((out / "queries.json").read_text())
    print()
    report(out)
    print(f"\nraw wrk output and runs.jsonl: {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="the whole table, this portal only")
    r.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_content")
    r.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    r.add_argument("--agencies", type=int, default=20)
    r.add_argument("--news", type=int, default=500)
    r.add_argument("--duration", type=int, default=15)
    r.add_argument("--warmup", type=int, default=3)
    r.add_argument("--threads", type=int, default=2)
    r.add_argument("--connections", type=int, default=16)
    r.add_argument("--repeats", type=int, default=2)
    r.add_argument("--workers", type=int, default=2)
    r.add_argument("--fresh", action="store_true", help="drop and rebuild the bulk database")
    r.add_argument("--out", help="result folder (default: a new temporary one)")
    p = sub.add_parser("paths")
    p.add_argument("database_url")
    p.add_argument("out", type=Path)
    n = sub.add_parser("nginx")
    n.add_argument("out", type=Path)
    n.add_argument("upstream_port", type=int)
    n.add_argument("http_port", type=int)
    q = sub.add_parser("queries")
    q.add_argument("database_url")
    q.add_argument("out", type=Path)
    rep = sub.add_parser("report")
    rep.add_argument("run", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args)
    elif args.command == "paths":
        write_paths(args.database_url, args.out)
    elif args.command == "nginx":
        print(render_nginx(args.out, args.upstream_port, args.http_port))
    elif args.command == "queries":
        print(json.dumps(count_queries(args.database_url, args.out)))
    else:
        report(args.run.resolve())


if __name__ == "__main__":
    main()
