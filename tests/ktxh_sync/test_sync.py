"""The sync against a local HTTP server: failures keep the last good data; revisions; one run at a time."""

import json
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ktxh_sync.demo import MONTHLY_MAPPING
from ktxh_sync.models import Observation, Source
from ktxh_sync.sync import acquire_lease, release_lease, run_source


@pytest.fixture
def http_source(agency, catalogue, feed_server, sample_bytes):
    feed_server.body = sample_bytes("vp-ubnd-thang.jsonstat.json")
    return Source.objects.create(agency=agency, name="PX-Web", kind=Source.Kind.JSONSTAT, url=feed_server.url,
                                 mapping=MONTHLY_MAPPING, timeout=2, source_name="Cục Thống kê (mẫu)")


def test_sync_over_http_creates_then_is_idempotent(http_source, feed_server):
    first = run_source(http_source)
    assert (first.status, first.created, first.updated, first.unchanged) == ("ok", 144, 0, 0)
    http_source.refresh_from_db()
    assert http_source.last_success_at and http_source.last_error == "" and http_source.last_report["created"] == 144
    second = run_source(http_source)
    assert (second.status, second.created, second.updated, second.unchanged) == ("ok", 0, 0, 144)
    assert Observation.objects.count() == 144
    assert Observation.history.count() == 144  # nothing rewritten by the second run
    obs = Observation.objects.get(indicator__code="BLHH", period=date(2026, 11, 1))
    assert obs.is_estimate and obs.source_name == "Cục Thống kê (mẫu)" and obs.feed == http_source


@pytest.mark.parametrize("failure,message", [
    ("500", "HTTP 500"),
    ("timeout", "Quá thời gian chờ"),
    ("partial", "không đầy đủ"),
])
def test_failures_keep_the_last_good_data_and_record_the_error(http_source, feed_server, failure, message):
    assert run_source(http_source).status == "ok"
    http_source.refresh_from_db()
    good_at = http_source.last_success_at
    before = sorted(Observation.objects.values_list("pk", "value"))
    # The next release revises every figure, but the server fails while sending it.
    feed_server.body = feed_server.body.replace(b"[", b"[", 1)
    if failure == "500":
        feed_server.status = 500
    elif failure == "timeout":
        feed_server.delay = 3.5
    else:
        feed_server.partial = True
    later = timezone.now() + timedelta(minutes=5)
    report = run_source(http_source, now=later)
    assert report.status == "failed" and message in report.error
    assert sorted(Observation.objects.values_list("pk", "value")) == before
    http_source.refresh_from_db()
    assert http_source.last_success_at == good_at and http_source.last_run_at == later
    assert message in http_source.last_error
    assert http_source.lease_token is None  # the lease is given back


def test_a_revision_updates_the_row_and_history_keeps_the_old_value(http_source, feed_server):
    run_source(http_source)
    obs = Observation.objects.get(indicator__code="XK", period=date(2026, 10, 1))
    old_value = obs.value
    data = json.loads(feed_server.body)
    codes, months = data["dimension"]["ChiTieu"]["category"]["index"], data["dimension"]["Ky"]["category"]["index"]
    cell = (codes.index("XK") * len(months) + months.index("2026M10")) * 3  # KyBaoCao is the first measure
    data["value"][cell] = 999.9
    feed_server.body = json.dumps(data).encode()
    report = run_source(http_source)
    assert report.updated >= 1 and report.created == 0
    obs.refresh_from_db()
    assert obs.value == Decimal("999.9")
    values = list(obs.history.order_by("history_date").values_list("value", "history_type"))
    assert values[0] == (old_value, "+") and values[-1] == (Decimal("999.9"), "~")


def test_a_refused_row_applies_nothing_even_the_good_rows(http_source, feed_server):
    feed_server.body = feed_server.body.replace(b'"2026M11"', b'"2026M13"')
    report = run_source(http_source)
    assert report.status == "failed" and report.refused >= 1 and Observation.objects.count() == 0
    assert "2026M13" in report.error


def test_a_held_lease_makes_a_second_run_stand_aside(http_source):
    token = acquire_lease(http_source.pk)
    assert token is not None and acquire_lease(http_source.pk) is None
    report = run_source(http_source)
    assert report.status == "busy" and Observation.objects.count() == 0
    release_lease(http_source.pk, token)
    assert run_source(http_source).status == "ok"


def test_an_expired_lease_can_be_taken_over(http_source):
    acquire_lease(http_source.pk, now=timezone.now() - timedelta(hours=1))
    assert run_source(http_source).status == "ok"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_of_one_source_do_not_both_apply(agency, catalogue, feed_server, sample_bytes):
    feed_server.body = sample_bytes("vp-ubnd-thang.jsonstat.json")
    source = Source.objects.create(agency=agency, name="PX-Web", kind=Source.Kind.JSONSTAT, url=feed_server.url,
                                   mapping=MONTHLY_MAPPING, timeout=5)
    feed_server.release.clear()  # the server holds the first request until we let it go
    results = {}

    def first_run():
        from django.db import connection

        results["first"] = run_source(Source.objects.get(pk=source.pk))
        connection.close()

    thread = threading.Thread(target=first_run)
    thread.start()
    for _ in range(100):
        if feed_server.hits:
            break
        threading.Event().wait(0.05)
    assert feed_server.hits == 1
    second = run_source(Source.objects.get(pk=source.pk))
    feed_server.release.set()
    thread.join(10)
    assert second.status == "busy" and feed_server.hits == 1  # the second run did not even fetch
    assert results["first"].status == "ok" and results["first"].created == 144
    assert Observation.objects.count() == 144


def test_command_runs_enabled_sources_and_fails_loudly(http_source, feed_server, capsys, other_agency):
    Source.objects.create(agency=other_agency, name="Tắt", kind=Source.Kind.CSV, url="http://127.0.0.1:9/x.csv",
                          enabled=False)
    call_command("ktxh_sync", "--agency", http_source.agency.slug)
    out = capsys.readouterr().out
    assert "tạo mới 144" in out and "Tắt" not in out
    feed_server.status = 503
    with pytest.raises(CommandError, match="1 nguồn không đồng bộ được"):
        call_command("ktxh_sync", "--source", str(http_source.pk))
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("ktxh_sync", "--agency", "khong-co")


def test_file_urls_only_inside_the_sample_folder(agency, catalogue):
    source = Source(agency=agency, name="x", kind=Source.Kind.CSV, url="file:///etc/passwd")
    with pytest.raises(Exception, match="thư mục dữ liệu mẫu"):
        source.full_clean()
    source.url = "ftp://example.invalid/x.csv"
    with pytest.raises(Exception, match="http://"):
        source.full_clean()
    report = run_source(Source.objects.create(agency=agency, name="y", kind=Source.Kind.CSV, url="file:///etc/passwd"))
    assert report.status == "failed" and Observation.objects.count() == 0
