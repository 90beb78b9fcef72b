"""The one cache mechanism for public pages, keyed on the agency's content version.

Each agency carries ``content_version``; any save or delete of its tenant-owned rows (and any edit
of the agency itself) bumps it, through signal handlers (agencies/signals.py). A cached page's key
holds the agency, its version, the language, the path and the query string, so a change shows on
the next request and nothing needs a time-out. Province-wide pages key on the sum of all versions.

Scheduled publications: the agency's ``next_publication_at`` says when its pages must turn over;
the first request after that moment bumps the version (``refresh_due_agencies``), so no cron job
is needed.
"""

import hashlib
import threading
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Min, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from prometheus_client import Counter, Histogram

PAGE_CACHE_REQUESTS = Counter("portal_page_cache_requests_total", "Public page cache look-ups by scope and result.",
                              ["scope", "result"])
PAGE_CACHE_SECONDS = Histogram("portal_page_cache_get_seconds", "Time to read a page from the cache.",
                               buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1))

_registered_publishables = []


def register_publishable(model):
    """Section apps register publishable models so scheduled items turn caches over on time."""
    if model not in _registered_publishables:
        _registered_publishables.append(model)


def _next_publication(agency_ids, now):
    """{agency_id: earliest future published_at} over every registered publishable model."""
    from portal.publishing import Status

    result = {}
    for model in _registered_publishables:
        rows = (model._default_manager.filter(agency_id__in=agency_ids, status=Status.PUBLISHED,
                                              published_at__gt=now)
                .values("agency_id").annotate(first=Min("published_at")))
        for row in rows:
            current = result.get(row["agency_id"])
            if current is None or row["first"] < current:
                result[row["agency_id"]] = row["first"]
    return result


def note_scheduled(agency_id, published_at):
    """Called when content is saved with a future publication time."""
    from .models import Agency

    if published_at and published_at > timezone.now():
        agency = Agency.objects.filter(pk=agency_id).values("next_publication_at").first()
        if agency is not None and (agency["next_publication_at"] is None
                                   or agency["next_publication_at"] <= timezone.now()
                                   or published_at < agency["next_publication_at"]):
            Agency.objects.filter(pk=agency_id).update(next_publication_at=published_at)


def refresh_due_agencies(agency_ids, now=None):
    """Bump agencies whose scheduled publication time has come, and find their next one."""
    from .models import Agency

    now = now or timezone.now()
    upcoming = _next_publication(agency_ids, now)
    for agency_id in agency_ids:
        bump_content_version(agency_id)
        Agency.objects.filter(pk=agency_id).update(next_publication_at=upcoming.get(agency_id))


def agency_version(agency) -> str:
    if agency.next_publication_at and agency.next_publication_at <= timezone.now():
        refresh_due_agencies([agency.pk])
        agency.refresh_from_db(fields=["content_version", "next_publication_at"])
    return str(agency.content_version)


def province_version() -> str:
    from .models import Agency

    now = timezone.now()
    totals = Agency.objects.aggregate(version=Sum("content_version"), due=Min("next_publication_at"))
    if totals["due"] and totals["due"] <= now:
        refresh_due_agencies(list(Agency.objects.filter(next_publication_at__lte=now).values_list("pk", flat=True)))
        totals = Agency.objects.aggregate(version=Sum("content_version"))
    return str(totals["version"] or 0)


def _key(scope: str, version: str, request) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{get_language()}"
    return f"page:{scope}:{version}:{hashlib.sha1(raw.encode()).hexdigest()}"


def _cached(get_scope):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not settings.PORTAL_PAGE_CACHE:
                return view(request, *args, **kwargs)
            scope, version = get_scope(request)
            key = _key(scope, version, request)
            with PAGE_CACHE_SECONDS.time():
                hit = cache.get(key)
            scope_label = "province" if scope.startswith("province") else "agency"
            PAGE_CACHE_REQUESTS.labels(scope_label, "hit" if hit is not None else "miss").inc()
            if hit is not None:
                status, content_type, headers, content = hit
                response = HttpResponse(content, status=status, content_type=content_type)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
                headers = [(k, v) for k, v in response.items()
                           if k.lower() in ("content-disposition", "content-language", "link")]
                # The version makes entries safe forever; the time-out only bounds memory (a crawler
                # inventing query strings cannot fill the cache for good).
                cache.set(key, (response.status_code, response["Content-Type"], headers, response.content),
                          settings.PORTAL_PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def cache_agency_page(view):
    """Cache an agency's public page until that agency's content changes."""
    return _cached(lambda request: (f"a{request.agency.pk}", agency_version(request.agency)))(view)


def cache_province_page(view):
    """Cache a province-wide page until any agency's content changes."""
    return _cached(lambda request: ("province", province_version()))(view)


def _today() -> str:
    return f"d{timezone.localdate():%Y%m%d}"


def cache_agency_page_daily(view):
    """``cache_agency_page`` for pages that also depend on today's date ("this week", "today")."""
    return _cached(lambda request: (f"a{request.agency.pk}:{_today()}", agency_version(request.agency)))(view)


def cache_province_page_daily(view):
    """``cache_province_page`` for pages that also depend on today's date."""
    return _cached(lambda request: (f"province:{_today()}", province_version()))(view)


def cache_province_page_hourly(view):
    """``cache_province_page_daily`` for pages that also depend on the hour ("from now on")."""
    return _cached(lambda request: (f"province:{_today()}:h{timezone.localtime():%H}", province_version()))(view)


_deferred = threading.local()


def bump_content_version(agency_id: int) -> None:
    """Invalidate the agency's cached pages; called by the signal handlers (agencies/signals.py)."""
    pending = getattr(_deferred, "agency_ids", None)
    if pending is not None:
        pending.add(agency_id)
        return
    from .models import Agency

    Agency.objects.filter(pk=agency_id).update(content_version=F("content_version") + 1)


def bump_content_versions(agency_ids) -> None:
    """``bump_content_version`` for many agencies at once (one UPDATE, or added to a deferred block)."""
    agency_ids = set(agency_ids)
    pending = getattr(_deferred, "agency_ids", None)
    if pending is not None:
        pending.update(agency_ids)
        return
    if agency_ids:
        from .models import Agency

        Agency.objects.filter(pk__in=agency_ids).update(content_version=F("content_version") + 1)


@contextmanager
def deferred_version_bumps():
    """Bump each touched agency once, at the end, instead of once per saved row.

    For multi-row writes (demo data, imports, syncs) inside one transaction: the bump still lands in
    that transaction, so no page can be cached against the new data under the old version.
    """
    if getattr(_deferred, "agency_ids", None) is not None:
        yield  # nested: the outer block bumps
        return
    _deferred.agency_ids = set()
    try:
        yield
    finally:
        agency_ids, _deferred.agency_ids = _deferred.agency_ids, None
        if agency_ids:
            from .models import Agency

            Agency.objects.filter(pk__in=agency_ids).update(content_version=F("content_version") + 1)
