"""The section in the site-wide search (portal/search.py): answered questions, drafts, plans — and
nothing private (askers' names when anonymous, contacts, comments, information requests)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from participation.models import Comment, InformationRequest, Question
from portal.models import SearchDocument
from portal.publishing import Status, apply_transition
from portal.search import rebuild_index, search, searchables, update_index

from .conftest import make_consultation, make_plan, make_question, make_request

pytestmark = pytest.mark.django_db

SECRET_NAME = "Hoàng Thị Kín Đáo"
SECRET_EMAIL = "kindao.rieng@example.org"
SECRET_PHONE = "0909123987"


def titles(results):
    return [d.title for d in results.documents]


def exact(query):
    """Titles matched by the words themselves (PostgreSQL adds look-alike titles when nothing matches)."""
    results = search(query)
    return [] if results.fuzzy else titles(results)


def page(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def indexed_text():
    """Every stored character of the index, folded and raw, for "is it anywhere" checks."""
    return " ".join(" ".join([d.title, d.number, d.summary, d.url, d.title_text, d.body_text])
                    for d in SearchDocument.objects.all())


def published_question(agency, **fields):
    question = make_question(agency, published=True, **fields)
    question.save()  # the test helper writes with update(): a real save sends the signal the index follows
    return question


def test_a_published_answered_question_is_found_by_a_folded_query_and_opens(agency):
    question = published_question(agency, topic="Đăng ký hộ kinh doanh cá thể",
                                  question="Hồ sơ đăng ký gồm những giấy tờ gì?",
                                  answer="<p>Giấy đề nghị và bản sao căn cước công dân.</p>")
    for query in ("dang ky ho kinh doanh", "ĐĂNG KÝ HỘ KINH DOANH", "giay to gi", "can cuoc cong dan"):
        results = search(query)
        assert titles(results) == ["Đăng ký hộ kinh doanh cá thể"], query
        assert [d.kind for d in results.documents] == ["hoi-dap"]
    document = search("dang ky ho kinh doanh").documents[0]
    assert document.url == question.get_absolute_url()
    assert "Đăng ký hộ kinh doanh cá thể" in page(document.url)
    assert "Đăng ký hộ kinh doanh cá thể" in page("/tim-kiem/?q=dang+ky+ho+kinh+doanh")
    assert titles(search("dang ky ho kinh doanh", agency_slug=agency.slug, kind="hoi-dap")) == [
        "Đăng ký hộ kinh doanh cá thể"]


@pytest.mark.parametrize("state", ["new", "pending", "returned", "scheduled", "published_without_answer"])
def test_a_question_not_yet_answered_publicly_is_never_indexed(agency, state):
    fields = {"topic": "Câu hỏi chưa công khai", "question": "Nội dung chưa công khai",
              "answer": "<p>Trả lời chưa công khai</p>"}
    question = Question.objects.create(agency=agency, asker_name="Ai đó", email="a@example.org", **fields)
    if state == "pending":
        question.status = Status.PENDING
    elif state == "returned":
        question.status, question.review_note = Status.RETURNED, "Sửa lại"
    elif state == "scheduled":
        question.status, question.published_at = Status.PUBLISHED, timezone.now() + timedelta(days=2)
    elif state == "published_without_answer":
        question.status, question.published_at, question.answer = Status.PUBLISHED, timezone.now(), ""
    question.save()
    rebuild_index()
    update_index(timezone.now() - timedelta(hours=1))
    assert search("chua cong khai").total == 0
    assert not SearchDocument.objects.exists()
    assert "Câu hỏi chưa công khai" not in page("/tim-kiem/?q=chua+cong+khai").split("</form>")[-1]


def test_a_scheduled_answer_enters_the_index_when_it_comes_due(agency):
    start = timezone.now()
    question = make_question(agency, topic="Hẹn giờ trả lời")
    question.status, question.published_at, question.answer = Status.PUBLISHED, start + timedelta(minutes=5), "<p>Có</p>"
    question.save()
    assert search("hen gio tra loi").total == 0
    update_index(start, now=start + timedelta(minutes=6))
    assert search("hen gio tra loi", now=start + timedelta(minutes=6)).total == 1


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_askers_name_and_contacts_are_in_no_search_result_nor_document(agency, anonymous):
    published_question(agency, topic="Thời hạn cấp phép xây dựng nhà ở", question="Bao lâu thì có giấy phép?",
                       asker_name=SECRET_NAME, anonymous=anonymous, email=SECRET_EMAIL, phone=SECRET_PHONE)
    rebuild_index()
    assert titles(search("cap phep xay dung")) == ["Thời hạn cấp phép xây dựng nhà ở"]
    stored = indexed_text().lower()
    for secret in (SECRET_NAME.lower(), "hoang thi kin dao", "kin dao", "kindao", "example", SECRET_PHONE):
        assert secret not in stored, secret
    for query in (SECRET_NAME, "hoang thi kin dao", SECRET_EMAIL, "kindao", SECRET_PHONE):
        assert search(query).total == 0, query
        html = page(f"/tim-kiem/?q={query}") + page(f"/{agency.slug}/tim-kiem/?q={query}")
        assert "Thời hạn cấp phép xây dựng" not in html, query  # the name or a contact never leads to it
    html = page("/tim-kiem/?q=cap+phep+xay+dung")
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE):
        assert secret not in html


def test_a_published_consultation_is_found_open_or_closed_and_comment_authors_are_not(agency):
    today = timezone.localdate()
    open_one = make_consultation(agency, title="Dự thảo Quy định quản lý chợ đầu mối")
    closed = make_consultation(agency, title="Dự thảo Đề án phát triển du lịch sinh thái",
                               opens_on=today - timedelta(days=60), closes_on=today - timedelta(days=20))
    closed.drafting_unit = "Phòng Văn hóa và Thông tin"
    closed.save()
    Comment.objects.create(agency=agency, consultation=open_one, name=SECRET_NAME, contact=SECRET_EMAIL,
                           text="Góp ý riêng tư về chợ", moderation=Comment.Moderation.APPROVED)
    make_consultation(agency, title="Dự thảo chưa đăng về chợ đêm", published=False)
    rebuild_index()
    assert titles(search("quan ly cho dau moi")) == ["Dự thảo Quy định quản lý chợ đầu mối"]
    assert titles(search("Tóm tắt dự thảo", kind="du-thao")) and search("tom tat du thao").total == 2
    assert titles(search("phong van hoa va thong tin")) == ["Dự thảo Đề án phát triển du lịch sinh thái"]
    for consultation in (open_one, closed):
        assert page(consultation.get_absolute_url())
    assert exact("cho dem") == [] and "Dự thảo chưa đăng về chợ đêm" not in titles(search("cho dem"))
    assert exact("gop y rieng tu") == [] and exact(SECRET_NAME) == []
    stored = indexed_text().lower()
    assert "kin dao" not in stored and "example" not in stored


def test_a_consultation_found_through_the_signal_and_gone_when_unpublished(agency, approver):
    consultation = make_consultation(agency, title="Dự thảo Quy chế phối hợp phòng cháy")
    consultation.save()
    assert titles(search("quy che phoi hop phong chay")) == ["Dự thảo Quy chế phối hợp phòng cháy"]
    apply_transition(consultation, "unpublish", approver)
    assert search("quy che phoi hop phong chay").total == 0


def test_a_published_plan_is_found_by_title_year_type_and_number_and_an_unpublished_one_is_not(agency):
    make_plan(agency, title="Kế hoạch chuyển đổi số tỉnh", year=2026, kind="ke-hoach", number="45/KH-STN")
    make_plan(agency, title="Chương trình nông thôn mới kiểu mẫu", year=2025, kind="chuong-trinh")
    make_plan(agency, title="Đề án bí mật chưa ban hành", year=2026, kind="de-an", published=False)
    rebuild_index()
    assert titles(search("chuyen doi so")) == ["Kế hoạch chuyển đổi số tỉnh"]
    assert titles(search("45/KH-STN")) == ["Kế hoạch chuyển đổi số tỉnh"]
    assert titles(search("chuong trinh 2025")) == ["Chương trình nông thôn mới kiểu mẫu"]
    assert set(titles(search("2026", kind="ke-hoach"))) == {"Kế hoạch chuyển đổi số tỉnh"}
    document = search("nong thon moi").documents[0]
    assert document.kind == "ke-hoach" and "Chương trình năm 2025" in document.summary
    assert "Chương trình nông thôn mới kiểu mẫu" in page(document.url)
    assert search("de an bi mat").total == 0


def test_information_requests_are_never_searchable(agency):
    request = make_request(agency, full_name=SECRET_NAME, email=SECRET_EMAIL, phone=SECRET_PHONE,
                           information="Hồ sơ giải phóng mặt bằng khu tái định cư Bình Minh",
                           purpose="Khiếu nại đền bù", response="Thông tin đã cung cấp về tái định cư",
                           status=InformationRequest.Status.PROVIDED)
    request.save()
    rebuild_index()
    update_index(timezone.now() - timedelta(days=1))
    assert "participation.informationrequest" not in {s.model.lower() for s in searchables()}
    content_type = ContentType.objects.get_for_model(InformationRequest)
    assert not SearchDocument.objects.filter(content_type=content_type).exists()
    for query in ("tai dinh cu binh minh", "khieu nai den bu", request.tracking_code, SECRET_NAME, SECRET_PHONE):
        assert search(query).total == 0, query
        assert "Bình Minh" not in page(f"/tim-kiem/?q={query}").split("</form>", 1)[-1]


def test_unpublishing_removes_a_question_and_a_plan_and_deleting_too(agency, approver):
    question = published_question(agency, topic="Lệ phí trước bạ xe máy")
    plan = make_plan(agency, title="Kế hoạch tuyên truyền lệ phí")
    plan.save()
    assert search("le phi").total == 2
    apply_transition(question, "unpublish", approver)
    assert titles(search("le phi")) == ["Kế hoạch tuyên truyền lệ phí"]
    assert "Lệ phí trước bạ xe máy" not in page("/tim-kiem/?q=le+phi").split("</form>", 1)[-1]
    apply_transition(plan, "unpublish", approver)
    assert search("le phi").total == 0 and not SearchDocument.objects.exists()
    question.refresh_from_db()
    apply_transition(question, "publish", approver)
    assert titles(search("le phi truoc ba")) == ["Lệ phí trước bạ xe máy"]
    question.delete()
    assert not SearchDocument.objects.exists()


def test_another_agencys_questions_are_counted_under_their_own_agency(agency, other_agency):
    published_question(agency, topic="Cấp đổi giấy phép lái xe")
    published_question(other_agency, topic="Cấp đổi giấy phép lái xe quốc tế")
    assert search("cap doi giay phep lai xe").total == 2
    assert titles(search("cap doi giay phep lai xe", agency_slug=other_agency.slug)) == [
        "Cấp đổi giấy phép lái xe quốc tế"]
