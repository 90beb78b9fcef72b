"""Load and fault test, one command, loopback only, bounded in time (about 10 minutes):

    .venv/bin/python bench/load.py [--users 64] [--seconds 120] [--fault-seconds 100] [--skip-faults]

It makes everything it uses and removes it afterwards: a private PostgreSQL cluster (initdb, port
55435) with the demo province, a private Redis (8186), gunicorn with DEBUG off (8184,
2 × CPU + 1 workers). Then:
1. Locust (bench/locustfile.py): citizens over every public page type, officers unpublishing and
   publishing in the admin, document systems on the push API, reviewers on the dashboard; throughput
   and p50/p99 per page type; no 5xx allowed.
2. The same load again while faults happen: PostgreSQL restarted (every answer during the outage is
   the Vietnamese 503 page, never a traceback; time until /readyz is back; every pushed batch whole
   or absent), Redis stopped and started (pages still served), the media volume full (an upload is
   refused with a clear message; a tmpfs mount, needs root), a sync source that hangs (the sync gives
   up at its time-out and keeps the old figures).
Figures go to bench/results/load-<time>.json and are printed.
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_PORT, REDIS_PORT, APP_PORT, HANG_PORT = 55435, 8186, 8184, 8187
HOST = "congthongtin.example.gov.vn"


def pg_bin(name):
    return shutil.which(name) or str(next(Path("/usr/lib/postgresql").glob(f"*/bin/{name}")))


def as_postgres(*args, check=True):
    command = ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)
    return subprocess.run(command, check=check, capture_output=True, text=True)


def http(url, timeout=10, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers={"Host": HOST, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return 0, str(error)


class Stack:
    def __init__(self, workdir: Path):
        self.dir = workdir
        self.pgdata = workdir / "pg"
        self.media = workdir / "media"
        self.processes = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "PORTAL_S3"))}
        self.env.update({
            # Production settings but for the secure-only cookies (Locust speaks plain HTTP on loopback, and
            # a client does not send Secure cookies over it): DEBUG off, JSON logs, real pool and Redis.
            "DJANGO_ENV": "development", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1", "LOG_FORMAT": "json",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0", "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(workdir / "static"), "DEMO_PASSWORD": "demo12345", "AXES_ENABLED": "0",
            "DATABASE_POOL_TIMEOUT": "3", "LOG_LEVEL": "WARNING", "ACCESS_LOG_LEVEL": "WARNING",
            "PORTAL_FETCH_ALLOW_INTERNAL": "1", "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
        })

    def manage(self, *args, check=True):
        result = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True)
        if check and result.returncode:
            raise SystemExit(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start_postgres(self):
        shutil.chown(self.dir, "postgres", "postgres") if os.geteuid() == 0 else None
        as_postgres(pg_bin("initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8")
        with open(self.pgdata / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {PG_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
                       "max_connections = 200\nshared_buffers = 128MB\nsynchronous_commit = off\n")
        self.pg_ctl("start")
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-qc",
                        "CREATE DATABASE portal"], check=True)

    def pg_ctl(self, action, *extra):
        return as_postgres(pg_bin("pg_ctl"), "-D", str(self.pgdata), "-l", str(self.dir / "pg.log"), "-w",
                           *extra, action)

    def start_redis(self):
        process = subprocess.Popen(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no"], stdout=subprocess.DEVNULL)
        self.redis = process
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.1)

    def stop_redis(self):
        subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True)
        self.redis.wait(timeout=10)

    def start_app(self):
        shutil.rmtree(self.dir / "metrics", ignore_errors=True)
        (self.dir / "metrics").mkdir()
        self.app = subprocess.Popen([str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "config.wsgi"],
                                    cwd=ROOT, env=self.env, stdout=open(self.dir / "gunicorn.log", "ab"),
                                    stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(300):
            if http(f"http://127.0.0.1:{APP_PORT}/readyz")[0] == 200:
                return
            time.sleep(0.3)
        raise SystemExit("gunicorn did not become ready")

    def stop(self):
        if getattr(self, "app", None) and self.app.poll() is None:
            os.killpg(self.app.pid, signal.SIGTERM)
            self.app.wait(timeout=30)
        if getattr(self, "redis", None) and self.redis.poll() is None:
            self.stop_redis()
        if self.pgdata.exists():
            self.pg_ctl("stop", "-m", "fast")


def run_locust(stack, users, seconds, tag):
    prefix = stack.dir / f"locust-{tag}"
    env = {**stack.env, "LOAD_5XX_FILE": f"{prefix}-5xx.json", "LOAD_API_TOKENS": json.dumps(stack.tokens)}
    command = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
               "-r", str(max(1, users // 8)), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{APP_PORT}",
               "--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(f"{prefix}.log", "w"), stderr=subprocess.STDOUT)
    return process, prefix


def read_stats(prefix):
    rows = {}
    with open(f"{prefix}_stats.csv") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                                 "rps": round(float(row["Requests/s"]), 1), "p50_ms": row["50%"],
                                 "p99_ms": row["99%"], "avg_ms": round(float(row["Average Response Time"]))}
    five = json.loads(Path(f"{prefix}-5xx.json").read_text()) if Path(f"{prefix}-5xx.json").exists() else {}
    return rows, five


def postgres_restart(stack, results):
    """Restart PostgreSQL under load; probe an uncached page; time until /readyz answers again."""
    seen, bad = {}, []
    stop = threading.Event()

    def probe():
        n = 0
        while not stop.is_set():
            n += 1
            status, body = http(f"http://127.0.0.1:{APP_PORT}/so-y-te/?probe={n}", timeout=15)
            seen[status] = seen.get(status, 0) + 1
            if status >= 500 and ("tạm thời gián đoạn" not in body or "Traceback" in body):
                bad.append(body[:300])
            time.sleep(0.05)

    thread = threading.Thread(target=probe)
    thread.start()
    time.sleep(2)
    started = time.monotonic()
    stack.pg_ctl("restart", "-m", "fast")
    restarted = time.monotonic()
    while http(f"http://127.0.0.1:{APP_PORT}/readyz", timeout=5)[0] != 200:
        time.sleep(0.1)
    ready = time.monotonic()
    ok_after = None
    while ok_after is None:
        status, _ = http(f"http://127.0.0.1:{APP_PORT}/so-y-te/?after={time.time()}", timeout=10)
        if status == 200:
            ok_after = time.monotonic()
        else:
            time.sleep(0.1)
    time.sleep(2)
    stop.set()
    thread.join()
    results["postgres_restart"] = {
        "restart_took_s": round(restarted - started, 2), "ready_after_s": round(ready - started, 2),
        "pages_ok_after_s": round(ok_after - started, 2), "probe_statuses": seen,
        "bad_error_pages": len(bad), "bad_samples": bad[:3],
    }


def redis_outage(stack, results):
    stack.stop_redis()
    statuses = {}
    started = time.monotonic()
    timings = []
    while time.monotonic() - started < 10:
        t = time.monotonic()
        status, _ = http(f"http://127.0.0.1:{APP_PORT}/so-noi-vu/tin-tuc/", timeout=15)
        timings.append(time.monotonic() - t)
        statuses[status] = statuses.get(status, 0) + 1
        time.sleep(0.1)
    stack.start_redis()
    timings.sort()
    results["redis_stopped"] = {"probe_statuses": statuses,
                                "p50_ms": round(1000 * timings[len(timings) // 2]),
                                "max_ms": round(1000 * timings[-1])}


def media_full(stack, results):
    """The media folder on a small tmpfs, filled: an upload is refused with a clear message."""
    mount = stack.media / "so-y-te"
    mount.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], check=True,
                       capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        results["media_full"] = {"done": False, "why": f"tmpfs mount refused: {error}"}
        return
    try:
        with open(mount / "filler.bin", "wb") as handle:
            handle.write(b"\0" * (30 * 1024 * 1024))
        stack.env_media_root = str(mount)
        code = (
            "import json, io; from PIL import Image; from django.test import Client; "
            "from django.contrib.auth.models import User;"
            "from django.core.files.uploadedfile import SimpleUploadedFile;"
            "from django.conf import settings; "
            f"settings.MEDIA_ROOT = {str(mount)!r}; settings.ALLOWED_HOSTS = ['testserver'];"
            "b = io.BytesIO(); Image.new('RGB', (800, 600), (9, 9, 9)).save(b, 'PNG');"
            "c = Client(); c.force_login(User.objects.get(username='so-y-te-bientap'));"
            "r = c.post('/admin/editor/upload/', {'upload': SimpleUploadedFile('anh.png', b.getvalue())}, secure=True);"
            "print(json.dumps({'status': r.status_code, 'body': r.content.decode()}))"
        )
        before = sorted(p.name for p in mount.rglob("*"))
        output = stack.manage("shell", "-c", code, check=False)
        line = (output.stdout.strip().splitlines() or ["{}"])[-1]
        answer = json.loads(line) if line.startswith("{") else {"error": output.stderr[-500:]}
        after = sorted(p.name for p in mount.rglob("*"))
        results["media_full"] = {"done": True, "free_bytes": shutil.disk_usage(mount).free, "answer": answer,
                                 "nothing_written": before == after}
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def hanging_sync(stack, results):
    """A KTXH source whose server accepts the connection and never answers."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", HANG_PORT))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.5)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        setup = stack.manage("shell", "-c", (
            "import json; from ktxh_sync.models import Source, Observation; from agencies.models import Agency;"
            "a = Agency.objects.get(slug='vp-ubnd');"
            "s = Source.objects.create(agency=a, name='Nguồn treo', kind='json', timeout=3,"
            f" url='http://127.0.0.1:{HANG_PORT}/so-lieu.json');"
            "print(json.dumps({'id': s.pk, 'observations': Observation.objects.count()}))"))
        info = json.loads(setup.stdout.strip().splitlines()[-1])
        started = time.monotonic()
        run = stack.manage("ktxh_sync", "--source", str(info["id"]), check=False)
        took = time.monotonic() - started
        after = stack.manage("shell", "-c", (
            "import json; from ktxh_sync.models import Source, Observation;"
            f"s = Source.objects.get(pk={info['id']});"
            "print(json.dumps({'observations': Observation.objects.count(), 'last_error': s.last_error}))"))
        state = json.loads(after.stdout.strip().splitlines()[-1])
        results["hanging_sync"] = {"exit_code": run.returncode, "took_s": round(took, 1), "timeout_s": 3,
                                   "message": (run.stdout + run.stderr).strip()[-300:],
                                   "observations_kept": state["observations"] == info["observations"],
                                   "last_error": state["last_error"][:200]}
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


def half_written_batches(stack):
    """Every pushed API batch has all its five dispatches or none."""
    output = stack.manage("shell", "-c", (
        "import json; from collections import Counter; from dispatches.models import Dispatch;"
        "c = Counter(x.rsplit('-', 1)[0] for x in Dispatch.objects.filter(external_id__startswith='load-')"
        ".values_list('external_id', flat=True));"
        "print(json.dumps({'batches': len(c), 'partial': sum(1 for v in c.values() if v != 5)}))"))
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--fault-seconds", type=int, default=100)
    parser.add_argument("--skip-faults", action="store_true")
    args = parser.parse_args()
    results = {"users": args.users, "seconds": args.seconds, "cpus": os.cpu_count(),
               "load_average_before": os.getloadavg()}
    stack = Stack(Path(tempfile.mkdtemp(prefix="portal-load-")))
    try:
        print("private PostgreSQL and Redis, demo data …", flush=True)
        stack.start_postgres()
        stack.start_redis()
        stack.manage("migrate", "--noinput", "-v0")
        stack.manage("load_demo")
        tokens = stack.manage("shell", "-c", (
            "import json; from dispatches.models import ApiToken; from agencies.models import Agency; t = {};"
            "exec(\"for a in Agency.objects.all()[:6]:\\n x = ApiToken(agency=a, name='Tải thử')\\n"
            " t[a.slug] = x.generate()\\n x.save()\");"
            "print(json.dumps(t))"))
        stack.tokens = json.loads(tokens.stdout.strip().splitlines()[-1])
        stack.start_app()
        print(f"load: {args.users} users for {args.seconds} s …", flush=True)
        process, prefix = run_locust(stack, args.users, args.seconds, "load")
        process.wait()
        rows, five = read_stats(prefix)
        results["load"] = {"pages": rows, "five_xx": five}
        if not args.skip_faults:
            print(f"faults under load ({args.fault_seconds} s) …", flush=True)
            process, prefix = run_locust(stack, args.users, args.fault_seconds, "faults")
            time.sleep(15)
            postgres_restart(stack, results)
            redis_outage(stack, results)
            media_full(stack, results)
            hanging_sync(stack, results)
            process.wait()
            rows, five = read_stats(prefix)
            results["faults_load"] = {"pages": rows, "five_xx": five}
            results["api_batches"] = half_written_batches(stack)
    finally:
        stack.stop()
    results["load_average_after"] = os.getloadavg()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    load = results["load"]
    print(f"\n{'page type':32} {'req':>6} {'fail':>5} {'req/s':>6} {'p50':>6} {'p99':>6}")
    for name, row in sorted(load["pages"].items()):
        print(f"{name:32} {row['requests']:>6} {row['failures']:>5} {row['rps']:>6} "
              f"{row['p50_ms']:>6} {row['p99_ms']:>6}")
    print(f"\n5xx under load: {load['five_xx'].get('count')}")
    for key in ("postgres_restart", "redis_stopped", "media_full", "hanging_sync", "api_batches"):
        if key in results:
            print(f"{key}: {json.dumps(results[key], ensure_ascii=False)}")
    print(f"\nfigures: {path}")
    shutil.rmtree(stack.dir, ignore_errors=True)
    return 1 if load["five_xx"].get("count") else 0


if __name__ == "__main__":
    sys.exit(main())
