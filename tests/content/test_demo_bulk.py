import io

import pytest
from django.utils import timezone

from agencies.demo import load_agencies
from content.bulk import seed_news
from content.demo import load_content
from content.models import Article, Category, Functions, Introduction
from portal.demo import DemoContext
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_demo_fills_both_pages_and_fifteen_articles_and_is_idempotent():
    context = DemoContext(password="demo12345", stdout=io.StringIO(), now=timezone.now())
    load_agencies(context)
    context.agencies = {slug: context.agencies[slug] for slug in ("so-y-te", "xa-cai-nhum", "huyen-long-ho")}
    load_content(context)
    counts = (Article.objects.count(), Introduction.objects.count(), Functions.objects.count(), Category.objects.count())
    load_content(context)
    assert (Article.objects.count(), Introduction.objects.count(), Functions.objects.count(),
            Category.objects.count()) == counts
    health = context.agencies["so-y-te"]
    published = Article.objects.published().for_agency(health)
    assert published.count() >= 15
    assert published.exclude(cover="").exclude(cover_renditions={}).count() >= 2
    assert all("dữ liệu mẫu" in a.body for a in published)
    assert Functions.objects.get(agency=health).has_english
    health.refresh_from_db()
    assert health.name_en == "Department of Health of Vinh Long Province" and "Vinh Long Province" in health.address_en
    assert not Article.objects.filter(agency=context.agencies["huyen-long-ho"]).exists()  # inactive agency
    dates = sorted(a.published_at for a in published)
    assert (dates[-1] - dates[0]).days > 60  # spread over the last months


def test_seed_bulk_adds_news_per_agency_and_tops_up_only():
    agencies = [AgencyFactory(), AgencyFactory()]
    out = io.StringIO()
    seed_news(agencies, {"news": 30}, out)
    assert [Article.objects.published().for_agency(a).count() for a in agencies] == [30, 30]
    assert Article.objects.filter(search_text__contains="hoi nghi").count() == 60  # folded on bulk_create
    seed_news(agencies, {"news": 30}, out)
    assert Article.objects.count() == 60
    seed_news(agencies, {"news": 0}, out)
    assert Article.objects.count() == 60
