"""The push API (auth, idempotency, limits, per-item errors) and the pull sync (source failures)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.test import Client

from dispatches.models import ApiToken, Dispatch, DispatchSettings
from dispatches.sync import sync_agency

pytestmark = pytest.mark.django_db
URL = "/so-thu-nghiem/van-ban-di-den/api/v1/van-ban/"
ITEM = {"ExternalId": "EXT-1", "TypeName": "Quyết định", "CodeNumber": "15", "CodeNotation": "QĐ-UBND",
        "IssuedDate": "2026-03-15", "Subject": "Về việc ban hành quy chế", "Position": "Chủ tịch",
        "FullName": "Nguyễn Văn A", "ToPlaces": "Các sở", "Priority": "Khẩn"}


@pytest.fixture
def key(agency):
    token = ApiToken(agency=agency, name="iOffice")
    key = token.generate()
    token.save()
    return key


def post(payload, key=None, raw=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    body = raw if raw is not None else json.dumps(payload)
    return Client().post(URL, body, content_type="application/json", **headers, **extra)


def test_token_is_stored_hashed_and_shown_once(agency, key):
    token = ApiToken.objects.get()
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    assert key.startswith(token.prefix)


def test_push_creates_then_is_idempotent(agency, key):
    response = post([ITEM], key)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}
    dispatch = Dispatch.objects.get(agency=agency)
    assert dispatch.number_symbol == "15/QĐ-UBND" and dispatch.doc_type == "quyet-dinh" and dispatch.urgency == "khan"
    assert post([ITEM], key).json() == {"created": 0, "updated": 0, "unchanged": 1}
    assert post({"dispatches": [{**ITEM, "Subject": "Đã sửa"}]}, key).json() == {
        "created": 0, "updated": 1, "unchanged": 0}
    assert Dispatch.objects.get().summary == "Đã sửa"
    assert ApiToken.objects.get().last_used_at is not None


def test_missing_wrong_revoked_and_other_agency_tokens(agency, other_agency, key):
    assert post([ITEM]).status_code == 401
    assert post([ITEM], "vbdd_khong-dung").status_code == 401
    other = ApiToken(agency=other_agency, name="Khác")
    other_key = other.generate()
    other.save()
    response = post([ITEM], other_key)
    assert response.status_code == 403 and "không thuộc cơ quan" in response.json()["error"]
    ApiToken.objects.get(agency=agency).revoke()
    response = post([ITEM], key)
    assert response.status_code == 401 and "thu hồi" in response.json()["error"]
    assert Dispatch.objects.count() == 0


def test_bad_items_give_per_item_errors_and_nothing_is_stored(agency, key):
    items = [ITEM, {**ITEM, "ExternalId": "EXT-2", "CodeNumber": "16", "IssuedDate": "15/13/2026"},
             {"ExternalId": "EXT-3", "Subject": "Thiếu số"}]
    response = post(items, key)
    assert response.status_code == 400
    body = response.json()
    assert [item["item"] for item in body["items"]] == [2, 3]
    assert body["items"][0]["external_id"] == "EXT-2"
    assert "IssuedDate" in body["items"][0]["errors"][0]
    assert Dispatch.objects.count() == 0


def test_malformed_json_and_wrong_shapes(agency, key):
    assert post(None, key, raw="{không phải json").status_code == 400
    assert post({"a": 1}, key).status_code == 400
    assert post([1, 2], key).status_code == 400
    assert Client().get(URL).status_code == 405


def test_size_and_item_limits(agency, key, settings):
    settings.DISPATCHES_API_MAX_BYTES = 2000
    response = post([ITEM] * 30, key)
    assert response.status_code == 413
    settings.DISPATCHES_API_MAX_BYTES = 10**6
    settings.DISPATCHES_API_MAX_ITEMS = 2
    assert post([ITEM, ITEM, ITEM], key).status_code == 413
    assert Dispatch.objects.count() == 0


def test_rate_limit_per_key(agency, key, settings):
    settings.DISPATCHES_API_RATE = (2, 60)
    assert post([ITEM], key).status_code == 200
    assert post([ITEM], key).status_code == 200
    response = post([ITEM], key)
    assert response.status_code == 429 and response["Retry-After"] == "60"


def test_api_is_csrf_exempt_but_needs_the_key(agency, key):
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, json.dumps([ITEM]), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_openapi_file_is_served_and_describes_the_endpoint(db):
    response = Client().get("/van-ban-di-den/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    operation = spec["paths"]["/van-ban-di-den/api/v1/van-ban/"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "401", "403", "413", "429"}
    fields = set(spec["components"]["schemas"]["Dispatch"]["properties"])
    assert {"TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "OrganName", "Subject", "Position", "FullName",
            "ToPlaces", "Priority", "ArrivalDate", "ArrivalNumber", "DueDate", "Description"} <= fields


# --- pull sync against a local server -------------------------------------------------------

class Feed(BaseHTTPRequestHandler):
    mode = "json"
    body = b"[]"

    def do_GET(self):  # noqa: N802
        if Feed.mode == "500":
            self.send_response(500)
            self.end_headers()
            return
        if Feed.mode == "slow":
            time.sleep(2)
        content_type = "text/csv" if Feed.mode == "csv" else "application/json"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        try:
            self.wfile.write(Feed.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def feed():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/van-ban.json"
    server.shutdown()
    server.server_close()


def serve(mode, body=b""):
    Feed.mode, Feed.body = mode, body


def test_sync_applies_the_feed_then_keeps_old_data_when_the_source_fails(agency, feed):
    config = DispatchSettings.objects.create(agency=agency, sync_url=feed)
    serve("json", json.dumps([ITEM, {**ITEM, "ExternalId": "EXT-2", "CodeNumber": "16"}]).encode())
    report = sync_agency(config, timeout=1)
    assert report.ok and report.created == 2
    config.refresh_from_db()
    first_success = config.last_success_at
    assert config.last_sync_ok and first_success

    for mode, body, message in [("500", b"", "HTTP 500"), ("slow", b"[]", "không trả lời"),
                                ("json", b"[{\"CodeNumber\": ", "không phải JSON"),
                                ("json", json.dumps([{**ITEM, "IssuedDate": "không phải ngày"}]).encode(), "Mục 1")]:
        serve(mode, body)
        report = sync_agency(config, timeout=0.5)
        assert not report.ok
        config.refresh_from_db()
        assert config.last_sync_ok is False and message in config.last_sync_message
        assert config.last_success_at == first_success
        assert Dispatch.objects.filter(agency=agency).count() == 2  # the old data is kept


def test_sync_reads_csv_and_the_command_reports(agency, feed, capsys):
    DispatchSettings.objects.create(agency=agency, sync_url=feed, sync_format="auto")
    serve("csv", "ExternalId,CodeNumber,CodeNotation,IssuedDate,Subject\nC-1,3,UBND-VP,2026-03-01,Từ CSV\n".encode())
    call_command("sync_dispatches", timeout=1)
    assert "Thêm mới 1" in capsys.readouterr().out
    assert Dispatch.objects.get(agency=agency).summary == "Từ CSV"


def test_sync_refuses_non_http_sources(agency):
    config = DispatchSettings.objects.create(agency=agency, sync_url="file:///etc/passwd")
    report = sync_agency(config)
    assert not report.ok and "http" in str(report.errors[0])


def test_unknown_keys_and_non_string_values_are_refused_per_item(agency, key):
    items = [ITEM, {**ITEM, "ExternalId": "EXT-2", "Mat": "Tối mật"},
             {**ITEM, "ExternalId": "EXT-3", "Secrecy": 3},
             {**ITEM, "ExternalId": "EXT-4", "Secrecy": {"level": "Mật"}},
             {**ITEM, "ExternalId": "EXT-5", "Priority": ["Khẩn", "Mật"]}]
    response = post(items, key)
    assert response.status_code == 400
    body = response.json()
    assert [item["item"] for item in body["items"]] == [2, 3, 4, 5]
    assert "“Mat” không có trong chuẩn" in body["items"][0]["errors"][0]
    assert all("phải là chuỗi" in item["errors"][0] for item in body["items"][1:])
    assert body["items"][1]["external_id"] == "EXT-3"
    assert Dispatch.objects.count() == 0


def test_the_generated_schema_refuses_unknown_keys(db):
    spec = Client().get("/van-ban-di-den/api/openapi.json").json()
    dispatch = spec["components"]["schemas"]["Dispatch"]
    assert dispatch["additionalProperties"] is False
    assert dispatch["required"] == ["CodeNumber", "IssuedDate", "Subject"]
    assert {"type": "string"} in dispatch["properties"]["Secrecy"]["anyOf"]
    assert {"type": "integer"} not in dispatch["properties"]["Secrecy"]["anyOf"]
    assert spec["paths"]["/van-ban-di-den/api/v1/van-ban/"]["post"]["security"] == [{"khoaApi": []}]
