"""The monthly counters (DispatchCount, dispatches/counts.py): exact after every write path, read by the
statistics for whole past months, checked and repaired by ``check_dispatch_counts``.

Every test of section 8 also ends with the counters compared to the rows (tests/dispatches/conftest.py).
"""

import io
import json
import random
import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from dispatches import counts
from dispatches.importers import apply_rows
from dispatches.models import ApiToken, Direction, Dispatch, DispatchCount, DocumentType
from dispatches.stats import dispatch_counts, last_months, month_of, range_period, split, standard_periods, week_of
from tests.factories import AgencyFactory

from .factories import incoming, outgoing, totals_mode

IN, OUT = Direction.INCOMING, Direction.OUTGOING
QD, CV = DocumentType.QUYET_DINH, DocumentType.CONG_VAN
pytestmark = pytest.mark.django_db


def counters(agency=None):
    rows = DispatchCount.objects.exclude(count=0)
    if agency is not None:
        rows = rows.filter(agency=agency)
    return {(r.direction, r.doc_type, r.month): r.count for r in rows}


def admin_data(dispatch, **changes):
    data = {"agency": dispatch.agency_id, "direction": dispatch.direction, "doc_type": dispatch.doc_type,
            "code_number": dispatch.code_number, "code_notation": dispatch.code_notation,
            "issued_date": f"{dispatch.issued_date:%d/%m/%Y}", "summary": dispatch.summary, "secrecy": "thuong",
            "urgency": dispatch.urgency, "organ_name": dispatch.organ_name, "arrival_date": "",
            "arrival_number": "", "recipients": "", "signer_name": "", "signer_position": "", "handling_unit": "",
            "due_date": "", "note": "", "publish_details": "on", "external_id": ""}
    data.update(changes)
    return data


def test_save_change_of_type_date_direction_agency_and_delete(agency, other_agency):
    d = outgoing(agency, date(2026, 3, 18), doc_type=QD)
    assert counters(agency) == {(OUT, QD, date(2026, 3, 1)): 1}
    d.doc_type = CV
    d.save()
    assert counters(agency) == {(OUT, CV, date(2026, 3, 1)): 1}
    d.issued_date = date(2026, 4, 2)
    d.save()
    assert counters(agency) == {(OUT, CV, date(2026, 4, 1)): 1}
    d.direction, d.organ_name, d.arrival_date = IN, "Bộ Nội vụ", date(2026, 5, 3)
    d.save()  # incoming: counts on its arrival date
    assert counters(agency) == {(IN, CV, date(2026, 5, 1)): 1}
    d.agency = other_agency
    d.save()
    assert counters(agency) == {} and counters(other_agency) == {(IN, CV, date(2026, 5, 1)): 1}
    d.save(update_fields=["summary", "updated_at"])  # nothing counted changes: no counter query
    d.delete()
    assert counters() == {}


def test_a_stale_instance_still_moves_the_stored_counter(agency):
    """Two officers edit the same entry: the second save subtracts what is stored, not what it loaded."""
    d = outgoing(agency, date(2026, 3, 18), doc_type=QD)
    first, second = Dispatch.objects.get(pk=d.pk), Dispatch.objects.get(pk=d.pk)
    first.doc_type = CV
    first.save()
    second.issued_date = date(2026, 1, 5)
    second.save()  # loaded as QD in March; stored was CV in March; now QD in January
    assert counters(agency) == {(OUT, QD, date(2026, 1, 1)): 1}


def test_queryset_delete_bulk_create_and_refused_updates(agency, other_agency):
    rows = [Dispatch(agency=agency, direction=OUT, doc_type=QD, code_number=str(i), issued_date=date(2026, 2, i + 1),
                     summary="Mẫu") for i in range(5)]
    Dispatch.objects.bulk_create(rows)
    outgoing(other_agency, date(2026, 2, 3), doc_type=QD)
    assert counters(agency) == {(OUT, QD, date(2026, 2, 1)): 5}
    deleted, _per_model = Dispatch.objects.filter(agency=agency, issued_date__lte=date(2026, 2, 2)).delete()
    assert deleted == 2 and counters(agency) == {(OUT, QD, date(2026, 2, 1)): 3}
    assert counters(other_agency) == {(OUT, QD, date(2026, 2, 1)): 1}
    with pytest.raises(TypeError, match="doc_type"):
        Dispatch.objects.update(doc_type=CV)
    with pytest.raises(TypeError, match="issued_date"):
        Dispatch.objects.bulk_update(list(Dispatch.objects.all()), ["issued_date"])
    with pytest.raises(TypeError):
        Dispatch.objects.bulk_create(rows, ignore_conflicts=True)
    assert Dispatch.objects.update(note="ghi chú") == 4  # fields the counts do not depend on: allowed


def test_admin_add_change_and_bulk_delete_keep_counts(agency, approver, login):
    client = login(approver)
    template = Dispatch(agency=agency, direction=OUT, doc_type=QD, code_number="7", code_notation="QĐ-UBND",
                        issued_date=date(2026, 3, 5), summary="Về việc thử")
    response = client.post("/admin/dispatches/dispatch/add/", admin_data(template))
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Dispatch.objects.get()
    assert counters(agency) == {(OUT, QD, date(2026, 3, 1)): 1}
    response = client.post(f"/admin/dispatches/dispatch/{created.pk}/change/",
                           admin_data(created, doc_type=CV, issued_date="09/04/2026"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert counters(agency) == {(OUT, CV, date(2026, 4, 1)): 1}
    other = outgoing(agency, date(2026, 4, 10))
    response = client.post("/admin/dispatches/dispatch/", {"action": "delete_selected", "post": "yes",
                                                            "_selected_action": [created.pk, other.pk]})
    assert response.status_code == 302 and not Dispatch.objects.exists()
    assert counters(agency) == {}


def test_import_api_and_sync_batches_write_the_counters_once(agency, django_assert_max_num_queries):
    rows = [(f"Dòng {i}", {"ExternalId": f"E-{i}", "TypeName": "Công văn", "CodeNumber": str(i),
                          "CodeNotation": "UBND-VP", "IssuedDate": f"2026-01-{i + 1:02d}", "Subject": "Mẫu"})
            for i in range(20)]
    report = apply_rows(agency, rows)
    assert report.ok and report.created == 20
    assert counters(agency) == {(OUT, CV, date(2026, 1, 1)): 20}
    moved = [(label, {**raw, "IssuedDate": "2026-02-01"}) for label, raw in rows[:5]]
    assert apply_rows(agency, moved).updated == 5
    assert counters(agency) == {(OUT, CV, date(2026, 1, 1)): 15, (OUT, CV, date(2026, 2, 1)): 5}


def test_bulk_seeder_counts_what_it_copies(agency):
    from dispatches.bulk import seed_dispatches

    seed_dispatches([agency], {"dispatches": 300}, io.StringIO())
    assert sum(counters(agency).values()) == 300
    assert counts.differences() == {}


# --- reading: the counters for whole past months, the rows for the rest ------------------------

def test_split_of_periods():
    this_month = date(2026, 12, 1)
    assert split(range_period(date(2026, 1, 1), date(2026, 3, 31)), this_month) == (
        (date(2026, 1, 1), date(2026, 4, 1)), [])
    assert split(range_period(date(2026, 1, 15), date(2026, 3, 10)), this_month) == (
        (date(2026, 2, 1), date(2026, 3, 1)), [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 3, 1),
                                                                                          date(2026, 3, 10))])
    assert split(range_period(date(2026, 1, 15), date(2026, 2, 10)), this_month) == (
        None, [(date(2026, 1, 15), date(2026, 2, 10))])
    year = standard_periods(date(2026, 12, 3))[3]  # the current month and after from the rows
    assert split(year, this_month) == ((date(2026, 1, 1), date(2026, 12, 1)), [(date(2026, 12, 1),
                                                                                 date(2026, 12, 31))])
    assert split(week_of(date(2026, 12, 2)), this_month) == (None, [(date(2026, 11, 30), date(2026, 12, 6))])


def test_counts_match_the_rows_for_every_kind_of_period(agency, other_agency):
    rng = random.Random(20)
    today = date(2026, 12, 3)
    for _i in range(120):
        day = today - timedelta(days=rng.randrange(500)) + timedelta(days=rng.randrange(20))
        if rng.random() < 0.5:
            incoming(rng.choice([agency, other_agency]), day, issued=day - timedelta(days=1),
                     doc_type=rng.choice([QD, CV]))
        else:
            outgoing(rng.choice([agency, other_agency]), day, doc_type=rng.choice([QD, CV]))
    wanted = [*standard_periods(today), week_of(date(2026, 3, 31)), range_period(date(2025, 8, 17), today),
              range_period(date(2025, 9, 1), date(2026, 2, 28)), range_period(date(2025, 1, 10), date(2027, 1, 10))]
    wanted = [type(p)(f"p{i}", p.label, p.start, p.end) for i, p in enumerate(wanted)] + last_months(today, 18)
    for ids in (None, [agency.pk]):
        for by in (("direction", "doc_type"), ("agency_id",)):
            result = dispatch_counts(wanted, ids, by=by, today=today)
            for p in wanted:
                rows = Dispatch.objects.filter(entry_date__gte=p.start, entry_date__lte=p.end)
                if ids:
                    rows = rows.filter(agency_id__in=ids)
                expected = Counter(tuple(values) for values in rows.values_list(*by))
                assert dict(result[p.key]) == dict(expected), (p, by, ids)


def test_past_months_are_read_from_the_counters_only(agency):
    """A row slipped in behind the model's back counts in the current month (read from rows), not in a
    past month (read from the counters) until the check command repairs it."""
    today = date(2026, 12, 3)
    outgoing(agency, date(2026, 3, 18))
    outgoing(agency, date(2026, 12, 2))
    with connection.cursor() as cursor:
        for day in (date(2026, 3, 19), date(2026, 12, 1)):
            cursor.execute(
                f"INSERT INTO {Dispatch._meta.db_table} (agency_id, created_at, updated_at, direction, doc_type, "
                "code_number, code_notation, issued_date, organ_name, summary, signer_name, signer_position, "
                "recipients, urgency, handling_unit, note, file, external_id, publish_details, year, entry_date, "
                "search_text) VALUES (%s, %s, %s, 'di', 'cong-van', %s, '', %s, '', 'x', '', '', '', 'thuong', '', "
                "'', '', '', false, 2026, %s, '')",
                [agency.pk, "2026-12-03 00:00:00", "2026-12-03 00:00:00", f"raw-{day}", day, day])
    march, december = range_period(date(2026, 3, 1), date(2026, 3, 31)), month_of(today)
    result = dispatch_counts([march, december], [agency.pk], by=("direction",), today=today)
    assert result[march.key] == {(OUT,): 1} and result[december.key] == {(OUT,): 2}

    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_dispatch_counts", stdout=out, stderr=io.StringIO())
    assert "03/2026: bảng 1, sổ 2" in out.getvalue() and "12/2026: bảng 1, sổ 2" in out.getvalue()
    call_command("check_dispatch_counts", "--repair", stdout=io.StringIO())
    result = dispatch_counts([march, december], [agency.pk], by=("direction",), today=today)
    assert result[march.key] == {(OUT,): 2} and result[december.key] == {(OUT,): 2}
    out = io.StringIO()
    call_command("check_dispatch_counts", "--agency", agency.slug, stdout=out)
    assert "khớp" in out.getvalue()


def test_totals_mode_agencies_are_still_counted_from_their_totals(agency, other_agency):
    outgoing(agency, date(2026, 3, 18))
    outgoing(other_agency, date(2026, 3, 18))
    totals_mode(other_agency)  # its register rows stop counting, as before
    march = month_of(date(2026, 3, 1))
    assert dispatch_counts([march], None, by=("agency_id",), today=date(2026, 12, 3))[march.key] == {
        (agency.pk,): 1}


def test_statistics_queries_do_not_grow_with_the_register(agency, django_assert_num_queries):
    from dispatches.bulk import seed_dispatches

    seed_dispatches([agency], {"dispatches": 50}, io.StringIO())
    wanted = [*standard_periods(date.today()), *last_months(date.today(), 24)]
    wanted = [type(p)(f"p{i}", p.label, p.start, p.end) for i, p in enumerate(wanted)]
    with django_assert_num_queries(2):  # modes + one UNION ALL of counters and this month's rows
        small = dispatch_counts(wanted, None)
    seed_dispatches([agency], {"dispatches": 5000}, io.StringIO())
    with django_assert_num_queries(2):
        large = dispatch_counts(wanted, None)
    assert sum(large["p3"].values()) > sum(small["p3"].values())


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_counters_from_existing_rows(agency):
    from django.db.migrations.executor import MigrationExecutor

    outgoing(agency, date(2026, 3, 18), doc_type=QD)
    incoming(agency, date(2026, 4, 2), doc_type=CV)
    DispatchCount.objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate([("dispatches", "0004_dispatch_counts")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert counters(agency) == {(OUT, QD, date(2026, 3, 1)): 1, (IN, CV, date(2026, 4, 1)): 1}


# --- the push API under concurrent pushes (PostgreSQL) ----------------------------------------------

@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent transactions: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_pushes_of_the_same_batch_store_each_dispatch_once(settings):
    settings.DISPATCHES_API_RATE = (1000, 60)
    agency = AgencyFactory(slug="so-dong-thoi")
    token = ApiToken(agency=agency, name="iOffice")
    key = token.generate()
    token.save()
    batch = [{"ExternalId": f"DT-{i}", "TypeName": "Công văn", "CodeNumber": str(i), "CodeNotation": "UBND",
              "IssuedDate": "2026-03-15", "Subject": f"Về việc {i}"} for i in range(30)]
    start = threading.Barrier(6)
    statuses = []

    def push(items):
        try:
            start.wait()
            response = Client().post(f"/{agency.slug}/van-ban-di-den/api/v1/van-ban/", json.dumps(items),
                                     content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
            statuses.append((response.status_code, response.content.decode()[:300]))
        finally:
            connections.close_all()

    # Six pushes at once, in different orders, all of the same 30 dispatches.
    orders = [batch, batch[::-1], batch[10:] + batch[:10], batch, batch[::-1], batch[5:] + batch[:5]]
    threads = [threading.Thread(target=push, args=(items,)) for items in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(statuses) == 6
    # Batches of one agency match and write under one lock: the first creates, the rest find the rows.
    assert [status for status, _body in statuses] == [200] * 6, statuses
    bodies = sorted(json.loads(body)["created"] for _status, body in statuses)
    assert bodies == [0, 0, 0, 0, 0, 30]
    assert Dispatch.objects.filter(agency=agency).count() == 30
    assert counters(agency) == {(OUT, CV, date(2026, 3, 1)): 30}
    assert counts.differences() == {}


def test_a_batch_that_keeps_colliding_answers_409_and_stores_nothing(agency, monkeypatch, settings):
    from django.db import IntegrityError

    from dispatches import importers

    token = ApiToken(agency=agency, name="iOffice")
    key = token.generate()
    token.save()
    attempts = []

    def collide(self, dataset, **kwargs):
        attempts.append(1)
        Dispatch.objects.create(agency=agency, direction=OUT, doc_type=CV, code_number="1", issued_date=date(2026, 3, 1),
                                summary="Ghi dở")
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(importers.DispatchResource, "import_data", collide)
    item = {"ExternalId": "X-1", "TypeName": "Công văn", "CodeNumber": "1", "IssuedDate": "2026-03-01",
            "Subject": "Mẫu"}
    response = Client().post(f"/{agency.slug}/van-ban-di-den/api/v1/van-ban/", json.dumps([item]),
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 409 and "gửi lại" in response.json()["error"]
    assert len(attempts) == importers.ATTEMPTS
    assert not Dispatch.objects.exists() and counters() == {}
