"""The one rate limiter: counters in the shared cache (Redis in production, so every app server
counts together), for the read API, the dispatch push API and the public forms.

A window opens with the first event under a key and lasts ``window`` seconds; ``hit()`` counts an
event and answers how many the window holds so far. Clients are told apart by
``portal.proxy.client_ip`` (the rule the login lock-out uses), never by a header a client can forge.
"""

from dataclasses import dataclass

from django.core.cache import cache

from .proxy import client_ip

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def hit(key: str, window: int) -> int:
    """Count one event under ``key``; the number of events in the current window, this one included."""
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add() and incr()
        cache.set(key, 1, window)
        return 1


def count(key: str) -> int:
    """Events in the current window of ``key``, without counting one."""
    return cache.get(key, 0)


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, value) -> "Rate":
        """``"600/m"`` (per s, m, h or d) or ``(requests, seconds)``."""
        if isinstance(value, str):
            number, _sep, unit = value.partition("/")
            return cls(int(number), UNITS[unit.strip()[:1].lower()])
        requests, seconds = value
        return cls(int(requests), int(seconds))

    def exceeded(self, scope: str, ident) -> bool:
        """Count one request of ``ident`` under ``scope``; True once over the rate."""
        if self.requests < 1:
            return True
        return hit(f"rate:{scope}:{ident}", self.seconds) > self.requests


def client(request) -> str:
    return client_ip(request) or "unknown"
