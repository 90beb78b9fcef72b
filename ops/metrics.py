"""Prometheus metrics at /metrics, for the monitoring network only.

Request counts and latencies, database query timings and cache hits come from django-prometheus
(its first middleware, RequestMetricsMiddleware below in place of its last, and the database and
cache backends chosen in settings); the page cache's hits and misses
from agencies/cache.py. Sync runs and review states are read from the database at scrape time, because
the sync and review commands run in their own processes (systemd timers), not in gunicorn.

Only addresses in PORTAL_METRICS_ALLOWED_IPS may read it (REMOTE_ADDR, never a forwarded header);
nginx refuses the path outright, so it is scraped from each gunicorn directly.
"""

import ipaddress
import os

import prometheus_client
from django.conf import settings
from django.db.models import Count, Max, Min, Q, Sum
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.deprecation import MiddlewareMixin
from django.views.decorators.cache import never_cache
from django_prometheus.middleware import Metrics
from django_prometheus.utils import Time, TimeSince
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.core import GaugeMetricFamily


def _allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.PORTAL_METRICS_ALLOWED_IPS:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


class PortalCollector:
    """Sync state and review state counts, read from the database when Prometheus scrapes."""

    def collect(self):
        from compliance.models import Snapshot
        from dispatches.models import DispatchSettings
        from ktxh_sync.models import Source

        now = timezone.now()
        sources = GaugeMetricFamily("portal_sync_sources", "Sync sources by kind and state of their last run.",
                                    labels=["kind", "state"])
        age = GaugeMetricFamily("portal_sync_oldest_success_age_seconds",
                                "Seconds since the least recent successful run among the sync sources of a kind.",
                                labels=["kind"])
        ktxh = Source.objects.filter(enabled=True).aggregate(
            ok=Count("pk", filter=Q(last_run_at__isnull=False, last_error="")),
            failed=Count("pk", filter=~Q(last_error="")),
            never=Count("pk", filter=Q(last_run_at__isnull=True)),
        )
        for state, value in ktxh.items():
            sources.add_metric(["ktxh", state], value)
        dispatches = DispatchSettings.objects.exclude(sync_url="").aggregate(
            ok=Count("pk", filter=Q(last_sync_ok=True)),
            failed=Count("pk", filter=Q(last_sync_ok=False)),
            never=Count("pk", filter=Q(last_sync_ok__isnull=True)),
        )
        for state, value in dispatches.items():
            sources.add_metric(["dispatches", state], value)
        for kind, queryset, field in (
            ("ktxh", Source.objects.filter(enabled=True), "last_success_at"),
            ("dispatches", DispatchSettings.objects.exclude(sync_url=""), "last_success_at"),
        ):
            oldest = queryset.aggregate(oldest=Min(field))["oldest"]
            if oldest is not None:
                age.add_metric([kind], (now - oldest).total_seconds())
        yield sources
        yield age

        review = GaugeMetricFamily("portal_review_sections",
                                   "Agency sections by review state in the latest daily snapshot.",
                                   labels=["state"])
        latest = Snapshot.objects.aggregate(day=Max("date"))["day"]
        totals = (Snapshot.objects.filter(date=latest).aggregate(
            met=Sum("met"), due_soon=Sum("due_soon"), overdue=Sum("overdue"), not_applicable=Sum("not_applicable"))
            if latest else {})
        for state in ("met", "due_soon", "overdue", "not_applicable"):
            review.add_metric([state], totals.get(state) or 0)
        yield review
        snapshot_age = GaugeMetricFamily("portal_review_snapshot_age_days", "Days since the latest review snapshot.")
        if latest:
            snapshot_age.add_metric([], (timezone.localdate() - latest).days)
        yield snapshot_age


@never_cache
def metrics(request):
    if not _allowed(request.META.get("REMOTE_ADDR", "")):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        output = prometheus_client.generate_latest(registry)
    else:
        output = prometheus_client.generate_latest(prometheus_client.REGISTRY)
    portal = CollectorRegistry(auto_describe=False)
    portal.register(PortalCollector())
    output += prometheus_client.generate_latest(portal)
    return HttpResponse(output, content_type=prometheus_client.CONTENT_TYPE_LATEST)


class RequestMetricsMiddleware(MiddlewareMixin):
    """django-prometheus's PrometheusAfterMiddleware, keeping the series /metrics readers use:
    requests by method, responses by status and by status, view and method, latency by view and
    method, exceptions by type and view (the same names). It leaves out what the original measures
    on every request and nobody reads here (transport, AJAX, request and response body sizes,
    charset, streaming, template names, view × transport × method): that was a fifth of a bare
    request's time."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.metrics = Metrics.get_instance()

    def process_request(self, request):
        self.metrics.requests_by_method.labels(method=_method(request)).inc()
        request.prometheus_after_middleware_event = Time()

    def process_response(self, request, response):
        method, view, status = _method(request), _view_name(request), str(response.status_code)
        self.metrics.responses_by_status.labels(status=status).inc()
        self.metrics.responses_by_status_view_method.labels(status=status, view=view, method=method).inc()
        self._observe_latency(request, view, method)
        return response

    def process_exception(self, request, exception):
        view = _view_name(request)
        self.metrics.exceptions_by_type.labels(type=type(exception).__name__).inc()
        self.metrics.exceptions_by_view.labels(view=view).inc()
        self._observe_latency(request, view, _method(request))

    def _observe_latency(self, request, view, method):
        started = getattr(request, "prometheus_after_middleware_event", None)
        if started is None:
            self.metrics.requests_unknown_latency.inc()
        else:
            self.metrics.requests_latency_by_view_method.labels(view=view, method=method).observe(TimeSince(started))


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH"})


def _method(request):
    return request.method if request.method in _METHODS else "<invalid method>"


def _view_name(request):
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match is not None else None) or "<unnamed view>"
