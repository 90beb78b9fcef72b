"""The amendment rule: once a week has been public, changes are marked, counted and never silent."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.publishing import apply_transition
from schedules import amendments
from schedules.amendments import amending
from schedules.models import Entry, Week
from schedules.planning import copy_recurring_entries, find_overlaps
from schedules.weeks import IsoWeek

from .factories import draft_week, entry, official, published_week

pytestmark = pytest.mark.django_db


def test_changes_to_a_draft_week_are_not_amendments(agency):
    week = draft_week(agency)
    first = entry(week)
    with amending(week) as batch:
        first.location = "Hội trường B"
        first.save()
        batch.delete(entry(week, 1))
    first.refresh_from_db()
    week.refresh_from_db()
    assert first.state == Entry.State.SCHEDULED
    assert week.revision == 0 and week.amended_at is None
    assert week.entries.count() == 1  # a draft's entry is really deleted


def test_first_publication_freezes_the_week(agency, approver):
    week = draft_week(agency)
    assert not amendments.is_locked(week)
    apply_transition(week, "publish", approver)
    week.refresh_from_db()
    assert week.first_published_at == week.published_at
    assert amendments.is_locked(week)
    apply_transition(week, "unpublish", approver)
    week.refresh_from_db()
    assert amendments.is_locked(week), "an unpublished week stays under the amendment rule"


def test_a_scheduled_publication_is_not_yet_locked(agency):
    week = published_week(agency, when=timezone.now() + timedelta(hours=5))
    assert not amendments.is_locked(week)
    first = entry(week)
    with amending(week):
        first.start_time = time(9)
        first.save()
    first.refresh_from_db()
    assert first.state == Entry.State.SCHEDULED


def test_a_changed_entry_is_marked_amended_and_the_week_counts_a_revision(agency, approver):
    week = published_week(agency)
    first = entry(week, start=time(8), location="Phòng họp số 1")
    before = timezone.now()
    with amending(week, user=approver):
        first.start_time = time(14)
        first.location = "Hội trường B"
        first.save()
    first.refresh_from_db()
    week.refresh_from_db()
    assert first.state == Entry.State.AMENDED
    assert first.sequence == 1
    assert first.amendment_note == "đổi buổi, giờ bắt đầu, địa điểm"
    assert first.period == Entry.Period.AFTERNOON
    assert week.revision == 1
    assert week.amended_at >= before
    assert week.last_update == week.amended_at
    assert week.updated_by == approver


def test_one_batch_is_one_revision_whatever_it_changes(agency):
    week = published_week(agency)
    a, b = entry(week, 0), entry(week, 1)
    with amending(week):
        a.notes = "Mang theo tài liệu"
        a.save()
        b.location = "UBND xã Cái Nhum"
        b.save()
        entry(week, 2, content="Làm việc với đoàn kiểm tra")
    week.refresh_from_db()
    assert week.revision == 1
    with amending(week):
        a.notes = "Đổi tài liệu"
        a.save()
    week.refresh_from_db()
    assert week.revision == 2


def test_a_new_entry_in_a_published_week_is_marked_added(agency):
    week = published_week(agency)
    with amending(week):
        added = entry(week, 3, content="Tiếp công dân đột xuất")
    added.refresh_from_db()
    assert added.state == Entry.State.ADDED
    assert added.sequence == 0
    assert added.amended_at is not None


def test_deleting_an_entry_of_a_published_week_cancels_it(agency):
    week = published_week(agency)
    first = entry(week)
    with amending(week) as batch:
        batch.delete(first)
    first.refresh_from_db()
    week.refresh_from_db()
    assert first.state == Entry.State.CANCELLED
    assert first.sequence == 1
    assert week.revision == 1


def test_a_silent_deletion_is_refused_and_nothing_is_saved(agency):
    week = published_week(agency)
    first, second = entry(week, 0), entry(week, 1)
    second_pk = second.pk
    with pytest.raises(ValidationError, match="không được xóa"):
        with amending(week):
            first.location = "Nơi khác"
            first.save()
            second.delete()
    assert Entry.objects.filter(pk=second_pk).exists()
    first.refresh_from_db()
    assert first.location == "Phòng họp số 1" and first.state == Entry.State.SCHEDULED
    week.refresh_from_db()
    assert week.revision == 0


def test_saving_without_a_change_is_not_an_amendment(agency):
    week = published_week(agency)
    first = entry(week)
    with amending(week):
        first.save()
    week.refresh_from_db()
    first.refresh_from_db()
    assert week.revision == 0 and first.state == Entry.State.SCHEDULED


def test_changing_the_leaders_from_the_directory_is_an_amendment(agency):
    week = published_week(agency)
    first = entry(week)
    deputy = official(agency)
    with amending(week):
        first.chairs.add(deputy)
    first.refresh_from_db()
    assert first.state == Entry.State.AMENDED
    assert "lãnh đạo chủ trì" in first.amendment_note


def test_restoring_a_cancelled_entry_is_an_amendment(agency):
    week = published_week(agency)
    first = entry(week)
    with amending(week) as batch:
        batch.cancel(first)
    with amending(week):
        first.refresh_from_db()
        first.state = Entry.State.SCHEDULED
        first.save()
    first.refresh_from_db()
    week.refresh_from_db()
    assert first.state == Entry.State.AMENDED and first.amendment_note == "khôi phục"
    assert week.revision == 2


def test_history_keeps_the_before_and_the_after(agency):
    week = published_week(agency)
    first = entry(week, location="Phòng họp số 1")
    with amending(week):
        first.location = "Hội trường B"
        first.save()
    records = list(first.history.order_by("history_date", "history_id"))
    assert records[0].location == "Phòng họp số 1"
    assert records[-1].location == "Hội trường B"
    assert records[-1].state == Entry.State.AMENDED
    assert records[-1].history_change_reason.startswith("Điều chỉnh lần 1")


def test_copy_recurring_entries_shifts_them_a_week_and_is_idempotent(agency):
    this = IsoWeek.current()
    last = published_week(agency, this.previous)
    recurring = entry(last, 0, content="Giao ban đầu tuần", recurring=True)
    recurring.chairs.add(official(agency))
    entry(last, 2, content="Hội nghị chuyên đề")  # not recurring
    week = draft_week(agency, this)
    assert copy_recurring_entries(week) == 1
    assert copy_recurring_entries(week) == 0
    copied = week.entries.get()
    assert copied.date == recurring.date + timedelta(days=7)
    assert copied.content == "Giao ban đầu tuần" and copied.recurring
    assert list(copied.chairs.all()) == list(recurring.chairs.all())
    assert copied.uid != recurring.uid
    assert copied.state == Entry.State.SCHEDULED


def test_copy_into_a_published_week_adds_amendments(agency):
    this = IsoWeek.current()
    entry(published_week(agency, this.previous), 1, content="Tiếp công dân", recurring=True)
    week = published_week(agency, this)
    copy_recurring_entries(week)
    week.refresh_from_db()
    assert week.entries.get().state == Entry.State.ADDED
    assert week.revision == 1


def test_copy_does_not_reach_another_agency(agency, other_agency):
    this = IsoWeek.current()
    entry(published_week(other_agency, this.previous), 1, content="Lịch của cơ quan khác", recurring=True)
    week = draft_week(agency, this)
    assert copy_recurring_entries(week) == 0


def test_overlaps_are_found_per_leader(agency):
    week = draft_week(agency)
    a = entry(week, 0, start=time(8), end_time=time(10))
    b = entry(week, 0, start=time(9, 30), end_time=time(10), content="Tiếp công dân")
    c = entry(week, 0, start=time(10), content="Họp chi bộ")  # starts when a ends
    d = entry(week, 1, start=time(8))
    leader = [("t-giam-doc", "Giám đốc Nguyễn Văn An")]
    overlaps = find_overlaps([(a, leader), (b, leader), (c, leader), (d, leader)])
    assert [(o.first, o.second) for o in overlaps] == [(a, b)]
    assert "Giám đốc Nguyễn Văn An" in overlaps[0].message and "09:30" in overlaps[0].message
    b.state = Entry.State.CANCELLED
    assert find_overlaps([(a, leader), (b, leader)]) == []
    assert find_overlaps([(a, leader), (b, [("t-khac", "Người khác")])]) == []


def test_week_refuses_a_week_53_that_does_not_exist(agency):
    week = Week(agency=agency, year=2025, week=53)
    with pytest.raises(ValidationError):
        week.full_clean()
