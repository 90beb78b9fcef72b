"""Contact details never leave the admin; retention erases them; the provincial review's rule."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from compliance import rules
from participation.models import Comment, InformationRequest, Question
from participation.retention import erase_expired_contacts
from participation.sections import summarize
from portal.sections import get_section
from tests.sitemaps import sitemap_text

from .conftest import make_consultation, make_plan, make_question, make_request

pytestmark = pytest.mark.django_db

CONTACTS = ("secret-asker@example.org", "0987654321", "commenter@example.org", "079123456789")


def test_contacts_are_on_no_public_output(agency, client):
    question = make_question(agency, published=True, email=CONTACTS[0], phone=CONTACTS[1])
    consultation = make_consultation(agency)
    Comment.objects.create(agency=agency, consultation=consultation, name="A", contact=CONTACTS[2], text="Ý kiến",
                           moderation="approved")
    make_request(agency, id_number=CONTACTS[3])
    plan = make_plan(agency)
    urls = [question.get_absolute_url(), agency.reverse("participation:question_list"),
            agency.reverse("participation:question_list") + "?q=example",
            consultation.get_absolute_url(), agency.reverse("participation:consultation_list"),
            agency.reverse("participation:hub"), agency.reverse("participation:disclosure"),
            plan.get_absolute_url(), agency.reverse("participation:plan_list"), "/so-do-trang/",
            agency.reverse("agency_home")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for contact in CONTACTS:
            assert contact not in page, (url, contact)
    sitemap = sitemap_text(client)
    for contact in CONTACTS:
        assert contact not in sitemap
    assert question.get_absolute_url() in sitemap and consultation.get_absolute_url() in sitemap
    assert plan.get_absolute_url() in sitemap
    # search text never holds a contact
    assert "example" not in Question.objects.get().search_text


def test_unpublished_items_are_not_in_the_sitemap(agency, client):
    draft = make_question(agency)
    draft_plan = make_plan(agency, published=False)
    sitemap = sitemap_text(client)
    assert f"/hoi-dap/{draft.pk}/" not in sitemap and f"/ke-hoach/{draft_plan.pk}/" not in sitemap


def test_retention_erases_contacts_of_closed_items_and_their_history(agency, settings):
    settings.PARTICIPATION_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    answered = make_question(agency, published=True)
    Question.objects.filter(pk=answered.pk).update(answered_at=old)
    waiting = make_question(agency, email="waiting@example.org")
    today = timezone.localdate()
    closed = make_consultation(agency, opens_on=today - timedelta(days=80), closes_on=today - timedelta(days=40))
    comment = Comment.objects.create(agency=agency, consultation=closed, name="A", contact="c@example.org", text="x")
    done = make_request(agency)
    InformationRequest.objects.filter(pk=done.pk).update(status="provided", closed_at=old)
    open_request = make_request(agency, id_number="079000000001")

    call_command("erase_participation_contacts", stdout=open("/dev/null", "w"))

    answered.refresh_from_db()
    assert answered.email == "" and answered.phone == "" and answered.contact_erased_at
    assert not answered.history.exclude(email="").exists()
    assert answered.topic  # the question itself stays
    waiting.refresh_from_db()
    assert waiting.email == "waiting@example.org"
    comment.refresh_from_db()
    assert comment.contact == "" and not comment.history.exclude(contact="").exists()
    done.refresh_from_db()
    assert done.id_number == "" and done.address == "" and done.email == "" and done.phone == ""
    open_request.refresh_from_db()
    assert open_request.id_number == "079000000001"
    assert erase_expired_contacts() == {"questions": 0, "comments": 0, "requests": 0}


def test_review_rule_reports_each_kind_of_overdue_item(agency, other_agency):
    today = timezone.localdate()
    late = make_question(agency)
    Question.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=1))
    make_consultation(agency, opens_on=today - timedelta(days=90), closes_on=today - timedelta(days=31))
    make_request(agency, received_at=timezone.now() - timedelta(days=40))
    summaries = summarize([agency.pk, other_agency.pk], timezone.now())
    extra = summaries[agency.pk].extra
    assert extra["overdue"] == 3
    assert "1 câu hỏi quá hạn trả lời" in extra["overdue_reason"]
    assert "chưa đăng bản tổng hợp" in extra["overdue_reason"] and "yêu cầu cung cấp thông tin" in extra["overdue_reason"]
    section = get_section("tuong-tac")
    verdict = rules.evaluate(section, agency, summaries[agency.pk], timezone.now())
    assert verdict.state == rules.State.OVERDUE and verdict.reason == extra["overdue_reason"]
    clean = rules.evaluate(section, other_agency, summaries[other_agency.pk], timezone.now())
    assert clean.state == rules.State.MET


def test_summary_query_count_does_not_grow_with_agencies(agency, other_agency, django_assert_num_queries):
    with django_assert_num_queries(3):
        summarize([agency.pk, other_agency.pk], timezone.now())
