"""Shared-cache values read together, once, for a public request.

A public page reads a handful of small cache keys before its view runs (the agencies' host map,
the province's profile, the version tokens of the page cache, the agency row beside its token, the
layout's fragments). Each read alone is a Redis round trip, and on a loaded two-core server a round
trip costs more than the Python around it. The
middleware that knows these keys early (agencies.cache.PageCacheMiddleware) names them in
``prefetched(keys, values)``; the first ``get`` of any of them fetches them all in one
``get_many`` (a request that reads none, such as a redirect or a bare view, pays nothing). ``get``
answers from that fetch when the key was found, and from the cache otherwise (a key missing then
may have been set since: it is read again, so a reader never sees less than ``cache.get``).

Values live for one request, in this thread (one request at a time per thread, as with gunicorn's
sync and threaded workers), and are forgotten when the request ends.
"""

import threading
from contextlib import contextmanager

from django.core.cache import cache

_held = threading.local()


@contextmanager
def prefetched(keys, values=None):
    """Serve ``keys`` to ``get`` from one ``get_many`` until the block ends; ``values``: already read."""
    previous = getattr(_held, "state", None)
    _held.state = (list(keys), dict(values or {}))
    try:
        yield
    finally:
        _held.state = previous


def get(key):
    state = getattr(_held, "state", None)
    if state is not None:
        pending, values = state
        if key in pending:
            values.update(cache.get_many(pending))
            pending.clear()
        value = values.get(key)
        if value is not None:
            return value
    return cache.get(key)
