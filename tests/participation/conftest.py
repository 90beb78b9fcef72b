"""Helpers of the section's tests: form data that passes the timing check, sample rows."""

import time
from datetime import date, timedelta

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.guards import SALT
from participation.models import Consultation, InformationRequest, Plan, Question
from portal.publishing import Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def started(seconds_ago=60):
    return signing.dumps({"t": time.time() - seconds_ago}, salt=SALT)


@pytest.fixture
def post_form(client):
    """``post_form(url, data, ip=...)``: a citizen's POST with a valid start time (and CSRF on)."""

    def post(url, data, ip="203.0.113.7", seconds_ago=60, **extra):
        payload = {"started": started(seconds_ago), **data}
        return client.post(url, payload, REMOTE_ADDR=ip, **extra)

    return post


def question_data(**overrides):
    return {"asker_name": "Nguyễn Thị Hỏi", "email": "hoi@example.org", "phone": "",
            "topic": "Cấp giấy phép xây dựng nhà ở", "question": "Thời hạn cấp giấy phép là bao lâu?",
            **overrides}


def comment_data(**overrides):
    return {"name": "Trần Văn Góp", "organisation": "Hội Luật gia", "contact": "gopy@example.org",
            "text": "Đề nghị làm rõ Điều 3 của dự thảo.", **overrides}


def request_data(**overrides):
    return {"full_name": "Lê Văn Yêu", "id_number": "079123456789", "address": "12 Lê Lợi, phường 1",
            "phone": "0912345678", "email": "yeucau@example.org",
            "information": "Quyết định phê duyệt quy hoạch khu dân cư phường 1",
            "purpose": "Tìm hiểu quy hoạch", "delivery": "dien-tu", "copies": "1", **overrides}


def make_question(agency, published=False, **fields):
    defaults = {"topic": "Đăng ký kinh doanh hộ cá thể", "question": "Hồ sơ gồm những gì?",
                "asker_name": "Phạm Văn Dân", "email": "dan@example.org", "phone": "0987654321"}
    question = Question.objects.create(agency=agency, **{**defaults, **fields})
    if published:
        Question.objects.filter(pk=question.pk).update(
            status=Status.PUBLISHED, published_at=timezone.now() - timedelta(minutes=1),
            answer=fields.get("answer", "<p>Hồ sơ gồm đơn đăng ký.</p>"), answered_at=timezone.now())
        question.refresh_from_db()
    return question


def make_consultation(agency, opens_on=None, closes_on=None, published=True, **fields):
    today = timezone.localdate()
    consultation = Consultation(
        agency=agency, title=fields.pop("title", "Dự thảo Quy định quản lý chợ"), summary="Tóm tắt dự thảo",
        drafting_unit="Phòng Quản lý thương mại", opens_on=opens_on or today - timedelta(days=5),
        closes_on=closes_on or today + timedelta(days=25), **fields)
    consultation.draft_file.save("du-thao.pdf", SimpleUploadedFile("du-thao.pdf", PDF), save=False)
    consultation.save()
    if published:
        Consultation.objects.filter(pk=consultation.pk).update(status=Status.PUBLISHED,
                                                               published_at=timezone.now() - timedelta(minutes=1))
        consultation.refresh_from_db()
    return consultation


def make_request(agency, **fields):
    defaults = {"full_name": "Lê Văn Yêu", "id_number": "079123456789", "address": "12 Lê Lợi",
                "phone": "0912345678", "email": "yeucau@example.org", "information": "Quy hoạch",
                "purpose": "Tìm hiểu"}
    return InformationRequest.objects.create(agency=agency, **{**defaults, **fields})


def make_plan(agency, published=True, **fields):
    plan = Plan.objects.create(agency=agency, **{"title": "Kế hoạch cải cách hành chính năm 2026", "year": 2026,
                                                 **fields})
    if published:
        Plan.objects.filter(pk=plan.pk).update(status=Status.PUBLISHED,
                                               published_at=timezone.now() - timedelta(minutes=1))
        plan.refresh_from_db()
    return plan


TODAY = date.today
