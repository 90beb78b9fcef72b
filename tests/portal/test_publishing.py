from datetime import timedelta

import pytest
from django.utils import timezone

from portal.publishing import Status, TransitionError, apply_transition
from tests.tenancy_app.models import Note


@pytest.fixture
def note(agency):
    return Note.objects.create(agency=agency, title="Tin nháp")


def test_draft_is_not_published(note):
    assert not Note.objects.published().exists()


def test_submit_then_publish(note, editor, approver):
    apply_transition(note, "submit", editor)
    assert note.status == Status.PENDING
    apply_transition(note, "publish", approver)
    assert note.status == Status.PUBLISHED and note.published_at is not None
    assert note.reviewed_by == approver
    assert list(Note.objects.published()) == [note]


def test_return_needs_a_comment_and_keeps_it(note, editor, approver):
    apply_transition(note, "submit", editor)
    with pytest.raises(TransitionError):
        apply_transition(note, "return", approver)
    apply_transition(note, "return", approver, "Thiếu ảnh minh họa")
    note.refresh_from_db()
    assert note.status == Status.RETURNED and note.review_note == "Thiếu ảnh minh họa"


def test_unpublish_takes_it_offline(note, approver):
    apply_transition(note, "publish", approver)
    apply_transition(note, "unpublish", approver)
    assert not Note.objects.published().exists()


def test_impossible_transition_is_refused(note, approver):
    with pytest.raises(TransitionError):
        apply_transition(note, "unpublish", approver)  # a draft is not online


def test_future_published_at_schedules_without_cron(note, approver):
    note.published_at = timezone.now() + timedelta(hours=2)
    apply_transition(note, "publish", approver)
    assert note.is_scheduled and not Note.objects.published().exists()
    assert Note.objects.published(now=timezone.now() + timedelta(hours=3)).get() == note


def test_history_records_who_changed_what(note, approver):
    apply_transition(note, "publish", approver)
    assert note.history.count() == 2
    assert note.history.first().status == Status.PUBLISHED
