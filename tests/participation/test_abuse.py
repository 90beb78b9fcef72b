"""The public forms attacked: honeypot, timing, rate limits, duplicates, challenge, size, classified,
CSRF, and ten XSS vectors through every form."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from participation.guards import mentions_classified
from participation.models import Comment, InformationRequest, Question
from portal.publishing import Status

from .conftest import comment_data, make_consultation, question_data, request_data, started

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "\"><script>alert(document.cookie)</script>",
    "javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">bấm</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<body onload=alert(1)>",
    "'';!--\"<XSS>=&{()}",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.fixture
def lenient(settings):
    """Rate limits out of the way, for tests about something else."""
    settings.PARTICIPATION_MAX_POSTS_PER_ADDRESS = 1000
    settings.PARTICIPATION_MAX_POSTS_PER_CONTACT = 1000
    settings.PARTICIPATION_CHALLENGE_AFTER = 1000


def _no_live_markup(page, vector):
    assert vector not in page or not re.search(r"[<>]", vector)
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "<svg/onload" not in page and "<iframe src=\"https://evil" not in page


@pytest.mark.parametrize("vector", XSS)
def test_xss_through_the_question_form(agency, post_form, client, lenient, vector):
    post_form(agency.reverse("participation:ask"), question_data(topic=f"Chủ đề {vector}", question=vector,
                                                                 asker_name=f"Tên {vector}"))
    question = Question.objects.get()
    Question.objects.filter(pk=question.pk).update(status=Status.PUBLISHED, answer=f"<p>Đáp</p>{vector}",
                                                   published_at=timezone.now() - timedelta(minutes=1))
    question.refresh_from_db()
    question.save()  # the answer goes through the sanitizer on save, as in the admin
    for url in (question.get_absolute_url(), question.agency.reverse("participation:question_list")):
        _no_live_markup(client.get(url).content.decode(), vector)
    assert "<script" not in question.answer and "onerror" not in question.answer


@pytest.mark.parametrize("vector", XSS)
def test_xss_through_the_comment_form(agency, post_form, client, lenient, vector):
    consultation = make_consultation(agency)
    post_form(agency.reverse("participation:comment", pk=consultation.pk),
              comment_data(name=f"Tên {vector}", organisation=vector, text=f"Góp ý {vector}"))
    Comment.objects.update(moderation="approved")
    _no_live_markup(client.get(consultation.get_absolute_url()).content.decode(), vector)


@pytest.mark.parametrize("vector", XSS)
def test_xss_through_the_request_form(agency, post_form, client, lenient, vector, approver):
    response = post_form(agency.reverse("participation:request_form"),
                         request_data(full_name=f"Tên {vector}", information=vector, purpose=vector))
    _no_live_markup(response.content.decode(), vector)
    req = InformationRequest.objects.get()
    from participation import handling

    handling.provide(req, approver, f"Trả lời {vector}")
    page = client.post(agency.reverse("participation:request_track"),
                       {"code": req.tracking_code, "id_tail": "6789"}).content.decode()
    _no_live_markup(page, vector)
    assert not getattr(mail.outbox[-1], "alternatives", [])  # plain-text mail: nothing a client could run


def test_honeypot_refuses_and_stores_nothing(agency, post_form):
    response = post_form(agency.reverse("participation:ask"), question_data(website="http://spam.example"))
    assert response.status_code == 400 and not Question.objects.exists() and mail.outbox == []


def test_too_fast_too_old_and_forged_start_times(agency, post_form, client):
    url = agency.reverse("participation:ask")
    fast = post_form(url, question_data(), seconds_ago=1)
    assert "Bạn gửi quá nhanh" in fast.content.decode()
    old = post_form(url, question_data(), seconds_ago=5 * 3600)
    assert "Biểu mẫu đã mở quá lâu" in old.content.decode()
    forged = client.post(url, {**question_data(), "started": "1700000000"}, REMOTE_ADDR="198.51.100.1")
    assert forged.status_code == 400
    assert not Question.objects.exists()


def test_rate_limit_per_address(agency, post_form, settings):
    settings.PARTICIPATION_CHALLENGE_AFTER = 1000
    settings.PARTICIPATION_MAX_POSTS_PER_CONTACT = 1000
    url = agency.reverse("participation:ask")
    for n in range(5):
        assert post_form(url, question_data(question=f"Câu hỏi số {n}")).status_code == 200
    refused = post_form(url, question_data(question="Câu hỏi thứ sáu"))
    assert refused.status_code == 400 and "quá nhiều lần" in refused.content.decode()
    assert Question.objects.count() == 5
    # another address is not affected
    assert post_form(url, question_data(question="Từ máy khác"), ip="198.51.100.2").status_code == 200


def test_rate_limit_reads_the_proxy_header_only_when_configured(agency, post_form, settings):
    settings.PARTICIPATION_CHALLENGE_AFTER = 1000
    settings.PARTICIPATION_MAX_POSTS_PER_CONTACT = 1000
    settings.PARTICIPATION_MAX_POSTS_PER_ADDRESS = 1
    url = agency.reverse("participation:ask")
    # without a trusted proxy, a forged header changes nothing: both posts come from the peer address
    assert post_form(url, question_data(question="Một"), HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert post_form(url, question_data(question="Hai"), HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 400
    settings.TRUSTED_PROXY_COUNT = 1  # behind nginx: the address it appended is the client
    assert post_form(url, question_data(question="Ba"), HTTP_X_FORWARDED_FOR="198.51.100.3").status_code == 200
    forged = post_form(url, question_data(question="Bốn"), HTTP_X_FORWARDED_FOR="198.51.100.9, 198.51.100.3")
    assert forged.status_code == 400  # a client-sent entry left of the proxy's is not believed


def test_rate_limit_per_contact_across_addresses(agency, post_form, settings):
    settings.PARTICIPATION_CHALLENGE_AFTER = 1000
    url = agency.reverse("participation:ask")
    for n in range(3):
        post_form(url, question_data(question=f"Câu {n}"), ip=f"198.51.100.{n + 10}")
    refused = post_form(url, question_data(question="Câu thứ tư", email="HOI@example.org"), ip="198.51.100.99")
    assert "đã gửi đủ số lần" in refused.content.decode() and Question.objects.count() == 3


def test_duplicate_is_refused(agency, post_form, lenient):
    url = agency.reverse("participation:ask")
    post_form(url, question_data())
    again = post_form(url, question_data(email="khac@example.org"), ip="198.51.100.5")
    assert "đã được gửi" in again.content.decode() and Question.objects.count() == 1


def test_arithmetic_challenge_after_repeated_posts(agency, post_form, client, settings):
    settings.PARTICIPATION_MAX_POSTS_PER_CONTACT = 1000
    url = agency.reverse("participation:ask")
    post_form(url, question_data(question="Một"))
    post_form(url, question_data(question="Hai"))
    page = client.get(url, REMOTE_ADDR="203.0.113.7").content.decode()
    match = re.search(r"cho biết (\d) cộng (\d) bằng", page)
    assert match
    challenge = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
    wrong = post_form(url, {**question_data(question="Ba"), "challenge": challenge, "answer": "99"})
    assert "Kết quả phép tính chưa đúng" in wrong.content.decode()
    right = post_form(url, {**question_data(question="Bốn"), "challenge": challenge,
                            "answer": str(int(match.group(1)) + int(match.group(2)))})
    assert right.status_code == 200 and Question.objects.count() == 3


def test_size_cap(agency, post_form, lenient):
    response = post_form(agency.reverse("participation:ask"), question_data(question="a" * 5001))
    assert "dài quá 5000 ký tự" in response.content.decode() and not Question.objects.exists()


def test_classified_text_is_refused(agency, post_form, lenient):
    response = post_form(agency.reverse("participation:ask"),
                         question_data(question="Tôi gửi kèm nội dung văn bản MẬT số 12/BC-CA"))
    assert "thông tin mật" in response.content.decode() and not Question.objects.exists()
    ok = post_form(agency.reverse("participation:ask"),
                   question_data(question="Mặt đường bị hư hỏng, đề nghị bảo mật thông tin cá nhân của tôi"))
    assert ok.status_code == 200 and Question.objects.count() == 1


@pytest.mark.parametrize("text, expected", [
    ("Tài liệu Tối mật", True), ("TUYỆT MẬT", True), ("Độ mật: Mật", True), ("hồ sơ mật của Sở", True),
    ("MẬT", True), ("mặt bằng sản xuất", False), ("bảo mật dữ liệu", False), ("bí mật đời tư", False),
    ("mật ong", False), ("Mặt trận Tổ quốc", False),
])
def test_classified_marks(text, expected):
    assert mentions_classified(text) is expected


def test_csrf_is_enforced(agency):
    client = Client(enforce_csrf_checks=True)
    response = client.post(agency.reverse("participation:ask"), {**question_data(), "started": started()})
    assert response.status_code == 403 and not Question.objects.exists()
