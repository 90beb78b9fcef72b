import json
import logging

import pytest
from django.db import OperationalError
from django.test import Client

from ops import health
from ops.logs import PortalJsonFormatter, RequestIdFilter, request_id_var


@pytest.mark.django_db
def test_healthz_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "migrations", "media", "cache"} <= body["checks"].keys()
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_readyz_unready_when_migrations_missing(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_done", False)
    monkeypatch.setattr("django.db.migrations.executor.MigrationExecutor.migration_plan",
                        lambda self, targets: [("content", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["ok"] is False


@pytest.mark.django_db
def test_readyz_unready_when_media_not_writable(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["media"]["ok"] is False


@pytest.mark.django_db
def test_readyz_cache_failure_is_degraded_not_unready(client, monkeypatch):
    monkeypatch.setattr(health, "_check_cache", lambda: (_ for _ in ()).throw(RuntimeError("redis away")))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_readyz_unready_without_database(client, monkeypatch):
    def down(alias):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_check_database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_database_outage_answers_vietnamese_503_without_traceback(monkeypatch):
    def outage(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr("agencies.middleware.AgencyMiddleware.__call__",
                        lambda self, request: outage(), raising=True)
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_X_REQUEST_ID="abcdef0123456789")
    assert response.status_code == 503
    text = response.content.decode()
    assert "tạm thời gián đoạn" in text
    assert "abcdef0123456789" in text
    assert "Traceback" not in text and "OperationalError" not in text and "127.0.0.1" not in text
    assert response["Retry-After"] == "10"


@pytest.mark.django_db
def test_other_errors_stay_500(monkeypatch):
    monkeypatch.setattr("agencies.middleware.AgencyMiddleware.__call__",
                        lambda self, request: 1 / 0, raising=True)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_request_id_passed_through_or_made(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="req-1234567890")
    assert response["X-Request-ID"] == "req-1234567890"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert made["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(made["X-Request-ID"]) == 32 and made["X-Request-ID"].isalnum()


def test_json_log_lines_carry_the_request_id():
    formatter = PortalJsonFormatter()
    record = logging.LogRecord("portal.access", logging.INFO, __file__, 1, "GET %s %s", ("/", 200), None)
    token = request_id_var.set("req-abcdefgh")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-abcdefgh"
    assert line["message"] == "GET / 200"
    assert line["level"] == "INFO" and line["logger"] == "portal.access"


@pytest.mark.django_db
def test_access_log_line_per_request(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        client.get("/healthz", HTTP_X_REQUEST_ID="req-0000000001")
    records = [r for r in caplog.records if r.name == "portal.access"]
    assert len(records) == 1
    assert records[0].status == 200 and records[0].path == "/healthz"
    assert records[0].request_id == "req-0000000001"


@pytest.mark.django_db
def test_probes_answer_any_host_over_plain_http(settings):
    settings.ALLOWED_HOSTS = ["congthongtin.example.gov.vn"]
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/metrics", HTTP_HOST="10.0.0.5:8000").status_code == 200
    # Everything else still goes through the host check and the HTTPS redirect.
    assert Client(raise_request_exception=False).get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400


@pytest.mark.django_db
def test_outage_wrapped_by_a_library_is_still_a_503(monkeypatch):
    """django-import-export (the push API) re-raises database errors as its own ImportError."""

    def wrapped(self, request):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as error:
            raise ValueError("5: server closed the connection unexpectedly") from error

    monkeypatch.setattr("agencies.middleware.AgencyMiddleware.__call__", wrapped, raising=True)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert "tạm thời gián đoạn" in response.content.decode()


@pytest.mark.django_db
def test_outage_carried_inside_an_import_error_is_a_503(monkeypatch):
    from import_export.exceptions import ImportError as ImportExportError

    def carried(self, request):
        raise ImportExportError(OperationalError("terminating connection due to administrator command"), number=5)

    monkeypatch.setattr("agencies.middleware.AgencyMiddleware.__call__", carried, raising=True)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503


@pytest.mark.django_db
@pytest.mark.parametrize("proxies, expected", [(0, "127.0.0.1"), (1, "198.51.100.7")])
def test_access_log_reads_the_client_by_the_one_proxy_rule(client, caplog, settings, proxies, expected):
    # The same rule as the login lock-out (portal.proxy.client_ip): a forged X-Real-IP never counts.
    settings.TRUSTED_PROXY_COUNT = proxies
    with caplog.at_level(logging.INFO, logger="portal.access"):
        client.get("/healthz", HTTP_X_REAL_IP="203.0.113.66", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    [record] = [r for r in caplog.records if r.name == "portal.access"]
    assert record.client_ip == expected
