"""Demo data of section 8: a year of sample registers, one agency reporting totals only.

All of it is sample data (the people and most documents are invented), except the provincial
office's letter 459/UBND-TTTH of 15/03/2006 that started the portal, kept in its own year.
Idempotent: every generated entry has a stable external id and only missing ones are added.
"""

import random
from datetime import date, timedelta

from agencies.cache import bump_content_version
from portal import doctypes

from .models import Direction, Dispatch, DispatchSettings, DocumentType, PeriodTotal, PeriodTotalLine, Urgency
from .stats import last_months

T = DocumentType
# agency slug → (code in symbols, share of entries whose details are published, entries per working day)
REGISTERS = {
    "vp-ubnd": ("UBND", 0.8, 9),
    "so-noi-vu": ("SNV", 0.6, 5),
    "so-tai-chinh": ("STC", 0.0, 5),
    "phuong-thanh-duc": ("UBND", 1.0, 3),
    "xa-cai-nhum": ("UBND", 1.0, 2),
}
TOTALS_AGENCY = "so-y-te"

TOPICS = [
    "triển khai chuyển đổi số trong cơ quan nhà nước", "cải cách hành chính và nâng cao chỉ số PAR INDEX",
    "phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão", "xây dựng nông thôn mới nâng cao",
    "quản lý, sử dụng tài sản công", "thực hiện dự toán ngân sách nhà nước",
    "tuyển dụng công chức, viên chức", "phòng, chống dịch bệnh trên cây trồng, vật nuôi",
    "bảo đảm trật tự an toàn giao thông", "tổ chức các hoạt động chào mừng ngày lễ lớn",
    "giải quyết thủ tục hành chính trên Cổng dịch vụ công", "thực hành tiết kiệm, chống lãng phí",
    "công tác tiếp công dân, giải quyết khiếu nại, tố cáo", "sắp xếp đơn vị hành chính cấp xã",
    "giải ngân vốn đầu tư công", "phổ biến, giáo dục pháp luật", "chế độ báo cáo thống kê định kỳ",
    "kiểm tra công tác văn thư, lưu trữ", "bảo vệ môi trường và xử lý rác thải sinh hoạt",
    "hỗ trợ người dân bị ảnh hưởng do xâm nhập mặn",
]
OUTGOING = [(T.CONG_VAN, 10), (T.QUYET_DINH, 4), (T.KE_HOACH, 2), (T.BAO_CAO, 3), (T.THONG_BAO, 2),
            (T.GIAY_MOI, 3), (T.TO_TRINH, 1), (T.CHI_THI, 1)]
INCOMING = [(T.CONG_VAN, 12), (T.QUYET_DINH, 4), (T.THONG_TU, 1), (T.NGHI_DINH, 1), (T.CHI_THI, 1),
            (T.KE_HOACH, 2), (T.BAO_CAO, 2), (T.GIAY_MOI, 3), (T.THONG_BAO, 2), (T.NGHI_QUYET, 1),
            (T.CONG_DIEN, 1)]
ISSUERS = {
    T.NGHI_DINH: ["Chính phủ"], T.THONG_TU: ["Bộ Nội vụ", "Bộ Tài chính", "Bộ Khoa học và Công nghệ"],
    T.CONG_DIEN: ["Thủ tướng Chính phủ", "Ban Chỉ đạo phòng, chống thiên tai tỉnh"],
    T.NGHI_QUYET: ["Hội đồng nhân dân tỉnh Vĩnh Long", "Chính phủ"],
}
OTHER_ISSUERS = ["Ủy ban nhân dân tỉnh Vĩnh Long", "Văn phòng Chính phủ", "Bộ Nội vụ", "Sở Tài chính tỉnh Vĩnh Long",
                 "Sở Nội vụ tỉnh Vĩnh Long", "Văn phòng UBND tỉnh Vĩnh Long", "Sở Khoa học và Công nghệ tỉnh Vĩnh Long",
                 "Thanh tra tỉnh Vĩnh Long", "Kho bạc Nhà nước khu vực XIX"]
ISSUER_CODES = {"Chính phủ": "CP", "Bộ Nội vụ": "BNV", "Bộ Tài chính": "BTC", "Bộ Khoa học và Công nghệ": "BKHCN",
                "Thủ tướng Chính phủ": "TTg", "Hội đồng nhân dân tỉnh Vĩnh Long": "HĐND",
                "Ủy ban nhân dân tỉnh Vĩnh Long": "UBND", "Văn phòng Chính phủ": "VPCP",
                "Sở Tài chính tỉnh Vĩnh Long": "STC", "Sở Nội vụ tỉnh Vĩnh Long": "SNV",
                "Văn phòng UBND tỉnh Vĩnh Long": "VPUBND", "Sở Khoa học và Công nghệ tỉnh Vĩnh Long": "SKHCN",
                "Thanh tra tỉnh Vĩnh Long": "TTr", "Kho bạc Nhà nước khu vực XIX": "KBNN",
                "Ban Chỉ đạo phòng, chống thiên tai tỉnh": "BCĐ"}
SIGNERS = [("Chủ tịch", "Nguyễn Văn An"), ("Phó Chủ tịch", "Trần Thị Bích"), ("Giám đốc", "Lê Minh Châu"),
           ("Phó Giám đốc", "Phạm Quốc Dũng"), ("Chánh Văn phòng", "Võ Thị Hồng")]
SUMMARIES = {
    T.CONG_VAN: "Về việc {topic}", T.QUYET_DINH: "Quyết định về việc ban hành quy chế {topic}",
    T.KE_HOACH: "Kế hoạch {topic} năm {year}", T.BAO_CAO: "Báo cáo kết quả {topic} tháng {month}/{year}",
    T.THONG_BAO: "Thông báo kết luận cuộc họp về {topic}", T.GIAY_MOI: "Mời dự họp về {topic}",
    T.TO_TRINH: "Đề nghị phê duyệt kinh phí {topic}", T.CHI_THI: "Về tăng cường {topic}",
    T.THONG_TU: "Hướng dẫn {topic}", T.NGHI_DINH: "Quy định chi tiết về {topic}",
    T.NGHI_QUYET: "Nghị quyết về {topic}", T.CONG_DIEN: "Về việc chủ động {topic}",
}

LETTER_459 = {
    "external_id": "MAU-VPUBND-2006-459", "direction": Direction.OUTGOING, "doc_type": T.CONG_VAN,
    "code_number": "459", "code_notation": "UBND-TTTH", "issued_date": date(2006, 3, 15),
    "summary": "Về việc cập nhật thông tin vào Trang thông tin điện tử phục vụ điều hành tác nghiệp của Chính phủ",
    "signer_position": "KT. Chủ tịch, Phó Chủ tịch", "signer_name": "Phạm Văn Đấu",
    "recipients": "Thủ trưởng các Sở, Ban, ngành tỉnh; Chủ tịch UBND huyện - Thị xã; Chủ tịch, các PCT-UBT; "
                  "Trưởng ban BĐH112 tỉnh; LĐVP-UBT; TTTH; Lưu.",
    "handling_unit": "Trung tâm Tin học", "publish_details": True,
    "note": "Công văn khởi đầu Trang thông tin điện tử phục vụ điều hành (Đề án 112); bản gốc trong seed/.",
}


def _pick(rng, weighted):
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


def _register(agency, code, share, per_day, today):
    rng = random.Random(f"demo-{agency.slug}")
    existing = set(Dispatch.objects.for_agency(agency).values_list("external_id", flat=True))
    numbers = {}
    new = []
    day = today - timedelta(days=364)
    while day <= today:
        if day.weekday() < 5:
            for n in range(rng.randint(max(1, per_day - 3), per_day + 2)):
                direction = Direction.OUTGOING if rng.random() < 0.4 else Direction.INCOMING
                doc_type = _pick(rng, OUTGOING if direction == Direction.OUTGOING else INCOMING)
                topic = rng.choice(TOPICS)
                key = (direction, day.year)
                numbers[key] = numbers.get(key, 0) + 1
                external_id = f"MAU-{agency.slug}-{direction}-{day:%Y%m%d}-{n}"
                abbreviation = doctypes.abbreviation(doc_type) or None
                position, signer = rng.choice(SIGNERS)
                values = {
                    "agency": agency, "direction": direction, "doc_type": doc_type, "external_id": external_id,
                    "summary": SUMMARIES[doc_type].format(topic=topic, year=day.year, month=f"{day.month:02d}"),
                    "signer_name": f"{signer} (mẫu)", "signer_position": position,
                    "urgency": _pick(rng, [(Urgency.NORMAL, 20), (Urgency.URGENT, 3), (Urgency.VERY_URGENT, 1),
                                           (Urgency.FLASH, 1)]),
                    "publish_details": rng.random() < share,
                }
                if direction == Direction.OUTGOING:
                    unit = rng.choice(["VP", "TH", "KT", "NC"])
                    values.update(code_number=str(numbers[key]), issued_date=day,
                                  code_notation=f"{abbreviation}-{code}" if abbreviation else f"{code}-{unit}",
                                  recipients="Như trên; Lưu: VT, " + unit + ".", handling_unit="Văn thư")
                else:
                    issuer = rng.choice(ISSUERS.get(doc_type, OTHER_ISSUERS))
                    issuer_code = ISSUER_CODES[issuer]
                    issued = day - timedelta(days=rng.randint(1, 6))
                    values.update(code_number=str(rng.randint(1, 3000)), issued_date=issued,
                                  code_notation=(f"{abbreviation}-{issuer_code}" if abbreviation
                                                 else f"{issuer_code}-VP"),
                                  organ_name=issuer, arrival_date=day, arrival_number=numbers[key],
                                  handling_unit=rng.choice(["Phòng Tổng hợp", "Phòng Kinh tế", "Văn phòng"]),
                                  due_date=(day + timedelta(days=rng.choice([5, 7, 10, 15]))
                                            if rng.random() < 0.4 else None))
                if external_id in existing:
                    continue  # after drawing every random value, so a re-run draws the same ones
                dispatch = Dispatch(**values)
                dispatch.fill_derived()
                new.append(dispatch)
        day += timedelta(days=1)
    # An incoming number could repeat for one issuer in a year: keep the first of each.
    seen = set(Dispatch.objects.for_agency(agency).values_list("direction", "year", "code_number", "code_notation",
                                                               "organ_name"))
    unique = []
    for dispatch in new:
        key = (dispatch.direction, dispatch.year, dispatch.code_number, dispatch.code_notation, dispatch.organ_name)
        if key not in seen:
            seen.add(key)
            unique.append(dispatch)
    Dispatch.objects.bulk_create(unique, batch_size=1000)
    return len(unique)


def load_dispatches(context):
    today = context.now.date()
    for slug, (code, share, per_day) in REGISTERS.items():
        agency = context.agencies.get(slug)
        if agency is None:
            continue
        DispatchSettings.objects.get_or_create(agency=agency, defaults={
            "mode": DispatchSettings.Mode.REGISTER, "publish_details_default": share >= 0.5})
        created = _register(agency, code, share, per_day, today)
        if created:
            bump_content_version(agency.pk)
            context.log(f"Công văn đi - đến: {agency.short_name} thêm {created} văn bản mẫu.")

    office = context.agencies.get("vp-ubnd")
    letter = Dispatch.objects.filter(external_id=LETTER_459["external_id"])
    if office is not None and not letter.for_agency(office).exists():
        Dispatch.objects.create(agency=office, **LETTER_459)
        context.log("Công văn đi - đến: công văn 459/UBND-TTTH ngày 15/03/2006 trong sổ năm 2006 của VP UBND tỉnh.")

    agency = context.agencies.get(TOTALS_AGENCY)
    if agency is not None:
        _totals(agency, today, context)


def _totals(agency, today, context):
    settings, _created = DispatchSettings.objects.get_or_create(agency=agency)
    if settings.mode != DispatchSettings.Mode.TOTALS:
        settings.mode = DispatchSettings.Mode.TOTALS
        settings.save()
    rng = random.Random(f"demo-totals-{agency.slug}")
    added = 0
    for month in last_months(today):
        period, created = PeriodTotal.objects.get_or_create(
            agency=agency, start=month.start,
            defaults={"kind": PeriodTotal.Kind.MONTH, "note": "Số liệu mẫu nhập theo tháng"})
        if not created:
            continue
        added += 1
        for direction, types in ((Direction.INCOMING, INCOMING), (Direction.OUTGOING, OUTGOING)):
            for doc_type, weight in types:
                PeriodTotalLine.objects.create(agency=agency, period=period, direction=direction, doc_type=doc_type,
                                               count=weight * rng.randint(3, 8))
    if added:
        context.log(f"Công văn đi - đến: {agency.short_name} báo cáo số liệu tổng, thêm {added} tháng mẫu.")
