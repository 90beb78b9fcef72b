"""Requests for information: form, tracking code, handling with legal deadlines, e-mails."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participation import handling
from participation.models import DisclosureItem, InformationRequest
from portal.publishing import Status

from .conftest import make_request, request_data

pytestmark = pytest.mark.django_db


def test_request_gets_a_tracking_code_deadline_and_email(agency, post_form):
    response = post_form(agency.reverse("participation:request_form"), request_data())
    assert response.status_code == 200
    req = InformationRequest.objects.get()
    assert req.tracking_code in response.content.decode()
    assert req.due_on == handling.add_working_days(timezone.localdate(), 15)
    assert len(mail.outbox) == 1 and req.tracking_code in mail.outbox[0].subject
    assert "079123456789" not in mail.outbox[0].body


def test_electronic_delivery_needs_an_email_and_id_must_be_valid(agency, post_form):
    response = post_form(agency.reverse("participation:request_form"), request_data(email="", id_number="12"))
    content = response.content.decode()
    assert response.status_code == 400
    assert "Hãy nhập thư điện tử để nhận thông tin qua mạng điện tử" in content
    assert "Số giấy tờ không hợp lệ" in content
    assert not InformationRequest.objects.exists()


def test_received_the_day_before_tet_counts_working_days(agency):
    received = timezone.make_aware(timezone.datetime(2027, 2, 3, 9, 0))  # Wednesday before Tết 2027
    req = make_request(agency, received_at=received, complexity="simple")
    assert req.due_on == date(2027, 2, 15)  # 11, 12, 15 February: Tết and the weekends skipped


def test_extend_once_with_reason_then_provide(agency, approver):
    req = make_request(agency)
    with pytest.raises(ValidationError):
        handling.extend(req, approver, 10, "")
    handling.extend(req, approver, 10, "Cần hỏi ý kiến Sở Xây dựng")
    assert req.status == "extended" and req.extended_until == handling.add_working_days(req.due_on, 10)
    assert "Gia hạn" in mail.outbox[-1].subject and "Sở Xây dựng" in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        handling.extend(req, approver, 5, "Lần hai")
    with pytest.raises(ValidationError):
        handling.provide(req, approver, "")
    handling.provide(req, approver, "Quyết định số 12/QĐ-UBND gửi kèm.")
    assert req.status == "provided" and req.closed_at and "Kết quả" in mail.outbox[-1].subject
    assert req.history.filter(history_user=approver).count() == 2


def test_refusal_needs_a_reason(agency, editor):
    req = make_request(agency)
    with pytest.raises(ValidationError) as error:
        handling.refuse(req, editor, " ")
    assert req.tracking_code in str(error.value)
    handling.refuse(req, editor, "Thông tin thuộc bí mật nhà nước (khoản 1 Điều 6)")
    assert req.status == "refused" and "Từ chối" in mail.outbox[-1].subject


def test_admin_handling_and_other_agency_404(agency, editor, other_editor, login):
    req = make_request(agency)
    url = reverse("admin:participation_informationrequest_change", args=[req.pk])
    assert login(other_editor).get(url).status_code == 404
    client = login(editor)
    bad = client.post(url, {"complexity": "complex", "response": "", "handling_action": "refuse", "reason": ""})
    assert bad.status_code == 200 and "Hãy ghi lý do" in bad.content.decode()
    client.post(url, {"complexity": "complex", "response": "", "handling_action": "extend", "extension_days": "5",
                      "reason": "Cần tập hợp hồ sơ"})
    req.refresh_from_db()
    assert req.status == "extended" and req.extension_reason == "Cần tập hợp hồ sơ"


def test_tracking_needs_code_and_id_tail(agency, client):
    req = make_request(agency)
    url = agency.reverse("participation:request_track")
    wrong = client.post(url, {"code": req.tracking_code, "id_tail": "0000"}).content.decode()
    assert "Không tìm thấy" in wrong
    right = client.post(url, {"code": req.tracking_code.lower(), "id_tail": "6789"}).content.decode()
    assert "Đã tiếp nhận" in right and "12 Lê Lợi" not in right and "0912345678" not in right


def test_overdue_requests(agency):
    req = make_request(agency, received_at=timezone.now() - timedelta(days=40))
    assert req.is_overdue
    handling.provide(req, None, "Đã cung cấp")
    assert not req.is_overdue


def test_disclosure_list_shows_only_published_items(agency, client):
    DisclosureItem.objects.create(agency=agency, title="Văn bản quy phạm pháp luật", status=Status.PUBLISHED,
                                  published_at=timezone.now() - timedelta(minutes=1))
    DisclosureItem.objects.create(agency=agency, title="Mục nháp")
    page = client.get(agency.reverse("participation:disclosure")).content.decode()
    assert "Văn bản quy phạm pháp luật" in page and "Mục nháp" not in page
