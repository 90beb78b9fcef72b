"""Liveness and readiness for load balancers and monitors.

``/healthz`` answers while the process runs and touches nothing else. ``/readyz`` checks what a
request needs: the database (and the replica when there is one), migrations applied, media storage
writable; the cache is reported but never makes the server unready, because every app server shares
the one Redis and the portal serves pages without it (slower).
"""

import time
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

_migrations_done = False


def _check_database(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_migrations():
    global _migrations_done
    if _migrations_done:
        return
    executor = MigrationExecutor(connections["default"])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migrations not applied")
    _migrations_done = True  # migrations are never un-applied under a running server


def _check_cache():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not keep a value")
    cache.delete(key)


def _check_media():
    name = default_storage.save(f".readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def _run(check, *args):
    started = time.monotonic()
    try:
        check(*args)
    except Exception as error:  # a readiness probe reports every failure, whatever its kind
        return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300],
                "ms": round((time.monotonic() - started) * 1000, 1)}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = {"database": _run(_check_database, "default")}
    if "replica" in connections.databases:
        checks["replica"] = _run(_check_database, "replica")
    checks["migrations"] = _run(_check_migrations) if checks["database"]["ok"] else {"ok": False,
                                                                                       "error": "no database"}
    checks["media"] = _run(_check_media)
    checks["cache"] = _run(_check_cache)
    # The replica falls back to the primary (ops/routers.py) and the cache is optional.
    required = ("database", "migrations", "media")
    ready = all(checks[name]["ok"] for name in required)
    status = "ok" if ready and all(c["ok"] for c in checks.values()) else ("degraded" if ready else "unavailable")
    return JsonResponse({"status": status, "checks": checks}, status=200 if ready else 503)


class OpsEndpointsMiddleware:
    """Answers /healthz, /readyz and /metrics before anything else runs.

    Probes and scrapers reach gunicorn by address (no allowed host name, plain HTTP): the host check,
    the HTTPS redirect, sessions and the agency look-up must not stand in their way, and /healthz must
    depend on nothing.
    """

    def __init__(self, get_response):
        from ops.metrics import metrics

        self.get_response = get_response
        self.views = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}

    def __call__(self, request):
        view = self.views.get(request.path_info)
        if view is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return view(request)
