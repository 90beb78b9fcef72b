"""The review over the registry: exemptions, overrides, snapshots, and a flat query count."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from agencies.models import Agency
from compliance.models import Exemption, SectionRule, Snapshot
from compliance.review import review_agencies, review_from_snapshots
from compliance.rules import State
from compliance.snapshots import take_snapshot
from portal.sections import all_sections
from tests.factories import AgencyFactory

from .conftest import local

NOW = local(2026, 11, 25, 10)


@pytest.fixture
def agencies(db, fake_sections, complete):
    model = AgencyFactory(slug="so-mau", name="Sở Mẫu", order=1)
    late = AgencyFactory(slug="xa-cham", name="UBND xã Chậm", kind=Agency.Kind.COMMUNE, order=2)
    complete(model, NOW)
    complete(late, NOW)
    fake_sections.set("tin-tuc", late, 5, NOW - timedelta(days=20))
    return model, late


def test_one_summarize_call_per_section_for_all_agencies(agencies, fake_sections):
    review = review_agencies(Agency.objects.all(), NOW)
    assert len(fake_sections.calls) == len(all_sections())
    assert all(count == 2 for _key, count in fake_sections.calls)
    model, late = review.rows
    assert model.meets_all and not late.meets_all
    assert late.cell("tin-tuc").state == State.OVERDUE
    assert late.cell("tin-tuc").reason == "Tin mới nhất đăng ngày 05/11/2026 (quá 7 ngày)"
    assert review.meets_all_count == 1
    news = next(t for t in review.section_totals() if t.section.key == "tin-tuc")
    assert (news.met, news.overdue) == (1, 1)


def test_exemption_makes_a_section_not_applicable_with_its_reason(agencies):
    _model, late = agencies
    Exemption.objects.create(agency=late, section_key="tin-tuc", reason="Đang sáp nhập", valid_from=date(2026, 1, 1))
    row = review_agencies([late], NOW).rows[0]
    assert row.cell("tin-tuc").state == State.NOT_APPLICABLE
    assert row.cell("tin-tuc").reason == "Được miễn: Đang sáp nhập"
    assert row.meets_all


def test_expired_exemption_no_longer_applies(agencies):
    _model, late = agencies
    Exemption.objects.create(agency=late, section_key="tin-tuc", reason="Tạm miễn", valid_from=date(2026, 1, 1),
                             valid_until=date(2026, 11, 24))
    assert review_agencies([late], NOW).rows[0].cell("tin-tuc").state == State.OVERDUE


def test_superuser_override_replaces_the_registry_default(agencies):
    model, _late = agencies
    SectionRule.objects.create(section_key="tin-tuc", params={"days": 30})
    late_row = review_agencies(Agency.objects.filter(slug="xa-cham"), NOW).rows[0]
    assert late_row.cell("tin-tuc").state == State.MET


def test_filter_by_state(agencies):
    review = review_agencies(Agency.objects.all(), NOW)
    assert [r.agency.slug for r in review.filtered(State.OVERDUE)] == ["xa-cham"]
    assert [r.agency.slug for r in review.filtered("all_met")] == ["so-mau"]


def test_snapshot_is_safe_to_rerun_the_same_day(agencies, fake_sections):
    assert take_snapshot(NOW) == 2
    fake_sections.set("tin-tuc", agencies[1], 6, NOW)  # the late commune posts news
    assert take_snapshot(NOW + timedelta(hours=3)) == 2
    assert Snapshot.objects.count() == 2
    stored = Snapshot.objects.get(agency=agencies[1])
    assert stored.overdue == 0 and stored.cells["tin-tuc"]["state"] == "met"
    take_snapshot(NOW + timedelta(days=1))
    assert Snapshot.objects.count() == 4


def test_review_from_snapshots_gives_back_states_and_reasons(agencies):
    take_snapshot(NOW)
    snapshots = Snapshot.objects.filter(date=date(2026, 11, 25)).select_related("agency").order_by("agency__order")
    review = review_from_snapshots(snapshots, NOW)
    assert review.rows[1].cell("tin-tuc").reason == "Tin mới nhất đăng ngày 05/11/2026 (quá 7 ngày)"
    assert review.rows[1].cell("tin-tuc").count == 5


def test_snapshot_command(agencies, fake_sections):
    call_command("compliance_snapshot")
    assert Snapshot.objects.filter(date=timezone.localdate()).count() == 2
    call_command("compliance_snapshot")
    assert Snapshot.objects.count() == 2


def test_inactive_agencies_are_left_out_of_the_snapshot(agencies):
    AgencyFactory(slug="huyen-cu", is_active=False, kind=Agency.Kind.DISTRICT)
    assert take_snapshot(NOW) == 2
