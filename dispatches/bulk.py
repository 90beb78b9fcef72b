"""``seed_bulk --dispatches N``: N register entries per agency, by bulk insert, for benchmarks.

On PostgreSQL the rows go in with COPY (about a minute for 60 agencies x 20,000 entries); elsewhere
with bulk_create. Either way the monthly counters (counts.py) are added in the same transaction.
Rows are built as plain values (no model instances) from a small vocabulary whose folded form is
computed once.
"""

import random
from collections import Counter
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from agencies.cache import bump_content_version
from portal.text import fold

from . import counts
from .models import Direction, Dispatch, DocumentType, Urgency

TYPES = [DocumentType.CONG_VAN] * 10 + [DocumentType.QUYET_DINH] * 3 + [
    DocumentType.KE_HOACH, DocumentType.BAO_CAO, DocumentType.BAO_CAO, DocumentType.THONG_BAO, DocumentType.GIAY_MOI,
    DocumentType.GIAY_MOI, DocumentType.TO_TRINH, DocumentType.CHI_THI, DocumentType.THONG_TU, DocumentType.NGHI_DINH]
WORDS = ("triển khai kế hoạch chuyển đổi số cải cách hành chính ngân sách đầu tư công phòng chống thiên tai "
         "nông thôn mới tuyển dụng viên chức báo cáo tháng quý năm tổng kết sơ kết hướng dẫn thực hiện").split()
FOLDED = {word: fold(word) for word in WORDS}
ISSUER = "Cơ quan gửi thử tải"
SIGNER = "Người ký thử tải"
BATCH = 5000
DAYS = 730  # spread over the last two years
COLUMNS = ["agency_id", "created_at", "updated_at", "direction", "doc_type", "code_number", "code_notation",
           "issued_date", "organ_name", "summary", "signer_name", "signer_position", "recipients", "arrival_date",
           "arrival_number", "urgency", "handling_unit", "due_date", "note", "file", "external_id",
           "publish_details", "year", "entry_date", "search_text"]


def _values(agency, start, count, today, rng):
    """Plain column values, in COLUMNS order, for entries start+1 .. start+count of one agency."""
    now = timezone.now()
    notation = f"TT-{agency.pk}"
    folded_issuer, folded_signer = fold(ISSUER), fold(SIGNER)
    for i in range(start, start + count):
        incoming = rng.random() < 0.6
        day = today - timedelta(days=rng.randrange(DAYS))
        words = rng.choices(WORDS, k=8)
        summary = "Về việc " + " ".join(words)
        number = str(i + 1)
        issued = day - timedelta(days=2) if incoming else day
        search = " ".join([f"{number}/{notation.lower()}", "ve viec", *(FOLDED[w] for w in words),
                           *([folded_issuer] if incoming else []), folded_signer])
        yield (agency.pk, now, now, Direction.INCOMING if incoming else Direction.OUTGOING, rng.choice(TYPES),
               number, notation, issued, ISSUER if incoming else "", summary, SIGNER, "", "",
               day if incoming else None, (i + 1) if incoming else None, Urgency.NORMAL, "", None, "", "",
               f"bulk-{agency.pk}-{i + 1}", rng.random() < 0.5, issued.year, day, search)


KEY_COLUMNS = [COLUMNS.index(name) for name in counts.KEY_FIELDS]


def _insert(rows):
    if connection.vendor == "postgresql":
        tally = Counter()
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {Dispatch._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    tally[counts.key(*(row[i] for i in KEY_COLUMNS))] += 1
        counts.record(tally)  # COPY bypasses the model: the monthly counters are added here
        return
    batch = []
    for row in rows:
        batch.append(Dispatch(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) == BATCH:
            Dispatch.objects.bulk_create(batch)
            batch = []
    Dispatch.objects.bulk_create(batch)


def seed_dispatches(agencies, options, stdout):
    wanted = options.get("dispatches") or 0
    if not wanted:
        return None
    today = timezone.localdate()
    existing = dict(Dispatch.objects.filter(agency__in=agencies).order_by().values_list("agency_id")
                    .annotate(n=Count("pk")).values_list("agency_id", "n"))
    total = 0
    for agency in agencies:
        have = existing.get(agency.pk, 0)
        missing = wanted - have
        if missing <= 0:
            continue
        with transaction.atomic():
            _insert(_values(agency, have, missing, today, random.Random(f"bulk-{agency.pk}-{have}")))
            bump_content_version(agency.pk)
        total += missing
    if connection.vendor == "postgresql" and total:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Dispatch._meta.db_table}")
    stdout.write(f"Công văn đi - đến: {total} văn bản tạo mới ({wanted} mỗi cơ quan).")
    return None
