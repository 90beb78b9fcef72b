"""The daily snapshot: today's states of every active agency, stored for the trend and past reports."""

from django.db import transaction
from django.utils import timezone

from agencies.models import Agency

from .models import Snapshot
from .review import cells_json, review_agencies


def take_snapshot(now=None) -> int:
    """Store (or replace) today's snapshot of every active agency; safe to run again the same day."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    review = review_agencies(Agency.objects.filter(is_active=True), now)
    rows = [
        Snapshot(date=day, agency=row.agency, met=row.met, due_soon=row.due_soon, overdue=row.overdue,
                 not_applicable=row.not_applicable, cells=cells_json(row), taken_at=now)
        for row in review.rows
    ]
    with transaction.atomic():
        Snapshot.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["date", "agency"],
            update_fields=["met", "due_soon", "overdue", "not_applicable", "cells", "taken_at"],
        )
    return len(rows)
