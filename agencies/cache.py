"""The one cache mechanism for public pages: version tokens, the page cache, its HTTP headers.

**Versions.** Each agency has a version token, and the province one more. A token changes only when
something the public sees changes (``is_publicly_visible``: publish, unpublish, an edit or deletion
of a published row, a public non-workflow row such as a dispatch or an observation, the agency's
profile); drafts, pending items, returned items and rows the public never sees change nothing. The
province token changes with any agency's public change (one counter, no aggregate over agencies).

Tokens live in the shared cache (Redis in production), so a cache hit needs no SQL:
``pc:v:s:<slug>`` and ``pc:v:h:<host>`` hold ``(agency_id, token)`` (the agency is found and its
version read in the same look-up), ``pc:v:p`` holds the province token. The database stays the
source of truth: a missing agency token is rebuilt from ``Agency.content_version`` (``add``, so a
concurrent bump always wins), a missing province token is a fresh random one (no page can have been
cached under a token that did not exist). A public change bumps ``content_version`` in its
transaction, sets new random tokens at once, and sets them again after the commit (``on_commit``):
a page rendered from not-yet-committed data under the first token is orphaned by the second. All
bumps of one transaction (a "save and publish", a form with inlines) count once.

**Scheduled items.** A token key expires at the agency's next scheduled publication
(``Agency.next_publication_at``; the province token at the earliest of them). The first request
after that moment finds no token, sees the publication due, bumps the agency (``refresh_due_agencies``)
and so turns its pages and the province pages over; no cron job.

**Pages.** A page entry is keyed on host, path, query string and language only; it records which
token it was made under, and is served only while that token is current. The look-up of a page and
of every token it may depend on is one ``get_many`` (one Redis round trip): ``PageCacheMiddleware``
serves anonymous hits before sessions, messages, authentication, history and login throttling run.
The agency row itself (``request.agency``) is kept beside its token, valid only under it
(``load_agency``), so an uncached page does not read it from the database either.
Responses carry a weak ETag (token + page key), Last-Modified (when the page was rendered),
``Vary: Cookie`` (the language cookie picks the page), answer ``If-None-Match`` / ``If-Modified-Since``
with 304, and ``Cache-Control: public, max-age=…, stale-while-revalidate=…`` for anonymous visitors
only; visitors with a session get ``private, no-store``, and pages that set a cookie are neither
stored nor marked public.
"""

import hashlib
import secrets
import threading
import time
from contextlib import contextmanager
from functools import lru_cache, wraps

import django
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F, Min
from django.http import HttpResponse
from django.urls import get_urlconf
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from prometheus_client import Counter, Histogram

from ops.routers import primary_reads
from portal import request_cache
from portal.visitors import has_messages, has_session, is_public_read, is_visitor_page_view

PAGE_CACHE_REQUESTS = Counter("portal_page_cache_requests_total", "Public page cache look-ups by scope and result.",
                              ["scope", "result"])
PAGE_CACHE_SECONDS = Histogram("portal_page_cache_get_seconds", "Time to read a page from the cache.",
                               buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1))

PROVINCE_KEY = "pc:v:p"


def slug_key(slug: str) -> str:
    return f"pc:v:s:{slug}"


def host_key(host: str) -> str:
    return f"pc:v:h:{host}"


_registered_publishables = []


def register_publishable(model):
    """Section apps register publishable models so scheduled items turn caches over on time."""
    if model not in _registered_publishables:
        _registered_publishables.append(model)


# --- what the public sees -------------------------------------------------------------------------
# Fields whose change alone is never visible on a public page (admin bookkeeping).
ADMIN_ONLY_FIELDS = frozenset({"review_note", "reviewed_by", "reviewed_by_id", "updated_by", "updated_by_id",
                               "created_by", "created_by_id"})


def _status_of(model, pk, field="status"):
    return model._default_manager.filter(pk=pk).values_list(field, flat=True).first()


def _public_when(instance):
    """(field, value) that makes a row public: the workflow status, or a model's ``public_when``."""
    from portal.publishing import Publishable, Status

    if isinstance(instance, Publishable):
        return "status", Status.PUBLISHED
    return getattr(type(instance), "public_when", None)


def previous_state(instance):
    """What ``is_publicly_visible`` needs to know of the stored row before a save (None: new row)."""
    rule = _public_when(instance)
    if instance._state.adding or instance.pk is None or rule is None:
        return None
    field, public_value = rule
    if getattr(instance, field) == public_value:
        return {}  # public after the save whatever it was before: no need to read it
    return {field: _status_of(type(instance), instance.pk, field)}


def is_publicly_visible(instance, previous=None, deleted=False, update_fields=None) -> bool:
    """Whether this write (save, delete or relation change) of a tenant row shows on public pages.

    - Workflow rows (``Publishable``): when the row is published (or scheduled) before or after the
      write; a draft, pending or returned row changes nothing public. Scheduled rows count, so the
      agency's next publication time is always current. A model's ``public_when = (field, value)``
      does the same with its own field (comments: ``("moderation", "approved")``).
    - Other tenant rows decide with class attributes: ``public_parent = "<foreign key>"`` (visible
      when that workflow parent is published: attachments, entries of a week, channels of a
      procedure...), ``publicly_visible = False`` (never public: memberships, API tokens...), else
      visible (dispatches, observations, categories...).
    - A save limited (``update_fields``) to admin-only fields is never visible.
    """
    from portal.publishing import Status

    if update_fields and set(update_fields) <= ADMIN_ONLY_FIELDS:
        return False
    rule = _public_when(instance)
    if rule is not None:
        field, public_value = rule
        if getattr(instance, field) == public_value:
            return True
        if deleted or previous is None:
            return False
        return previous.get(field) == public_value
    if not getattr(type(instance), "publicly_visible", True):
        return False
    parent_field = getattr(type(instance), "public_parent", None)
    if parent_field:
        field = instance._meta.get_field(parent_field)
        parent_id = getattr(instance, field.attname)
        if parent_id is None:
            return False
        cached = field.get_cached_value(instance, None)
        status = cached.status if cached is not None else _status_of(field.related_model, parent_id)
        return status is None or status == Status.PUBLISHED  # a parent gone with it: to be safe, yes
    return True


# --- scheduled publications -----------------------------------------------------------------------
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
    """Called when content is saved with a future publication time (before the bump it causes)."""
    from .models import Agency

    if published_at and published_at > timezone.now():
        agency = Agency.objects.filter(pk=agency_id).values("next_publication_at").first()
        if agency is not None and (agency["next_publication_at"] is None
                                   or agency["next_publication_at"] <= timezone.now()
                                   or published_at < agency["next_publication_at"]):
            Agency.objects.filter(pk=agency_id).update(next_publication_at=published_at)


def refresh_due_agencies(agency_ids, now=None):
    """Bump agencies whose scheduled publication time has come, and remember their next one."""
    from .models import Agency

    now = now or timezone.now()
    upcoming = _next_publication(agency_ids, now)
    for agency_id in agency_ids:
        Agency.objects.filter(pk=agency_id).update(next_publication_at=upcoming.get(agency_id))
    bump_content_versions(agency_ids)


# --- version tokens -------------------------------------------------------------------------------
def _new_token() -> str:
    return "r" + secrets.token_hex(6)  # never equal to a token rebuilt from the database (digits)


def _ttl(due, now):
    """Seconds a token may live: until the next scheduled publication, else as long as pages."""
    if due is None:
        return settings.PORTAL_PAGE_CACHE_SECONDS
    return (due - now).total_seconds()


def _province_due():
    from .models import Agency

    return Agency.objects.aggregate(due=Min("next_publication_at"))["due"]


def _publish_tokens(agency_ids):
    """New tokens for these agencies and the province, expiring at their next scheduled publication."""
    from .models import Agency

    now = timezone.now()
    for pk, slug, host, due in Agency.objects.filter(pk__in=agency_ids).values_list(
            "pk", "slug", "host", "next_publication_at"):
        ttl, value = _ttl(due, now), (pk, _new_token())
        keys = [slug_key(slug)] + ([host_key(host)] if host else [])
        if ttl > 0:
            cache.set_many(dict.fromkeys(keys, value), ttl)
        else:
            cache.delete_many(keys)
    ttl = _ttl(_province_due(), now)
    if ttl > 0:
        cache.set(PROVINCE_KEY, _new_token(), ttl)
    else:
        cache.delete(PROVINCE_KEY)


def forget_agency_address(slug=None, host=None):
    """An agency's slug or host name changed or went away: drop the tokens found by it, now and again
    once the change is committed (a request that read the old row meanwhile may have set one again)."""
    keys = [k for k in (slug and slug_key(slug), host and host_key(host)) if k]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


class _AfterCommit:
    """The bumps of one transaction: tokens set again once its data is committed."""

    def __init__(self, transaction_id):
        self.transaction_id = transaction_id
        self.agency_ids = set()

    def __call__(self):
        _publish_tokens(self.agency_ids)


def _transaction_id(connection):
    """Which application transaction is open: None outside one (autocommit).

    The atomic blocks a test case wraps each test in are not the application's: under them, the
    first block of the application is told apart by its savepoint id (ids are never reused).
    """
    if not connection.in_atomic_block:
        return None
    for index, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            if index == 0:
                return "outermost"  # on_commit callbacks are dropped at its commit or rollback
            sid = connection.savepoint_ids[index - 1] if index - 1 < len(connection.savepoint_ids) else None
            return sid or f"block-{id(block)}"
    return None


def _transaction_bumps(using=DEFAULT_DB_ALIAS, create=True):
    """The bump record of the current transaction, or None outside one.

    Kept as an ``on_commit`` callback, so it disappears with a rollback (also of a savepoint) and a
    later bump counts again.
    """
    connection = transaction.get_connection(using)
    current = _transaction_id(connection)
    if current is None:
        return None
    for _savepoints, callback, *_ in connection.run_on_commit:
        if isinstance(callback, _AfterCommit) and callback.transaction_id == current:
            return callback
    if not create:
        return None
    callback = _AfterCommit(current)
    transaction.on_commit(callback, using=using, robust=True)
    return callback


_deferred = threading.local()


def bump_content_version(agency_id: int) -> None:
    """A change the public sees: turn over this agency's pages and the province pages."""
    bump_content_versions([agency_id])


def bump_content_versions(agency_ids) -> None:
    from .models import Agency

    ids = {pk for pk in agency_ids if pk is not None}
    if not ids:
        return
    pending = getattr(_deferred, "agency_ids", None)
    if pending is not None:
        pending.update(ids)
        return
    record = _transaction_bumps()
    if record is not None:
        ids -= record.agency_ids
        if not ids:
            return  # bumped once already in this transaction
        record.agency_ids |= ids
    Agency.objects.filter(pk__in=ids).update(content_version=F("content_version") + 1)
    _publish_tokens(ids)


def bump_province() -> None:
    """A province-wide change with no agency left to bump (an agency deleted)."""
    _transaction_bumps()  # registers the after-commit call, which sets the province token again
    _publish_tokens([])


def is_bump_pending(agency_id) -> bool:
    """True when this agency's pages turn over anyway at the end of the current block/transaction."""
    pending = getattr(_deferred, "agency_ids", None)
    if pending is not None and agency_id in pending:
        return True
    record = _transaction_bumps(create=False)
    return record is not None and agency_id in record.agency_ids


@contextmanager
def deferred_version_bumps():
    """Bump each touched agency once, at the end, instead of once per saved row.

    For multi-row writes (demo data, imports, syncs): the bump lands at the end of the block, in
    the surrounding transaction if there is one (and again after its commit).
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
            bump_content_versions(agency_ids)


def _rebuild_agency_token(agency_id, key, row=None) -> str:
    from .models import Agency

    now = timezone.now()
    if row is None:
        row = Agency.objects.filter(pk=agency_id).values("content_version", "next_publication_at").first()
    if row is None:
        return "0"
    if row["next_publication_at"] and row["next_publication_at"] <= now:
        refresh_due_agencies([agency_id], now)
        entry = cache.get(key)
        if entry is not None and entry[0] == agency_id:
            return entry[1]
        row = Agency.objects.filter(pk=agency_id).values("content_version", "next_publication_at").first()
    token, ttl = str(row["content_version"]), _ttl(row["next_publication_at"], now)
    if ttl > 0 and not cache.add(key, (agency_id, token), ttl):
        entry = cache.get(key)
        if entry is not None and entry[0] == agency_id:
            return entry[1]
        if entry is not None:  # the slug or host name belonged to another agency before
            cache.delete(key)
    return token


def agency_token(agency, by_host=False, fresh=False) -> str:
    """The agency's current version token, as found by its slug (or its own host name).

    ``fresh``: ``agency`` was read from the database in this request, so a missing token is
    rebuilt from its ``content_version`` without reading the row again.
    """
    key = host_key(agency.host) if by_host and agency.host else slug_key(agency.slug)
    entry = request_cache.get(key)
    if entry is not None and entry[0] == agency.pk:
        return entry[1]
    row = ({"content_version": agency.content_version, "next_publication_at": agency.next_publication_at}
           if fresh else None)
    return _rebuild_agency_token(agency.pk, key, row)


@lru_cache(maxsize=1)
def _schema_mark() -> str:
    """The models' columns and Django's version: a release that changes them reads model instances kept
    by the previous one (an agency row, kept answers) anew instead of unpickling them with fields missing."""
    from django.apps import apps

    columns = ";".join(f"{model._meta.label}:{','.join(field.attname for field in model._meta.concrete_fields)}"
                       for model in apps.get_models())
    # Django's version too: it refuses (warns about) instances pickled by another version.
    return hashlib.md5(f"{django.__version__};{columns}".encode(), usedforsecurity=False).hexdigest()[:8]


def layout_key(language: str, token_key: str) -> str:
    """Where the layout fragments of the pages found by this token key are kept, in one entry
    (agencies/templatetags/layout.py): known from the address, so read in the request's get_many."""
    return f"pc:layout:{language}:{token_key}"


def agency_row_key(token_key: str) -> str:
    """Where the agency found by this token key (slug or host name) keeps its row."""
    return f"pc:row:{_schema_mark()}:{token_key.removeprefix('pc:v:')}"


def load_agency(token_key, **lookup):
    """The active agency found by ``lookup``, read from the cache when its row is current.

    The row is kept at ``agency_row_key(token_key)`` with the token it was read under, and served
    only while the token at ``token_key`` is that one and names the same agency: any change of the
    profile bumps the token (``agencies/signals.py``), so the next request reads the database again,
    in any process or server. The token is read before the database, so a row is never kept under a
    token newer than its data; without a token nothing is kept (the page rebuilds it). Both
    keys are among those a public request fetches in one ``get_many`` (``PageCacheMiddleware``).
    The instance is marked ``_from_cache``: a copy for reading (``Agency.save`` refuses it).
    Raises ``Agency.DoesNotExist`` as ``Agency.objects.get`` would.
    """
    from .models import Agency

    entry = request_cache.get(token_key)
    row_key = agency_row_key(token_key)
    held = request_cache.get(row_key)
    if (held is not None and entry is not None and held[0] == entry[0] and held[1] == entry[1]
            and all(getattr(held[2], name) == value for name, value in lookup.items())):
        agency = held[2]
        agency._from_cache = True
        return agency
    # From the primary database: a row read on a lagging replica just after a change would be kept
    # under the new token as if it were current. A miss is one read per change and process.
    agency = Agency.objects.using(DEFAULT_DB_ALIAS).get(is_active=True, **lookup)
    if entry is not None and entry[0] == agency.pk:
        cache.set(row_key, (agency.pk, entry[1], agency), settings.PORTAL_PAGE_CACHE_SECONDS)
    # Without a token naming this agency the row is not kept: the address may be one an uncommitted
    # rename or deletion has just given up (its token deleted), and a token rebuilt here from the row
    # as it was would keep the old address alive. The page rebuilds the token; the next request keeps it.
    return agency


def province_token() -> str:
    token = request_cache.get(PROVINCE_KEY)
    if token is not None:
        return token
    from .models import Agency

    now = timezone.now()
    due = _province_due()
    if due and due <= now:
        refresh_due_agencies(list(Agency.objects.filter(next_publication_at__lte=now).values_list("pk", flat=True)),
                             now)
        token = cache.get(PROVINCE_KEY)
        if token is not None:
            return token
        due = _province_due()
    token, ttl = _new_token(), _ttl(due, now)
    if ttl > 0 and not cache.add(PROVINCE_KEY, token, ttl):
        return cache.get(PROVINCE_KEY) or token
    return token


def agency_version(agency, fresh=False) -> str:
    """The agency's version (for other caches keyed on it: the layout, kept answers, the read API's),
    read at the token key the request found the agency by (its own host name or its slug), the one
    the request's ``get_many`` fetched. Both turn over with every public change."""
    by_host = bool(agency.host) and get_urlconf() == settings.AGENCY_HOST_URLCONF
    return agency_token(agency, by_host=by_host, fresh=fresh)


def province_version() -> str:
    return province_token()


def _kept(key, compute):
    held = cache.get(key)
    if held is not None:
        return held[0]
    with primary_reads():  # kept under the new token: never a lagging replica's rows from before the change
        value = compute()
    cache.set(key, (value,), settings.PORTAL_PAGE_CACHE_SECONDS)  # wrapped: None is an answer too
    return value


def kept_for_agency(agency, name, compute):
    """``compute()``, kept under the agency's current version token: for what many of the agency's
    pages share and only its public changes alter (its home's blocks, its latest news, its news list's
    categories, featured items and count). Turned over with the agency's pages, nothing purged by hand;
    so only what the version covers may go in (published content, the profile), and ``name`` carries
    whatever else the answer depends on (a filter, the day, the language)."""
    return _kept(f"pc:kept:{_schema_mark()}:{agency.pk}:{agency_version(agency)}:{name}", compute)


def kept_for_province(name, compute):
    """``kept_for_agency`` for what the province-wide pages share: kept under the province token,
    which turns over with any agency's public change."""
    return _kept(f"pc:kept:{_schema_mark()}:p:{province_version()}:{name}", compute)


def check_shared_cache(app_configs=None, **kwargs):
    """Tokens live in the cache: with a per-process cache, servers and workers would disagree."""
    from django.core import checks

    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PORTAL_PAGE_CACHE and not settings.DEBUG and backend.endswith("LocMemCache"):
        return [checks.Warning(
            "The page cache's version tokens live in the cache, and the local-memory cache is per process.",
            hint="Set REDIS_URL (shared by every worker and server), or run one process only.",
            id="agencies.W001")]
    return []


# --- the page cache -------------------------------------------------------------------------------
# Response headers a page entry keeps (those of the view and the middleware inside the page cache).
_NOT_STORED = frozenset({"date", "cache-control", "expires", "etag", "last-modified", "x-page-cache",
                         "content-length", "set-cookie"})


def request_language(request) -> str:
    """The language LanguageMiddleware (portal/middleware.py) activates for this request."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def page_key(request, language=None) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{language or get_language()}"
    return f"pc:page:{hashlib.sha1(raw.encode()).hexdigest()}"


def _period(kind: str) -> str:
    if kind == "d":
        return f"{timezone.localdate():%Y%m%d}"
    if kind == "h":
        return f"{timezone.localtime():%Y%m%d%H}"
    return ""


def _etag(key, token, period) -> str:
    return 'W/"%s"' % hashlib.sha1(f"{key}|{token}|{period}".encode()).hexdigest()[:24]


def _current(token_key, value, agency_id):
    """The token ``value`` read at ``token_key`` says, for a page of ``agency_id`` (None: province)."""
    if value is None:
        return None
    if agency_id is None:
        return value
    return value[1] if value[0] == agency_id else None


def _entry_is_current(entry, values) -> bool:
    token_key, agency_id, token, period_kind, period = entry["scope"]
    return (_current(token_key, values.get(token_key), agency_id) == token
            and _period(period_kind) == period)


def _response_from(entry) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"], content_type=entry["content_type"])
    for name, value in entry["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    response._page_cache_entry = entry
    return response


def finish_response(request, response):
    """Validators, Cache-Control and the 304 answer for a page of the page cache."""
    entry = getattr(response, "_page_cache_entry", None)
    if entry is None:
        if has_session(request) or response.cookies:
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["rendered_at"])
    patch_vary_headers(response, ("Cookie",))  # the language cookie chooses the page (and a session, private)
    if has_session(request) or response.cookies:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = (f"public, max-age={settings.PORTAL_PUBLIC_MAX_AGE}, "
                                     f"stale-while-revalidate={settings.PORTAL_PUBLIC_STALE_WHILE_REVALIDATE}")
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        conditional = get_conditional_response(request, etag=entry["etag"], last_modified=int(entry["rendered_at"]),
                                               response=response)
        if conditional is not response:
            conditional["X-Page-Cache"] = response.get("X-Page-Cache", "miss")
            return conditional
    return response


def _store(request, response):
    """Keep a freshly rendered page (200, no cookie, not streamed) under the key it was made for."""
    pending = getattr(response, "_page_cache_pending", None)
    if pending is None:
        return response
    response._page_cache_pending = None
    if (response.status_code != 200 or response.cookies or getattr(response, "streaming", False)
            or request.method != "GET"):
        return response
    key, scope = pending
    entry = {
        "scope": scope, "status": response.status_code, "content_type": response["Content-Type"],
        "headers": [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED],
        "content": response.content, "etag": _etag(key, scope[2], scope[4]), "rendered_at": time.time(),
    }
    # The token makes entries safe forever; the time-out only bounds memory (a crawler inventing
    # query strings cannot fill the cache for good).
    cache.set(key, entry, settings.PORTAL_PAGE_CACHE_SECONDS)
    response._page_cache_entry = entry
    return response


def _cached(scope_of):
    """``scope_of(request) -> (token_key, agency_id or None, token, period_kind)``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not settings.PORTAL_PAGE_CACHE or has_messages(request):
                return view(request, *args, **kwargs)
            token_key, agency_id, token, period_kind = scope_of(request)
            scope = (token_key, agency_id, token, period_kind, _period(period_kind))
            key = page_key(request)
            label = "province" if agency_id is None else "agency"
            looked_up = getattr(request, "_page_cache_lookup", None)
            if looked_up is not None and looked_up[0] == key:
                entry = looked_up[1]
            else:
                with PAGE_CACHE_SECONDS.time():
                    entry = cache.get(key)
            if entry is not None and entry["scope"] == scope:
                PAGE_CACHE_REQUESTS.labels(label, "hit").inc()
                return _response_from(entry)
            PAGE_CACHE_REQUESTS.labels(label, "miss").inc()
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            response._page_cache_pending = (key, scope)
            if not getattr(request, "_page_cache_middleware", False):
                response = _store(request, response)  # no PageCacheMiddleware: store the view's answer
            return response

        return wrapper

    return decorator


def _agency_scope(period_kind=""):
    def scope_of(request):
        agency = request.agency
        by_host = getattr(request, "urlconf", None) == settings.AGENCY_HOST_URLCONF and bool(agency.host)
        token_key = host_key(agency.host) if by_host else slug_key(agency.slug)
        # request.agency was read by AgencyMiddleware in this request: fresh, unless it came from the
        # cache (then its token was current when it was read, and a missing one is read again).
        fresh = not getattr(agency, "_from_cache", False)
        return token_key, agency.pk, agency_token(agency, by_host=by_host, fresh=fresh), period_kind

    return scope_of


def _province_scope(period_kind=""):
    return lambda request: (PROVINCE_KEY, None, province_token(), period_kind)


def cache_agency_page(view):
    """Cache an agency's public page until that agency's public content changes."""
    return _cached(_agency_scope())(view)


def cache_province_page(view):
    """Cache a province-wide page until any agency's public content changes."""
    return _cached(_province_scope())(view)


def cache_agency_page_daily(view):
    """``cache_agency_page`` for pages that also depend on today's date ("this week", "today")."""
    return _cached(_agency_scope("d"))(view)


def cache_province_page_daily(view):
    """``cache_province_page`` for pages that also depend on today's date."""
    return _cached(_province_scope("d"))(view)


def cache_province_page_hourly(view):
    """``cache_province_page_daily`` for pages that also depend on the hour ("from now on")."""
    return _cached(_province_scope("h"))(view)


class PageCacheMiddleware:
    """Serves anonymous page-cache hits before the rest of the middleware; stores rendered pages.

    Placed after SecurityMiddleware and WhiteNoise, before sessions: a GET without a session cookie
    whose page and tokens are current is answered from one cache round trip with no SQL. Everything
    else (the admin, logged-in staff, POST) goes down the full chain unchanged.
    """

    def __init__(self, get_response):
        from portal.models import PROVINCE_CACHE_KEY

        from .middleware import HOSTS_CACHE_KEY

        self.get_response = get_response
        # Read by the rest of the chain on any public page (AgencyMiddleware, the layout's context).
        self.page_keys = (HOSTS_CACHE_KEY, PROVINCE_CACHE_KEY)

    def __call__(self, request):
        request._page_cache_middleware = True
        if not is_public_read(request):
            return finish_response(request, _store(request, self.get_response(request)))
        token_keys, language = _token_keys(request), request_language(request)
        values, keys = {}, [*self.page_keys, *_row_keys(token_keys, language)]
        if settings.PORTAL_PAGE_CACHE and is_visitor_page_view(request):
            response = self._hit(request, values, token_keys, language)
            if response is not None:
                return finish_response(request, response)
        else:
            keys += token_keys  # (read with the page otherwise)
        with request_cache.prefetched(keys, values):
            response = self.get_response(request)
        return finish_response(request, _store(request, response))

    @staticmethod
    def _hit(request, values, token_keys, language):
        """The cached page, or None; ``values`` receives what was read (tokens for the view's scope)."""
        key = page_key(request, language)
        with PAGE_CACHE_SECONDS.time():
            values.update(cache.get_many([key, *token_keys]))
        entry = values.pop(key, None)
        if entry is None or not _entry_is_current(entry, values):
            request._page_cache_lookup = (key, entry)
            return None
        PAGE_CACHE_REQUESTS.labels("province" if entry["scope"][1] is None else "agency", "hit").inc()
        response = _response_from(entry)
        response.headers.setdefault("Content-Language", language)
        return response


def _token_keys(request):
    """The token keys a page at this address may depend on: the province's, the agency's found by
    the URL's first segment (path mode) and by the host name (an agency's own domain)."""
    keys = [PROVINCE_KEY]
    segments = request.path.split("/", 2)
    if len(segments) > 2 and segments[1]:
        keys.append(slug_key(segments[1]))
    keys.append(host_key(request.get_host().split(":")[0].lower()))
    return keys


def _row_keys(token_keys, language):
    """The keys of the agency rows this address may need (``load_agency``), beside their tokens, and
    of the layout fragments of its pages (the province's, or the agency's)."""
    return [*(agency_row_key(key) for key in token_keys[1:]), *(layout_key(language, key) for key in token_keys)]
