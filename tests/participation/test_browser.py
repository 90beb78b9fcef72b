"""Browser: a citizen asks, comments and requests on a phone without logging in; axe-core clean."""

import time

import pytest

from participation.models import Comment, InformationRequest, Question
from tests.conftest import DESKTOP, PHONE, assert_accessible

from .conftest import make_consultation, make_plan, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.PARTICIPATION_MIN_FILL_SECONDS = 1


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_ask_on_a_phone(open_page, agency):
    page = open_page(agency.reverse("participation:ask"), viewport=PHONE)
    assert_accessible(page)
    _fits(page)
    page.fill("#id_asker_name", "Nguyễn Văn Điện Thoại")
    page.fill("#id_phone", "0912345678")
    page.check("#id_anonymous")
    page.fill("#id_topic", "Giờ làm việc của bộ phận một cửa")
    page.fill("#id_question", "Bộ phận một cửa có làm việc sáng thứ Bảy không?")
    time.sleep(1.2)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã gửi câu hỏi")
    assert_accessible(page)
    question = Question.objects.get()
    assert question.anonymous and question.phone == "0912345678"


def test_errors_are_announced_on_a_phone(open_page, agency):
    page = open_page(agency.reverse("participation:ask"), viewport=PHONE)
    time.sleep(1.2)
    page.click("main button[type=submit]")
    page.wait_for_selector("[role=alert]")
    assert_accessible(page)
    assert not Question.objects.exists()


def test_comment_on_a_phone(open_page, agency):
    consultation = make_consultation(agency)
    page = open_page(consultation.get_absolute_url(), viewport=PHONE)
    assert "Còn" in page.inner_text(".status")
    assert_accessible(page)
    page.click("text=Gửi góp ý")
    page.fill("#id_name", "Trần Thị Góp Ý")
    page.fill("#id_contact", "gopy@example.org")
    page.fill("#id_text", "Đề nghị bổ sung quy định chuyển tiếp.")
    time.sleep(1.2)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã gửi góp ý")
    assert Comment.objects.get().moderation == "pending"


def test_request_on_a_phone_gives_a_tracking_code(open_page, agency):
    page = open_page(agency.reverse("participation:request_form"), viewport=PHONE)
    assert_accessible(page)
    _fits(page)
    page.fill("#id_full_name", "Lê Văn Yêu Cầu")
    page.fill("#id_id_number", "079123456789")
    page.fill("#id_address", "12 Lê Lợi, phường Long Châu")
    page.fill("#id_email", "yeucau@example.org")
    page.fill("#id_information", "Quyết định phê duyệt quy hoạch khu dân cư")
    page.fill("#id_purpose", "Tìm hiểu quy hoạch")
    time.sleep(1.2)
    page.click("main button[type=submit]")
    page.wait_for_selector(".tracking-code")
    assert page.inner_text(".tracking-code") == InformationRequest.objects.get().tracking_code
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_public_pages(open_page, agency, viewport):
    make_question(agency, published=True)
    consultation = make_consultation(agency)
    make_plan(agency)
    for name in ("participation:hub", "participation:question_list", "participation:consultation_list",
                 "participation:disclosure", "participation:plan_list", "participation:request_track"):
        page = open_page(agency.reverse(name), viewport=viewport)
        assert_accessible(page)
        _fits(page)
    page = open_page(consultation.get_absolute_url(), viewport=viewport)
    assert_accessible(page)
    page = open_page(agency.reverse("participation:comment", pk=consultation.pk), viewport=viewport)
    assert_accessible(page)
