#!/usr/bin/env python
"""Milliseconds per request in one process, no HTTP server: where the time of a public page goes.

    .venv/bin/python bench/inprocess.py [--database-url postgres://postgres@127.0.0.1:5432/bench_content]
        [--redis-url redis://127.0.0.1:6379/7] [-n 300] [--profile article|list_p1|list_p10|hit|bare]
        [--profile-file stats.prof]

On the bulk database of bench/table.py (seed it with ``bench/table.py run`` or bench/content.py), calls
the portal's WSGI application in a loop (what gunicorn calls, without the socket) and prints the mean
and median milliseconds per request for: an article, the news list page 1 and page 10 (page cache off),
an article from the page cache (a hit), the bare view /bench-constant/ (full middleware) and the
trivial Django view of bench/ceiling.py (its own settings, in a child process). ``--profile`` prints
the cProfile of one of them, sorted by cumulative then internal time.
A benchmark, not a test: figures move with the machine's load; compare them within one run.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def environ_for(path, host="127.0.0.1"):
    path, _, query = path.partition("?")
    return {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": host,
            "SERVER_PORT": "80", "HTTP_HOST": host, "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_ACCEPT": "text/html", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
            "wsgi.multiprocess": True, "wsgi.run_once": False}


def call(application, path):
    status = []
    body = b"".join(application(environ_for(path), lambda s, h, e=None: status.append(s)))
    return status[0], body


def timed(application, paths, n):
    """ms per request over n requests rotating over paths (after one warm-up pass)."""
    for path in paths:
        status, _ = call(application, path)
        assert status.startswith("200"), (path, status)
    times, cpu = [], []
    for i in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        call(application, paths[i % len(paths)])
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {"mean": round(statistics.mean(times), 3), "median": round(statistics.median(times), 3),
            "cpu": round(statistics.mean(cpu), 3)}


CEILING = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from bench.inprocess import timed
from bench.ceiling import application
print(json.dumps(timed(application, ["/page.html"], int(sys.argv[1]))))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_content")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--profile", choices=["article", "list_p1", "list_p10", "hit", "bare"])
    parser.add_argument("--profile-file", help="with --profile: also write the raw cProfile stats there (pstats)")
    args = parser.parse_args()
    os.environ.update({"DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url, "DEBUG": "0",
                       "PORTAL_ROOT_URLCONF": "bench.urls", "PORTAL_PAGE_CACHE": "0", "AXES_ENABLED": "0",
                       "LOG_LEVEL": "ERROR", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                       "DJANGO_SETTINGS_MODULE": "config.settings",
                       "PORTAL_BASE_URL": "http://127.0.0.1"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application

    from agencies.models import Agency
    from content.models import Article

    cache.clear()
    detail, lists = [], []
    for agency in Agency.objects.order_by("slug")[:10]:
        slugs = list(Article.objects.published().for_agency(agency).order_by("pk").values_list("slug", flat=True)[:5])
        news = agency.reverse("content:news_list")
        detail += [f"{news}{slug}/" for slug in slugs]
        lists.append(news)
    targets = {"article": detail, "list_p1": lists, "list_p10": [f"{path}?page=10" for path in lists],
               "hit": detail, "bare": ["/bench-constant/"]}
    application = get_wsgi_application()

    def run(name, n):
        settings.PORTAL_PAGE_CACHE = name == "hit"
        if name == "hit":
            for path in targets[name]:
                call(application, path)  # into the page cache
        return timed(application, targets[name], n)

    if args.profile:
        import cProfile
        import pstats

        run(args.profile, 20)
        profiler = cProfile.Profile()
        profiler.enable()
        run(args.profile, args.n)
        profiler.disable()
        stats = pstats.Stats(profiler)
        if args.profile_file:
            stats.dump_stats(args.profile_file)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        return
    result = {name: run(name, args.n if name not in ("hit", "bare") else args.n * 5) for name in targets}
    ceiling = subprocess.run([sys.executable, "-c", CEILING, str(args.n * 5), str(ROOT)], check=True,
                             capture_output=True, text=True,
                             env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.ceiling"}).stdout
    result["trivial"] = json.loads(ceiling.strip().splitlines()[-1])
    print(f"{'page':<10} {'mean ms':>8} {'median':>8} {'CPU ms':>8}  (CPU: this process only, not the servers)")
    for name, row in result.items():
        print(f"{name:<10} {row['mean']:>8.3f} {row['median']:>8.3f} {row['cpu']:>8.3f}")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
