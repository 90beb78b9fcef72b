"""Drafts for comment: comments within the period, moderation, the summary after the period."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participation.models import Comment, Consultation

from .conftest import PDF, comment_data, make_consultation

pytestmark = pytest.mark.django_db


def test_comment_within_the_period_waits_for_moderation(agency, post_form, client):
    consultation = make_consultation(agency)
    response = post_form(agency.reverse("participation:comment", pk=consultation.pk), comment_data())
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert comment.moderation == Comment.Moderation.PENDING and comment.agency == agency
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["gopy@example.org"]
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Đề nghị làm rõ Điều 3" not in page  # not shown before moderation


def test_comment_with_a_real_pdf_and_a_fake_one(agency, post_form):
    consultation = make_consultation(agency)
    url = agency.reverse("participation:comment", pk=consultation.pk)
    good = post_form(url, comment_data(attachment=SimpleUploadedFile("y-kien.pdf", PDF)))
    assert good.status_code == 200 and Comment.objects.get().attachment.name.endswith(".pdf")
    fake = post_form(url, comment_data(text="Khác", contact="khac@example.org",
                                       attachment=SimpleUploadedFile("y-kien.pdf", b"<html><script>")),
                     ip="203.0.113.9")
    assert fake.status_code == 400 and "không đúng là tệp PDF" in fake.content.decode()
    assert Comment.objects.count() == 1


def test_no_comment_before_or_after_the_period(agency, post_form):
    today = timezone.localdate()
    closed = make_consultation(agency, opens_on=today - timedelta(days=40), closes_on=today - timedelta(days=1))
    response = post_form(agency.reverse("participation:comment", pk=closed.pk), comment_data())
    assert response.status_code == 403 and not Comment.objects.exists()
    unpublished = make_consultation(agency, published=False)
    assert post_form(agency.reverse("participation:comment", pk=unpublished.pk),
                     comment_data()).status_code == 404


def test_moderation_shows_approved_and_needs_a_reason_to_refuse(agency, editor, login, client):
    consultation = make_consultation(agency)
    shown = Comment.objects.create(agency=agency, consultation=consultation, name="Người A", contact="a@example.org",
                                   text="Góp ý hữu ích")
    hidden = Comment.objects.create(agency=agency, consultation=consultation, name="Người B",
                                    contact="0911111111", text="Quảng cáo bán hàng")
    admin = login(editor)
    admin.post(reverse("admin:participation_comment_changelist"),
               {"action": "approve_selected", "_selected_action": [shown.pk]})
    url = reverse("admin:participation_comment_change", args=[hidden.pk])
    refused = admin.post(url, {"moderation": "rejected", "moderation_reason": ""})
    assert refused.status_code == 200 and "Hãy ghi lý do không hiển thị" in refused.content.decode()
    admin.post(url, {"moderation": "rejected", "moderation_reason": "Quảng cáo"})
    hidden.refresh_from_db()
    assert hidden.moderation == "rejected" and hidden.moderated_by == editor
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Góp ý hữu ích" in page and "Quảng cáo bán hàng" not in page
    assert "a@example.org" not in page and "0911111111" not in page
    assert shown.history.count() == 2


def test_other_agency_cannot_moderate(agency, other_editor, login):
    consultation = make_consultation(agency)
    comment = Comment.objects.create(agency=agency, consultation=consultation, name="A", contact="a@example.org",
                                     text="x")
    client = login(other_editor)
    assert client.get(reverse("admin:participation_comment_change", args=[comment.pk])).status_code == 404
    client.post(reverse("admin:participation_comment_changelist"),
                {"action": "approve_selected", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.moderation == "pending"


def test_page_shows_days_left_closed_and_summary(agency, client):
    today = timezone.localdate()
    open_one = make_consultation(agency, closes_on=today + timedelta(days=9))
    assert "Còn 10 ngày góp ý" in client.get(open_one.get_absolute_url()).content.decode()
    closed = make_consultation(agency, title="Dự thảo đã đóng", opens_on=today - timedelta(days=40),
                               closes_on=today - timedelta(days=3))
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Đã hết hạn góp ý" in page and "Gửi góp ý" not in page
    closed.response_summary = "<p>Đã tiếp thu 5 ý kiến.</p><script>alert(1)</script>"
    closed.save()
    assert closed.response_published_at is not None
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "bản tổng hợp" in page and "Đã tiếp thu 5 ý kiến." in page and "<script>alert" not in page


def test_comment_period_must_be_long_enough(agency):
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    short = Consultation(agency=agency, title="Ngắn", summary="x", drafting_unit="y", opens_on=today,
                         closes_on=today + timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        short.clean()
    assert "ít nhất 20 ngày" in str(error.value)


def test_files_of_unpublished_drafts_are_not_served(agency, client):
    draft = make_consultation(agency, published=False)
    assert client.get(agency.reverse("participation:consultation_file", pk=draft.pk, kind="du-thao")).status_code == 404
    public = make_consultation(agency)
    response = client.get(agency.reverse("participation:consultation_file", pk=public.pk, kind="du-thao"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert client.get(agency.reverse("participation:consultation_file", pk=public.pk,
                                     kind="tong-hop")).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_detail_query_count_is_flat(agency, client, django_assert_num_queries, settings, count):
    settings.PORTAL_PAGE_CACHE = False
    consultation = make_consultation(agency)
    Comment.objects.bulk_create([Comment(agency=agency, consultation=consultation, name=f"N{n}", contact="x@y.vn",
                                         text="t", moderation="approved") for n in range(count)])
    client.get(consultation.get_absolute_url())
    with django_assert_num_queries(2):  # consultation, approved comments (the agency: cached)
        client.get(consultation.get_absolute_url())
