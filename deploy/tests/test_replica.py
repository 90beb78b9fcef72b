"""DATABASE_REPLICA_URL against a real streaming replica: a private PostgreSQL cluster (initdb) on
DEPLOY_TEST_PG_PORT and its standby made with pg_basebackup on the next port, both on loopback."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from conftest import PG_PORT_BASE, Browser, base_env, gunicorn, have, manage, port

PRIMARY, STANDBY = PG_PORT_BASE, PG_PORT_BASE + 1


def as_postgres(*args, check=True):
    command = list(args)
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=check, capture_output=True, text=True)


def start(pg_ctl, folder: Path, log: Path):
    """pg_ctl start, once more after a failure (seen once on CI for the standby, log lost), then fail
    with the server's own log."""
    for _ in range(2):
        result = as_postgres(pg_ctl, "-D", str(folder), "-l", str(log), "-w", "start", check=False)
        if result.returncode == 0:
            return
        time.sleep(2)
    pytest.fail(f"pg_ctl start {folder.name}: {result.stdout}{result.stderr}\n{log.read_text()[-3000:]}")


def sql(port_number: int, statement: str, db: str = "portal") -> str:
    return subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(port_number),
                           "-U", "postgres", "-d", db, "-c", statement],
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def clusters():
    base = Path(tempfile.mkdtemp(prefix="portal-replica-"))
    shutil.chown(base, "postgres", "postgres") if os.geteuid() == 0 else None
    primary, standby = base / "primary", base / "standby"
    pg_ctl = have("pg_ctl")
    as_postgres(have("initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8")
    with open(primary / "postgresql.conf", "a") as conf:
        conf.write(f"\nport = {PRIMARY}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{base}'\n"
                   "wal_level = replica\nmax_wal_senders = 4\nfsync = off\nshared_buffers = 32MB\n")
    started = []
    try:
        start(pg_ctl, primary, base / "primary.log")
        started.append(primary)
        as_postgres(have("pg_basebackup"), "-h", "127.0.0.1", "-p", str(PRIMARY), "-U", "postgres",
                    "-D", str(standby), "-R", "-X", "stream", "-c", "fast")
        with open(standby / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {STANDBY}\nhot_standby = on\n")
        start(pg_ctl, standby, base / "standby.log")
        started.append(standby)
        assert sql(STANDBY, "SELECT pg_is_in_recovery()", db="postgres") == "t"
        sql(PRIMARY, "CREATE DATABASE portal", db="postgres")
        yield {"base": base, "standby": standby, "pg_ctl": pg_ctl}
    finally:
        for folder in reversed(started):
            as_postgres(pg_ctl, "-D", str(folder), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(base, ignore_errors=True)


def wait_replayed(timeout=30):
    target = sql(PRIMARY, "SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sql(STANDBY, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
            return
        time.sleep(0.2)
    raise AssertionError("the standby did not catch up")


def name_on(browser, path="/so-ban-sao/tin-tuc/"):
    """Which title of the agency's one article the news list shows (read from the database on every
    request with the page cache off; the agency row itself is kept under its version token)."""
    status, _, body = browser.get(path)
    assert status == 200, (status, body[:500])
    text = body.decode()
    for name in ("Tin bản sao mới", "Tin bản sao cũ"):
        if name in text:
            return name
    raise AssertionError("agency name not on the page")


def test_public_reads_on_the_replica_admin_and_writers_on_the_primary(clusters, tmp_path):
    primary_url = f"postgres://postgres@127.0.0.1:{PRIMARY}/portal"
    env = base_env(DATABASE_URL=primary_url, DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{STANDBY}/portal",
                   MEDIA_ROOT=tmp_path / "media", PORTAL_PAGE_CACHE="0", PORTAL_REPLICA_MAX_LAG="4",
                   PORTAL_REPLICA_CHECK_SECONDS="0.2", PORTAL_REPLICA_STICKY_SECONDS="30",
                   DATABASE_POOL_TIMEOUT="3")
    manage("migrate", "--noinput", "-v0", env={**env, "DATABASE_REPLICA_URL": ""})
    manage("shell", "-c", (
        "from agencies.models import Agency; from django.contrib.auth.models import User;"
        "from content.models import Article, Category; from django.utils import timezone;"
        "a = Agency.objects.create(slug='so-ban-sao', name='Sở Bản sao cũ', short_name='Sở BS', kind='department', joined_on=__import__('datetime').date(2025, 7, 1));"
        "Article.objects.create(agency=a, category=Category.objects.filter(agency=a).first(), title='Tin bản sao cũ', slug='tin-ban-sao', summary='Tóm tắt.', body='<p>Nội dung.</p>', status='published', published_at=timezone.now() - timezone.timedelta(hours=1));"
        "User.objects.create_superuser('quantri', 'q@example.gov.vn', 'demo12345')"), env={**env, "DATABASE_REPLICA_URL": ""})
    wait_replayed()
    app = port(3)
    with gunicorn(app, env, workers=1, log=tmp_path / "gunicorn.log"):
        base = f"http://127.0.0.1:{app}"
        citizen, officer = Browser(base), Browser(base)
        officer.login("quantri")
        assert officer.cookie("portal_primary") == "1"  # a write (the login) keeps them on the primary
        assert name_on(citizen) == "Tin bản sao cũ"

        # The standby stops replaying; a change on the primary is not there yet.
        sql(PRIMARY, "CREATE TABLE IF NOT EXISTS replica_tick (at timestamptz); INSERT INTO replica_tick VALUES (now())")
        wait_replayed()
        sql(STANDBY, "SELECT pg_wal_replay_pause()")
        sql(PRIMARY, "UPDATE agencies_agency SET name = 'Sở Bản sao mới' WHERE slug = 'so-ban-sao';"
                     " UPDATE content_article SET title = 'Tin bản sao mới' WHERE slug = 'tin-ban-sao'")
        changed_at = time.monotonic()
        assert name_on(citizen) == "Tin bản sao cũ"           # public read: the replica
        assert name_on(officer) == "Tin bản sao mới"          # read-your-writes: the primary
        status, _, body = officer.get("/admin/agencies/agency/?q=so-ban-sao")
        assert status == 200 and "Sở Bản sao mới" in body.decode()
        officer.drop_cookie("portal_primary")
        status, _, body = officer.get("/admin/agencies/agency/?q=so-ban-sao")
        assert "Sở Bản sao mới" in body.decode()             # the admin always reads the primary

        # Lag beyond PORTAL_REPLICA_MAX_LAG: public reads go back to the primary by themselves.
        time.sleep(max(0.0, 4.5 - (time.monotonic() - changed_at)))
        assert name_on(citizen) == "Tin bản sao mới"

        # Caught up again: the replica serves, with the change.
        sql(STANDBY, "SELECT pg_wal_replay_resume()")
        wait_replayed()
        time.sleep(0.5)
        assert name_on(citizen) == "Tin bản sao mới"

        # The replica goes away: public pages are still served, from the primary. A second server
        # checks the replica only once a minute, so its next reads go to the dead replica before any
        # check: each is answered again from the primary, never with the 503 page.
        slow_check = port(8)
        with gunicorn(slow_check, {**env, "PORTAL_REPLICA_CHECK_SECONDS": "60"}, workers=1,
                      log=tmp_path / "gunicorn-slow-check.log"):
            lazy = Browser(f"http://127.0.0.1:{slow_check}")
            assert name_on(lazy) == "Tin bản sao mới"  # checked now: the replica serves for a minute
            as_postgres(clusters["pg_ctl"], "-D", str(clusters["standby"]), "-m", "fast", "-w", "stop")
            for _ in range(5):
                assert name_on(lazy) == "Tin bản sao mới"
                assert name_on(citizen) == "Tin bản sao mới"
            assert "answered from the primary" in (tmp_path / "gunicorn-slow-check.log").read_text()
