"""Deployment tests: real PostgreSQL, Redis, gunicorn, nginx and an S3 server on loopback.

Run by .ci/run (`pytest deploy/tests -p no:django`), not by `make test`: they start servers and
take a couple of minutes. Everything talks to 127.0.0.1 only. Environment:
- DEPLOY_TEST_PG: the PostgreSQL server to create databases on (postgres://postgres@127.0.0.1:5432)
- DEPLOY_TEST_DB: prefix of the databases made here (portal_deploy_ci)
- DEPLOY_TEST_REDIS: a Redis database (redis://127.0.0.1:6379/14)
- DEPLOY_TEST_PORT: first of ten loopback ports for servers (8180)
- DEPLOY_TEST_PG_PORT: first of two ports for private PostgreSQL clusters (55433)
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
PG = os.environ.get("DEPLOY_TEST_PG", "postgres://postgres@127.0.0.1:5432")
DB_PREFIX = os.environ.get("DEPLOY_TEST_DB", "portal_deploy_ci")
REDIS = os.environ.get("DEPLOY_TEST_REDIS", "redis://127.0.0.1:6379/14")
PORT_BASE = int(os.environ.get("DEPLOY_TEST_PORT", "8180"))
PG_PORT_BASE = int(os.environ.get("DEPLOY_TEST_PG_PORT", "55433"))


def port(offset: int) -> int:
    assert 0 <= offset < 10
    return PORT_BASE + offset


def psql(sql: str, url: str = f"{PG}/postgres") -> str:
    result = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def fresh_database(name: str, template: str | None = None) -> str:
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    # A new database restarts the agencies' cache versions: pages cached in the shared Redis database
    # by an earlier test or run would be served again under the same keys.
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    return f"{PG}/{name}"


def base_env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "PORTAL_S3_", "REDIS_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "REDIS_URL": REDIS, "PYTHONUNBUFFERED": "1",
                "DEMO_PASSWORD": "demo12345", "AXES_ENABLED": "0"})
    env.update({k: str(v) for k, v in overrides.items() if v is not None})
    return env


def manage(*args, env: dict, check=True, timeout=600) -> subprocess.CompletedProcess:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def django_json(code: str, env: dict):
    """Run Python in a configured Django process; it prints one JSON value, returned here."""
    result = manage("shell", "-c", code, env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(url: str, timeout: float = 60, status: int = 200) -> None:
    deadline = time.monotonic() + timeout
    last = None
    opener = urllib.request.build_opener(NoRedirect)
    while time.monotonic() < deadline:
        try:
            with opener.open(url, timeout=5) as response:
                if response.status == status:
                    return
        except urllib.error.HTTPError as error:
            last = error
            if error.code == status:
                return
        except OSError as error:
            last = error
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer {status} in {timeout}s: {last}")


def wait_port_free(number: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", number)) != 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"port {number} still busy")


@contextmanager
def gunicorn(number: int, env: dict, workers: int = 2, log: Path | None = None):
    """gunicorn serving the portal on 127.0.0.1:<number>, stopped (and waited for) on exit."""
    wait_port_free(number)
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{number}", "GUNICORN_WORKERS": str(workers)}
    out = open(log, "ab") if log else subprocess.DEVNULL
    process = subprocess.Popen([str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "config.wsgi"],
                               cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{number}/healthz", timeout=90)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if log:
            out.close()


def fetch(url: str, headers: dict | None = None, data: bytes | None = None, opener=None):
    """(status, headers, body) without raising on HTTP errors."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """A PostgreSQL database with the demo province and its media, made once per run.

    DEPLOY_TEST_REUSE_DEMO=1 (development only) keeps it between runs in var/deploy-tests/.
    """
    name = f"{DB_PREFIX}_demo"
    url = f"{PG}/{name}"
    reuse = os.environ.get("DEPLOY_TEST_REUSE_DEMO") == "1"
    media = ROOT / "var" / "deploy-tests" / "demo-media" if reuse else tmp_path_factory.mktemp("demo-media")
    env = base_env(DATABASE_URL=url, MEDIA_ROOT=media)
    ready = ROOT / "var" / "deploy-tests" / "demo.loaded"
    if not (reuse and ready.exists() and psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"):
        shutil.rmtree(media, ignore_errors=True)
        media.mkdir(parents=True)
        fresh_database(name)
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_demo", env=env)
        ready.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/deploy-tests/
        ready.write_text("")
    return {"url": url, "media": media, "env": env, "name": name}


@pytest.fixture(scope="session")
def demo_copy(demo):
    """A fresh copy of the demo database (and media) a test may change."""
    made = []

    def make(suffix: str, media_root: Path) -> dict:
        name = f"{DB_PREFIX}_{suffix}"
        url = fresh_database(name, template=demo["name"])
        made.append(name)
        shutil.copytree(demo["media"], media_root, dirs_exist_ok=True)
        return {"url": url, "media": media_root, "env": base_env(DATABASE_URL=url, MEDIA_ROOT=media_root)}

    yield make
    for name in made:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def have(binary: str) -> str:
    path = shutil.which(binary) or next((str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{binary}")), None)
    if not path:
        raise AssertionError(f"{binary} is missing: .ci/run installs it")
    return path


sys.path.insert(0, str(ROOT))


class Browser:
    """A cookie-keeping HTTP client for one base URL (logs in to the admin like a person would)."""

    def __init__(self, base: str):
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def drop_cookie(self, name: str) -> None:
        for c in list(self.jar):
            if c.name == name:
                self.jar.clear(c.domain, c.path, c.name)

    def get(self, path: str, base: str | None = None):
        return fetch((base or self.base) + path, opener=self.opener)

    def post(self, path: str, fields: dict | list, base: str | None = None):
        from urllib.parse import urlencode

        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        items.append(("csrfmiddlewaretoken", self.cookie("csrftoken") or ""))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": (base or self.base) + path,
                   "X-CSRFToken": self.cookie("csrftoken") or ""}
        return fetch((base or self.base) + path, headers=headers, data=urlencode(items).encode(), opener=self.opener)

    def login(self, username: str, password: str = "demo12345") -> None:
        self.get("/admin/login/")
        status, headers, body = self.post("/admin/login/", {"username": username, "password": password,
                                                            "next": "/admin/"})
        assert status == 302, body[:2000]
