"""Demo data of the section, every item marked as sample in its visible text.

Questions (answered, waiting, one late), drafts for comment (open, closed with its summary, one closed
without a summary past the limit), comments (approved and pending), information requests (new,
extended, one overdue), the list of information to disclose for every active agency (Law on Access
to Information, article 17) and a few plans. The demo logins ``<agency>-bientap`` / ``-duyet`` answer,
moderate and handle them in the admin. Idempotent: rows are found by their agency and title.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.publishing import Status

from .models import Comment, Consultation, DisclosureItem, InformationRequest, Plan, Question

SAMPLE = "(Dữ liệu mẫu)"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
AGENCIES = ("so-xay-dung", "so-tu-phap", "phuong-long-chau")

QUESTIONS = [
    ("Thời hạn cấp giấy phép xây dựng nhà ở riêng lẻ", "Xin hỏi cấp giấy phép xây dựng nhà ở riêng lẻ mất bao "
     "lâu và nộp hồ sơ ở đâu?", "Nguyễn Văn An", False,
     "<p>Thời hạn giải quyết là 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ; hồ sơ nộp tại Trung tâm Phục vụ hành "
     "chính công hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.</p>"),
    ("Đăng ký thường trú cho con mới sinh", "Con tôi mới sinh, thủ tục đăng ký thường trú gồm những gì?",
     "Trần Thị Bình", True, "<p>Hồ sơ gồm tờ khai thay đổi thông tin cư trú và giấy khai sinh của cháu; "
     "có thể nộp trực tuyến.</p>"),
    ("Hỗ trợ sửa chữa nhà sau bão", "Gia đình tôi có nhà bị tốc mái sau bão, có được hỗ trợ không?",
     "Lê Văn Cường", False, ""),
    ("Lắp đèn chiếu sáng hẻm 12", "Đề nghị lắp đèn chiếu sáng hẻm 12 vì buổi tối rất tối.", "Phạm Thị Dung",
     True, ""),
]
DISCLOSURE = [
    ("Văn bản quy phạm pháp luật; văn bản hành chính có giá trị áp dụng chung", "điểm a khoản 1 Điều 17"),
    ("Thủ tục hành chính, quy trình giải quyết công việc", "điểm b khoản 1 Điều 17"),
    ("Chiến lược, chương trình, dự án, đề án, kế hoạch, quy hoạch phát triển", "điểm đ khoản 1 Điều 17"),
    ("Dự toán ngân sách, báo cáo tài chính, quyết toán ngân sách", "điểm h khoản 1 Điều 17"),
    ("Danh mục dự án, chương trình đầu tư công; kế hoạch đầu tư công", "điểm i khoản 1 Điều 17"),
    ("Thông tin về tuyển dụng, sử dụng, quản lý cán bộ, công chức, viên chức", "điểm o khoản 1 Điều 17"),
    ("Thông tin về cơ cấu tổ chức, chức năng, nhiệm vụ, quyền hạn, đầu mối liên hệ", "điểm d khoản 1 Điều 17"),
    ("Báo cáo công tác định kỳ", "điểm p khoản 1 Điều 17"),
]


def _publish(model, pk, when):
    model.objects.filter(pk=pk).update(status=Status.PUBLISHED, published_at=when)


PLANS = (
    ("Kế hoạch cải cách hành chính năm", Plan.Kind.PLAN, Plan.Progress.IN_PROGRESS),
    ("Chương trình chuyển đổi số giai đoạn 2026-2030", Plan.Kind.PROGRAMME, Plan.Progress.IN_PROGRESS),
    ("Đề án phát triển nguồn nhân lực", Plan.Kind.SCHEME, Plan.Progress.DONE),
)


def _plans(agency, plans, now, today):
    for n, (title, kind, progress) in enumerate(plans):
        plan, created = Plan.objects.get_or_create(
            agency=agency, title=f"{title} {SAMPLE}", defaults={
                "kind": kind, "year": today.year - (1 if progress == Plan.Progress.DONE else 0),
                "progress": progress, "number": f"{10 + n}/KH",
                "summary": "Nội dung trình diễn, không phải văn bản thật."})
        if created:
            plan.file.save("ke-hoach.pdf", ContentFile(PDF))
            _publish(Plan, plan.pk, now - timedelta(days=30))


def load(context):
    now = context.now
    today = timezone.localtime(now).date()
    for slug in AGENCIES:
        agency = context.agencies.get(slug)
        if agency is None:
            continue
        for n, (topic, text, name, anonymous, answer) in enumerate(QUESTIONS):
            received = now - timedelta(days=(30, 24, 20, 3)[n])  # the third one is late
            question, created = Question.objects.get_or_create(
                agency=agency, topic=f"{topic} {SAMPLE}", defaults={
                    "question": text, "asker_name": name, "anonymous": anonymous,
                    "email": f"nguoi-hoi-{n}@example.invalid", "received_at": received, "answer": answer,
                    "answered_by_unit": "Văn phòng" if answer else ""})
            if created and answer:
                _publish(Question, question.pk, received + timedelta(days=5))
                Question.objects.filter(pk=question.pk).update(answered_at=received + timedelta(days=5),
                                                               notified_at=received + timedelta(days=5))
        consultations = [
            ("Dự thảo Quy định quản lý trật tự xây dựng trên địa bàn", today - timedelta(days=8),
             today + timedelta(days=22), ""),
            ("Dự thảo Quy chế phối hợp quản lý nhà nước về hoạt động tư vấn", today - timedelta(days=70),
             today - timedelta(days=40), "<p>Đã nhận 12 ý kiến; tiếp thu 9 ý kiến, giải trình 3 ý kiến.</p>"),
            ("Dự thảo Kế hoạch chỉnh trang đô thị", today - timedelta(days=90), today - timedelta(days=60), ""),
        ]
        for title, opens, closes, response in consultations:
            consultation = Consultation.objects.filter(agency=agency, title=f"{title} {SAMPLE}").first()
            if consultation is None:
                consultation = Consultation(
                    agency=agency, title=f"{title} {SAMPLE}", summary="Dự thảo trình diễn, không phải văn bản thật.",
                    drafting_unit="Văn phòng", opens_on=opens, closes_on=closes, response_summary=response)
                consultation.draft_file.save("du-thao.pdf", ContentFile(PDF), save=False)
                consultation.save()
                _publish(Consultation, consultation.pk, now - timedelta(days=(today - opens).days))
                Comment.objects.create(agency=agency, consultation=consultation, name="Hoàng Văn Em",
                                       organisation="Hội Kiến trúc sư (mẫu)", contact="em@example.invalid",
                                       text="Đề nghị bổ sung quy định chuyển tiếp.", moderation="approved",
                                       moderated_at=now)
                Comment.objects.create(agency=agency, consultation=consultation, name="Võ Thị Giang",
                                       contact="0911000000", text="Góp ý chờ kiểm duyệt (mẫu).")
        for n, (name, days_ago, complexity) in enumerate((("Đặng Văn Hùng", 2, "complex"),
                                                          ("Bùi Thị Lan", 30, "complex"),
                                                          ("Ngô Văn Minh", 1, "simple"))):
            InformationRequest.objects.get_or_create(
                agency=agency, full_name=f"{name} {SAMPLE}", defaults={
                    "id_number": f"0791234567{n:02d}", "address": "Địa chỉ mẫu", "email": f"yc-{n}@example.invalid",
                    "information": "Quyết định phê duyệt quy hoạch chi tiết khu dân cư (mẫu)",
                    "purpose": "Tìm hiểu quy hoạch", "complexity": complexity,
                    "received_at": now - timedelta(days=days_ago)})
    for slug, agency in context.agencies.items():
        if not agency.is_active:
            continue
        # every agency publishes its yearly plan; the three above have more
        _plans(agency, PLANS if slug in AGENCIES else PLANS[:1], now, today)
        for order, (title, basis) in enumerate(DISCLOSURE, 1):
            item, created = DisclosureItem.objects.get_or_create(
                agency=agency, title=title, defaults={
                    "legal_basis": f"{basis} Luật Tiếp cận thông tin", "order": order * 10,
                    "disclosure_form": "Đăng trên trang thông tin điện tử (mẫu)"})
            if created:
                _publish(DisclosureItem, item.pk, now - timedelta(days=30))
    context.log("participation: hỏi đáp, dự thảo, yêu cầu thông tin, kế hoạch mẫu")
