"""Notifications of the workflow: who hears what, by e-mail (immediately or in the daily digest) and by
the counter in the admin header."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from agencies.models import Membership
from desk.models import Notification, Preference, WorkflowEvent
from portal.publishing import apply_transition
from tests.content.factories import draft_article
from tests.factories import member
from tests.schedules.factories import draft_week

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def addresses(editor, approver, other_approver, settings):
    settings.PORTAL_BASE_URL = "https://congthongtin.example.vn"
    for user in (editor, approver, other_approver):
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])


def run(django_capture_on_commit_callbacks, obj, name, user, note=""):
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(obj, name, user, note)


def test_submission_reaches_the_agencys_approvers_only(agency, editor, approver, other_approver,
                                                       django_capture_on_commit_callbacks):
    second = member(agency, "approver", username="duyet-2")
    second.email = "duyet-2@example.vn"
    second.save()
    article = draft_article(agency, title="Hội nghị tổng kết năm", created_by=editor)
    run(django_capture_on_commit_callbacks, article, "submit", editor)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([approver.email, second.email])
    message = mail.outbox[0]
    assert message.subject == "[Cổng thông tin] Chờ duyệt: Hội nghị tổng kết năm"
    assert "đã gửi duyệt một mục của Sở Thử nghiệm tỉnh Vĩnh Long" in message.body
    assert f"https://congthongtin.example.vn/admin/content/article/{article.pk}/change/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Hội nghị tổng kết năm" in html and 'lang="vi"' in html
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {approver.username, "duyet-2"}
    assert not Notification.objects.filter(recipient__in=[editor, other_approver]).exists()
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_return_reaches_the_author_with_the_note(agency, editor, approver, django_capture_on_commit_callbacks):
    article = draft_article(agency, title="Tin cần sửa")
    run(django_capture_on_commit_callbacks, article, "submit", editor)
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks, article, "return", approver, "Thiếu ảnh minh họa & nguồn tin")
    [message] = mail.outbox
    assert message.to == [editor.email] and message.subject == "[Cổng thông tin] Bị trả lại: Tin cần sửa"
    assert "Thiếu ảnh minh họa & nguồn tin" in message.body  # plain text: not HTML-escaped
    assert "Thiếu ảnh minh họa &amp; nguồn tin" in message.alternatives[0][0]


def test_publication_reaches_the_author_with_the_public_page(agency, editor, approver,
                                                            django_capture_on_commit_callbacks):
    article = draft_article(agency, title="Tin đã duyệt")
    run(django_capture_on_commit_callbacks, article, "submit", editor)
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks, article, "publish", approver)
    [message] = mail.outbox
    assert message.to == [editor.email] and message.subject == "[Cổng thông tin] Đã xuất bản: Tin đã duyệt"
    assert "https://congthongtin.example.vn" + article.get_absolute_url() in message.body
    assert "Xem trang công khai" in message.alternatives[0][0]


def test_scheduled_publication_says_when(agency, editor, approver, django_capture_on_commit_callbacks):
    article = draft_article(agency, title="Tin hẹn giờ", created_by=editor)
    article.published_at = timezone.now() + timedelta(days=1)
    run(django_capture_on_commit_callbacks, article, "publish", approver)  # never submitted: the creator hears
    [message] = mail.outbox
    assert message.to == [editor.email] and "hẹn giờ xuất bản" in message.subject
    assert "sẽ tự xuất bản lúc" in message.body and "Trang công khai" not in message.body


def test_untrusted_text_is_escaped_in_html_and_headers_stay_one_line(agency, editor, approver,
                                                                    django_capture_on_commit_callbacks):
    editor.first_name, editor.last_name = "<b>Biên", "tập</b>"
    editor.save()
    article = draft_article(agency, title='<script>alert("x")</script> Tin\r\nBcc: ai@example.vn')
    run(django_capture_on_commit_callbacks, article, "submit", editor)
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Biên" not in html and "&lt;b&gt;Biên" in html
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message()["Bcc"] is None and message.recipients() == [approver.email]


def test_nobody_hears_of_their_own_step_nor_of_an_unpublication(agency, approver, django_capture_on_commit_callbacks):
    article = draft_article(agency, created_by=approver)
    run(django_capture_on_commit_callbacks, article, "publish", approver)
    run(django_capture_on_commit_callbacks, article, "unpublish", approver)
    assert mail.outbox == [] and not Notification.objects.exists()
    assert list(WorkflowEvent.objects.values_list("kind", flat=True)) == ["publish"]


def test_an_author_who_left_the_agency_hears_nothing(agency, editor, approver, django_capture_on_commit_callbacks):
    article = draft_article(agency)
    run(django_capture_on_commit_callbacks, article, "submit", editor)
    Membership.objects.filter(user=editor).delete()
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks, article, "return", approver, "Sai số liệu")
    assert mail.outbox == [] and not Notification.objects.filter(recipient=editor).exists()


def test_without_an_address_or_with_mail_off_only_the_counter_shows_it(agency, editor, approver, login,
                                                                      django_capture_on_commit_callbacks):
    Preference.objects.create(user=approver, email=Preference.Email.OFF)
    run(django_capture_on_commit_callbacks, draft_week(agency), "submit", editor)
    assert mail.outbox == []
    html = login(approver).get("/admin/content/article/").content.decode()
    assert 'class="desk-unread-count">1<' in html


def test_daily_digest_gathers_the_day_in_one_mail_once(agency, editor, approver, django_capture_on_commit_callbacks):
    Preference.objects.create(user=approver, email=Preference.Email.DAILY)
    run(django_capture_on_commit_callbacks, draft_article(agency, title="Tin thứ nhất"), "submit", editor)
    run(django_capture_on_commit_callbacks, draft_week(agency), "submit", editor)
    assert mail.outbox == []  # nothing at once
    call_command("desk_digest", "--dry-run", stdout=open("/dev/null", "w"))
    assert mail.outbox == []
    call_command("desk_digest", stdout=open("/dev/null", "w"))
    [message] = mail.outbox
    assert message.to == [approver.email] and ": 2 việc" in message.subject
    assert "Tin thứ nhất" in message.body and "Tuần" in message.body
    assert message.alternatives[0][1] == "text/html"
    call_command("desk_digest", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # a second run sends nothing again


def test_a_mail_server_down_does_not_undo_the_step(agency, editor, approver, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise OSError("SMTP không trả lời")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    article = draft_article(agency)
    run(django_capture_on_commit_callbacks, article, "submit", editor)
    article.refresh_from_db()
    assert article.status == "pending"
    assert Notification.objects.get(recipient=approver).emailed_at is None


def test_a_draft_of_a_published_item_reaches_the_inbox_and_the_mail_as_the_item(
        login, agency, editor, approver, django_capture_on_commit_callbacks):
    from portal.publishing import open_revision
    from tests.content.factories import published_article
    from tests.portal.test_drafts import change_url, form_data

    article = published_article(agency, title="Tin đang đăng về hội nghị")
    as_editor = login(editor)
    data = form_data(as_editor, change_url(article))
    data.update(title=["Tin đã sửa về hội nghị"], _transition=["submit"])
    with django_capture_on_commit_callbacks(execute=True):
        assert as_editor.post(change_url(article), data).status_code == 302
    assert open_revision(article).status == "pending"
    [message] = [m for m in mail.outbox if m.to == [approver.email]]
    assert "Tin đang đăng về hội nghị (bản sửa đổi)" in message.subject
    assert f"/admin/content/article/{article.pk}/change/" in message.body
    home = login(approver).get("/admin/").content.decode()
    assert "Tin đang đăng về hội nghị (bản sửa đổi)" in home
    assert f"/admin/content/article/{article.pk}/change/" in home
