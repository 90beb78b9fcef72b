"""Settings for the test suite: production settings plus a small test-only app that exercises the
tenancy and publishing bases (and registers a ninth section in the registry tests)."""

import os
from urllib.parse import urlsplit

from .settings import *  # noqa: F403
from .settings import CACHES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.tenancy_app"]

# pytest-xdist runs one process per core. Tests clear the cache, which on Redis flushes the whole
# database, so each worker gets its own: gw0 the configured one, gw1 the one below it, and so on.
# (Each worker's database is already its own: pytest-django suffixes the test database name.)
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and CACHES["default"]["BACKEND"].endswith("RedisCache"):
    _url = urlsplit(CACHES["default"]["LOCATION"])
    _db = (int(_url.path.strip("/") or 0) - int(_worker[2:])) % 16
    CACHES = {"default": {**CACHES["default"], "LOCATION": _url._replace(path=f"/{_db}").geturl()}}

# The embedded database is tested in memory, one per process. Said explicitly because pytest-django
# recognises SQLite by Django's engine name, not django-prometheus's, and would otherwise name a
# worker's database after the file path.
for _db in DATABASES.values():  # noqa: F405
    if _db["ENGINE"].endswith("sqlite3"):
        _db.setdefault("TEST", {}).setdefault("NAME", ":memory:")
