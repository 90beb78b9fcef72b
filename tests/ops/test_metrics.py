import pytest
from django.test import Client

from compliance.models import Snapshot
from tests.factories import AgencyFactory


@pytest.mark.django_db
def test_metrics_for_the_monitoring_address(client):
    agency = AgencyFactory(slug="so-do-luong")
    Snapshot.objects.create(date="2026-11-30", agency=agency, met=5, due_soon=1, overdue=2, not_applicable=0)
    client.get("/")  # a page-cache miss
    client.get("/")  # and a hit
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in text
    assert "django_db_query_duration_seconds" in text
    assert 'portal_page_cache_requests_total{result="hit",scope="province"}' in text
    assert 'portal_page_cache_requests_total{result="miss",scope="province"}' in text
    assert 'portal_review_sections{state="overdue"} 2.0' in text
    assert 'portal_review_sections{state="met"} 5.0' in text
    assert 'portal_sync_sources{kind="ktxh",state="failed"}' in text


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["203.0.113.7", "10.1.2.3", "::ffff:8.8.8.8", "not-an-ip", ""])
def test_metrics_refused_elsewhere(address):
    client = Client(REMOTE_ADDR=address)
    response = client.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1", HTTP_X_REAL_IP="127.0.0.1")
    assert response.status_code == 404
    assert b"django_http" not in response.content


@pytest.mark.django_db
def test_metrics_allowed_network(settings):
    settings.PORTAL_METRICS_ALLOWED_IPS = ["10.20.0.0/16", "bad entry"]
    assert Client(REMOTE_ADDR="10.20.3.4").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.21.3.4").get("/metrics").status_code == 404
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 404


@pytest.mark.django_db
def test_request_metrics_count_each_request_by_method_status_and_view(client, agency):
    from prometheus_client import REGISTRY

    def value(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0

    view = "agency_home"
    before = (value("django_http_requests_total_by_method_total", method="GET"),
              value("django_http_responses_total_by_status_view_method_total", status="200", view=view, method="GET"),
              value("django_http_requests_latency_seconds_by_view_method_count", view=view, method="GET"),
              value("django_http_responses_total_by_status_total", status="404"))
    assert client.get(agency.get_absolute_url()).status_code == 200
    assert client.get("/khong-co-trang-nay/").status_code == 404
    after = (value("django_http_requests_total_by_method_total", method="GET"),
             value("django_http_responses_total_by_status_view_method_total", status="200", view=view, method="GET"),
             value("django_http_requests_latency_seconds_by_view_method_count", view=view, method="GET"),
             value("django_http_responses_total_by_status_total", status="404"))
    # Both resolve to the agency home (the second finds no such agency): one 200 and two latencies.
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 2, 1]


def test_request_metrics_count_an_exception_by_type_and_view(rf):
    from prometheus_client import REGISTRY

    from ops.metrics import RequestMetricsMiddleware

    def value(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0

    request = rf.get("/", REQUEST_METHOD="BREW")
    middleware = RequestMetricsMiddleware(lambda request: None)
    middleware.process_request(request)
    before = value("django_http_exceptions_total_by_type_total", type="ZeroDivisionError")
    middleware.process_exception(request, ZeroDivisionError())
    assert value("django_http_exceptions_total_by_type_total", type="ZeroDivisionError") == before + 1
    assert value("django_http_requests_total_by_method_total", method="<invalid method>") >= 1
