"""Demo data: every kind present, marked sample, reachable by the demo logins; idempotent."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.demo import load
from participation.models import Comment, Consultation, DisclosureItem, InformationRequest, Plan, Question
from participation.sections import summarize
from portal.demo import DemoContext
from tests.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db

MODELS = (Question, Consultation, Comment, InformationRequest, DisclosureItem, Plan)


def test_demo_is_complete_marked_and_idempotent(client):
    agencies = {slug: AgencyFactory(slug=slug) for slug in ("so-xay-dung", "so-y-te")}
    context = DemoContext(password="x", stdout=io.StringIO(), now=timezone.now(), agencies=agencies)
    load(context)
    counts = [model.objects.count() for model in MODELS]
    assert all(counts)
    building = agencies["so-xay-dung"]
    assert all("(Dữ liệu mẫu)" in q.topic for q in Question.objects.all())
    assert DisclosureItem.objects.filter(agency=agencies["so-y-te"]).count() == 8
    # the review sees the late items of the sample
    extra = summarize([building.pk], timezone.now())[building.pk].extra
    assert extra["overdue"] >= 2 and "chưa đăng bản tổng hợp" in extra["overdue_reason"]
    # public pages of the sample work
    for name in ("participation:hub", "participation:question_list", "participation:consultation_list",
                 "participation:disclosure", "participation:plan_list"):
        assert client.get(building.reverse(name)).status_code == 200
    # an editor of the agency can open a waiting question
    waiting = Question.objects.filter(agency=building, status="draft").first()
    client.force_login(member(building, "editor"))
    assert client.get(reverse("admin:participation_question_change", args=[waiting.pk])).status_code == 200
    load(DemoContext(password="x", stdout=io.StringIO(), now=context.now, agencies=agencies))
    assert [model.objects.count() for model in MODELS] == counts
