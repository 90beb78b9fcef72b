"""Questions and answers: the public form, the answer workflow in the admin, the public list."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participation.models import Question
from portal.publishing import Status

from .conftest import make_question, question_data

pytestmark = pytest.mark.django_db


def test_citizen_asks_and_gets_a_due_date_and_an_email(agency, post_form):
    response = post_form(agency.reverse("participation:ask"), question_data())
    assert response.status_code == 200
    question = Question.objects.get()
    assert question.agency == agency and question.status == Status.DRAFT
    assert question.due_on is not None and question.due_on > timezone.localdate()
    assert "Đã gửi câu hỏi" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoi@example.org"]
    assert "Đã nhận câu hỏi" in mail.outbox[0].subject
    assert question.history.count() == 1


def test_contact_is_required_and_nothing_is_saved_without_it(agency, post_form):
    response = post_form(agency.reverse("participation:ask"), question_data(email="", phone=""))
    assert response.status_code == 400
    assert "Hãy nhập thư điện tử hoặc số điện thoại" in response.content.decode()
    assert not Question.objects.exists()


def test_bad_phone_is_named(agency, post_form):
    response = post_form(agency.reverse("participation:ask"), question_data(email="", phone="12ab"))
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert not Question.objects.exists()


def test_phone_only_is_enough_and_no_mail_is_sent(agency, post_form):
    post_form(agency.reverse("participation:ask"), question_data(email="", phone="0912 345 678"))
    assert Question.objects.get().phone == "0912345678"
    assert mail.outbox == []


def test_editor_drafts_the_answer_and_cannot_publish(agency, editor, login):
    question = make_question(agency)
    client = login(editor)
    url = reverse("admin:participation_question_change", args=[question.pk])
    page = client.get(url)
    assert page.status_code == 200 and "dan@example.org" in page.content.decode()
    data = {"topic": question.topic, "question": question.question, "asker_name": question.asker_name,
            "email": question.email, "phone": question.phone, "due_on": question.due_on.isoformat(),
            "answer": "<p>Trả lời: hồ sơ gồm đơn.</p>", "answered_by_unit": "Phòng Đăng ký kinh doanh",
            "_transition": "submit"}
    response = client.post(url, data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.PENDING and mail.outbox == []
    # an editor's forged publish is refused
    question.status = Status.DRAFT
    question.save()
    client.post(url, {**data, "_transition": "publish"})
    question.refresh_from_db()
    assert question.status != Status.PUBLISHED


def test_approver_publishes_the_answer_and_the_asker_gets_the_link(agency, approver, login, client):
    question = make_question(agency, answer="<p>Trả lời của Sở.</p>")
    admin = login(approver)
    response = admin.post(reverse("admin:participation_question_changelist"),
                          {"action": "publish_selected", "_selected_action": [question.pk]})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED and question.answered_at and question.notified_at
    assert len(mail.outbox) == 1
    assert question.get_absolute_url() in mail.outbox[0].body and "đã được trả lời" in mail.outbox[0].subject
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Trả lời của Sở." in page and "dan@example.org" not in page and "0987654321" not in page
    assert question.history.filter(history_user=approver).exists()


def test_an_answer_is_needed_before_publishing(agency, approver, login):
    question = make_question(agency)
    login(approver).post(reverse("admin:participation_question_changelist"),
                         {"action": "publish_selected", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert question.status == Status.DRAFT and mail.outbox == []


def test_other_agency_staff_get_404(agency, other_approver, login):
    question = make_question(agency)
    client = login(other_approver)
    assert client.get(reverse("admin:participation_question_change", args=[question.pk])).status_code == 404
    assert client.get(reverse("admin:participation_question_history", args=[question.pk])).status_code == 404
    listing = client.get(reverse("admin:participation_question_changelist")).content.decode()
    assert question.topic not in listing
    client.post(reverse("admin:participation_question_changelist"),
                {"action": "publish_selected", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert question.status == Status.DRAFT


def test_only_published_questions_are_listed_and_search_is_folded(agency, client):
    make_question(agency, published=True, topic="Thủ tục đất đai ở phường")
    make_question(agency, published=True, topic="Giấy phép lái xe")
    make_question(agency, topic="Câu hỏi chưa trả lời về đất đai")
    page = client.get(agency.reverse("participation:question_list")).content.decode()
    assert "Thủ tục đất đai" in page and "Giấy phép lái xe" in page and "chưa trả lời" not in page
    found = client.get(agency.reverse("participation:question_list"), {"q": "thu tuc dat dai"}).content.decode()
    assert "Thủ tục đất đai" in found and "Giấy phép lái xe" not in found
    hidden = make_question(agency, topic="Bản nháp")
    assert client.get(agency.reverse("participation:question_detail", pk=hidden.pk)).status_code == 404


def test_anonymous_asker_is_not_named(agency, client):
    question = make_question(agency, published=True, anonymous=True, asker_name="Tên Riêng Tư")
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Tên Riêng Tư" not in page and "Người hỏi giấu tên" in page
    listing = client.get(agency.reverse("participation:question_list")).content.decode()
    assert "Tên Riêng Tư" not in listing


@pytest.mark.parametrize("count", [3, 40])
def test_list_query_count_is_flat(agency, client, django_assert_num_queries, settings, count):
    settings.PORTAL_PAGE_CACHE = False
    for n in range(count):
        make_question(agency, published=True, topic=f"Câu hỏi {n}")
    client.get(agency.reverse("participation:question_list"))  # warm the agency lookup (row cached)
    with django_assert_num_queries(2):
        response = client.get(agency.reverse("participation:question_list"))
    assert response.status_code == 200


def test_late_questions(agency):
    question = make_question(agency)
    Question.objects.filter(pk=question.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert list(Question.objects.late()) == [question]
    make_question(agency, published=True)
    assert Question.objects.late().count() == 1
