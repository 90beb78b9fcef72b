"""Demo compliance data: a few inspection notes, one exemption and the daily snapshots of the last
weeks. Runs after every section's demo (order 90) and only adds compliance rows; the agencies'
states themselves come from the sections' own sample content."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from .models import Exemption, Finding, InspectionNote
from .snapshots import take_snapshot

SAMPLE = "(dữ liệu mẫu) "

# slug, days ago, summary, fix within (days), resolved, answer, findings [(section key, state, text)]
NOTES = [
    ("xa-tam-binh", 12, "Trang thông tin chưa cập nhật thường xuyên: lịch công tác và tin tức chậm.", 7, False, "",
     [("lich-cong-tac", "overdue", "Lịch công tác tuần chưa đăng trước 08:00 thứ Hai."),
      ("tin-tuc", "overdue", "Không có tin mới trong hơn một tuần.")]),
    ("phuong-long-chau", 5, "Tin tức hoạt động chưa được cập nhật trong hai tuần gần đây.", 14, False,
     "Đã phân công cán bộ biên tập đăng tin hằng ngày; sẽ bổ sung tin trước hạn.",
     [("tin-tuc", "overdue", "Tin mới nhất đã quá 7 ngày.")]),
    ("so-noi-vu", 40, "Thiếu danh sách thủ tục hành chính lĩnh vực công chức, viên chức.", 15, True,
     "Đã nhập đủ thủ tục theo Cơ sở dữ liệu quốc gia và xuất bản.",
     [("thu-tuc-hanh-chinh", "overdue", "Còn thiếu thủ tục thuộc lĩnh vực công chức.")]),
]


def load_compliance(context):
    today = context.now.date()
    agencies = context.agencies
    inspector = get_user_model().objects.filter(username="kiemtra").first()
    notes = 0
    for slug, days_ago, summary, fix_within, resolved, answer, findings in NOTES:
        agency = agencies.get(slug)
        if agency is None:
            continue
        inspected = today - timedelta(days=days_ago)
        note, _created = InspectionNote.objects.update_or_create(
            agency=agency, summary=SAMPLE + summary,
            defaults={"inspected_on": inspected, "inspector": inspector,
                      "fix_by": inspected + timedelta(days=fix_within),
                      "team": "Đoàn kiểm tra VP UBND tỉnh (dữ liệu mẫu)", "resolved": resolved, "answer": answer},
        )
        if not note.findings.exists():
            Finding.objects.bulk_create([Finding(note=note, section_key=key, state=state, text=text)
                                         for key, state, text in findings])
        notes += 1
    if "thanh-tra-tinh" in agencies:
        Exemption.objects.update_or_create(
            agency=agencies["thanh-tra-tinh"], section_key="kinh-te-xa-hoi",
            defaults={"reason": SAMPLE + "Thanh tra tỉnh không phụ trách chỉ tiêu kinh tế - xã hội.",
                      "valid_from": today - timedelta(days=60)},
        )
    # Daily snapshots of the last six weeks, evaluated on the sample content as of each day.
    for weeks in range(6, -1, -1):
        take_snapshot(context.now - timedelta(days=7 * weeks))
    context.log(f"Kiểm tra cập nhật: {notes} biên bản mẫu, số liệu 7 tuần.")
