"""``seed_bulk --dispatches N``: N register entries per agency, by bulk insert, for benchmarks."""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from agencies.models import bump_content_version
from portal.demo import bulk_seeder
from portal.text import fold

from .models import Direction, Dispatch, DocumentType

TYPES = [DocumentType.CONG_VAN] * 10 + [DocumentType.QUYET_DINH] * 3 + [
    DocumentType.KE_HOACH, DocumentType.BAO_CAO, DocumentType.BAO_CAO, DocumentType.THONG_BAO, DocumentType.GIAY_MOI,
    DocumentType.GIAY_MOI, DocumentType.TO_TRINH, DocumentType.CHI_THI, DocumentType.THONG_TU, DocumentType.NGHI_DINH]
WORDS = ("triển khai kế hoạch chuyển đổi số cải cách hành chính ngân sách đầu tư công phòng chống thiên tai "
         "nông thôn mới tuyển dụng viên chức báo cáo tháng quý năm tổng kết sơ kết hướng dẫn thực hiện").split()
BATCH = 5000
DAYS = 730  # spread over the last two years


def _rows(agency, start, count, today, rng):
    for i in range(start, start + count):
        direction = Direction.INCOMING if rng.random() < 0.6 else Direction.OUTGOING
        day = today - timedelta(days=rng.randrange(DAYS))
        summary = "Về việc " + " ".join(rng.choices(WORDS, k=8))
        dispatch = Dispatch(
            agency_id=agency.pk, direction=direction, doc_type=rng.choice(TYPES), code_number=str(i + 1),
            code_notation=f"TT-{agency.pk}",
            issued_date=day - timedelta(days=2 if direction == Direction.INCOMING else 0),
            arrival_date=day if direction == Direction.INCOMING else None,
            organ_name="Cơ quan gửi thử tải" if direction == Direction.INCOMING else "",
            summary=summary, signer_name="Người ký thử tải", external_id=f"bulk-{agency.pk}-{i + 1}",
            publish_details=rng.random() < 0.5,
        )
        dispatch.fill_derived()
        dispatch.search_text = fold(f"{dispatch.number_symbol} {summary} {dispatch.organ_name}")
        yield dispatch


@bulk_seeder(order=60, arguments=[
    (("--dispatches",), {"type": int, "default": 0,
                         "help": "Số văn bản đi - đến của mỗi cơ quan (tạo thêm nếu thiếu)."}),
])
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
        rng = random.Random(f"bulk-{agency.pk}-{have}")
        with transaction.atomic():
            batch = []
            for dispatch in _rows(agency, have, missing, today, rng):
                batch.append(dispatch)
                if len(batch) == BATCH:
                    Dispatch.objects.bulk_create(batch)
                    batch = []
            if batch:
                Dispatch.objects.bulk_create(batch)
            bump_content_version(agency.pk)
        total += missing
    if connection.vendor == "postgresql" and total:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dispatches_dispatch")
    stdout.write(f"Công văn đi - đến: {total} văn bản tạo mới ({wanted} mỗi cơ quan).")
    return None
