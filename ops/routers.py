"""Public reads on the replica, everything else on the primary (DATABASE_REPLICA_URL).

``ReplicaMiddleware`` marks a request as replica-eligible only when it is a GET or HEAD outside the
admin from a visitor who has not written lately; everything else (the admin, writes, management
commands, the officer's requests for a few seconds after a save: a cookie) reads the primary, so an
officer always sees what they just saved. A replica that lags more than PORTAL_REPLICA_MAX_LAG
seconds, or does not answer, is left aside until it catches up (checked at most every few seconds).
A replica that fails between two checks fails no page: the (read-only) request is answered again
from the primary and the replica is left aside until PORTAL_REPLICA_RETRY_SECONDS have passed.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
STICKY_COOKIE = "portal_primary"
_read_replica: ContextVar[bool] = ContextVar("read_replica", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)
_used_replica: ContextVar[bool] = ContextVar("used_replica", default=False)
_state = {"checked": 0.0, "usable": False, "lag": None}


def replica_lag() -> float | None:
    """Seconds the replica is behind the primary (0 when it has replayed all it received), None if down."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
            )
            return float(cursor.fetchone()[0])
    except Exception as error:  # an unreachable replica is an expected state, not a failure of the page
        logger.warning("replica unusable: %s", error)
        connections[REPLICA].close()
        return None


def replica_usable() -> bool:
    now = time.monotonic()
    # A replica that did not answer is tried again only after a longer pause (each try may wait for
    # the connection time-out).
    wait = settings.PORTAL_REPLICA_CHECK_SECONDS if _state["lag"] is not None or not _state["checked"] else max(
        settings.PORTAL_REPLICA_CHECK_SECONDS, settings.PORTAL_REPLICA_RETRY_SECONDS)
    if now - _state["checked"] >= wait:
        lag = replica_lag()
        _state.update(checked=now, lag=lag, usable=lag is not None and lag <= settings.PORTAL_REPLICA_MAX_LAG)
    return _state["usable"]


def reset_replica_state():
    _state.update(checked=0.0, usable=False, lag=None)


def replica_failed():
    """The replica failed a read: leave it aside until the longer retry pause has passed."""
    _state.update(checked=time.monotonic(), usable=False, lag=None)
    try:
        connections[REPLICA].close()
    except Exception:  # closing a broken connection may fail again; it is dropped either way
        pass


@contextmanager
def primary_reads():
    """The reads of this block go to the primary: for answers kept for later requests under the
    current version token (agencies.cache.kept_for_agency), which a lagging replica's rows would
    fill with what was there before the change."""
    token = _read_replica.set(False)
    try:
        yield
    finally:
        _read_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _read_replica.get() and not _wrote.get() and replica_usable():
            _used_replica.set(True)
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _replica_broke() -> bool:
    """The replica's connection failed during this request (Django marks a connection whose query
    or connect raised a database error other than a data or integrity error)."""
    return getattr(connections[REPLICA], "errors_occurred", False)


def _replica_eligible(request) -> bool:
    return (request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
            and STICKY_COOKIE not in request.COOKIES)


class ReplicaMiddleware:
    """Chooses the database for the request's reads and keeps an officer on the primary after a save."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replica_token = _read_replica.set(_replica_eligible(request))
        wrote_token = _wrote.set(False)
        used_token = _used_replica.set(False)
        try:
            response = self.get_response(request)
            if response.status_code >= 500 and _used_replica.get() and _replica_broke():
                # The replica went away since the last check: a read-only request is answered again
                # from the primary at once instead of with the 503 page.
                logger.warning("replica read failed; %s answered from the primary", request.path)
                replica_failed()
                _read_replica.set(False)
                response = self.get_response(request)
            if _wrote.get() and request.method not in ("GET", "HEAD"):
                response.set_cookie(STICKY_COOKIE, "1", max_age=settings.PORTAL_REPLICA_STICKY_SECONDS,
                                    httponly=True, samesite="Lax", secure=request.is_secure())
            return response
        finally:
            _read_replica.reset(replica_token)
            _wrote.reset(wrote_token)
            _used_replica.reset(used_token)
