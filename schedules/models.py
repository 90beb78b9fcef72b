"""Section 5: the leadership's weekly work schedule.

A ``Week`` (one per agency and ISO week) goes through the publishing workflow; its ``Entry`` rows
are the lines of the schedule. Once a week has been public, changes to its entries are amendments
(schedules/amendments.py): marked, never silently deleted, counted in ``Week.revision``.
"""

import re
import uuid
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from agencies.models import TenantModel, TenantPublishable, TenantPublishableQuerySet, TenantQuerySet
from organization.models import Official
from portal.publishing import Status
from portal.text import fold

from .weeks import IsoWeek


class WeekQuerySet(TenantPublishableQuerySet):
    def of(self, iso_week: IsoWeek):
        return self.filter(year=iso_week.year, week=iso_week.week)


class Week(TenantPublishable):
    """The schedule of one agency for one ISO week ("Tuần 48 (23/11 – 29/11/2026)")."""

    year = models.PositiveSmallIntegerField(_("năm"))
    week = models.PositiveSmallIntegerField(_("tuần"))
    note = models.TextField(_("ghi chú chung"), blank=True,
                            help_text=_("Hiện ở đầu lịch tuần, ví dụ: lịch có thể thay đổi, liên hệ Văn phòng."))
    revision = models.PositiveIntegerField(_("số lần điều chỉnh"), default=0, editable=False)
    amended_at = models.DateTimeField(_("điều chỉnh lần cuối lúc"), null=True, blank=True, editable=False)
    # When the week first became public; from then on every change of its entries is an amendment.
    first_published_at = models.DateTimeField(_("đăng lần đầu lúc"), null=True, blank=True, editable=False)

    objects = WeekQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch công tác tuần")
        verbose_name_plural = _("lịch công tác tuần")
        ordering = ["-year", "-week"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "week"], name="schedules_one_week_per_agency"),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="schedules_week_pub_idx")]

    def __str__(self):
        return self.label

    @property
    def iso_week(self) -> IsoWeek:
        return IsoWeek(self.year, self.week)

    @property
    def label(self) -> str:
        try:
            return self.iso_week.label
        except (TypeError, ValueError):
            return f"{self.year}-W{self.week}"

    @property
    def is_locked(self) -> bool:
        """Whether changes to the entries are amendments (the week has been public)."""
        return self.first_published_at is not None and self.first_published_at <= timezone.now()

    @property
    def last_update(self):
        """The time shown as "cập nhật": the last amendment, else the publication."""
        return self.amended_at or self.published_at

    def clean(self):
        super().clean()
        if self.year is not None and self.week is not None:
            try:
                IsoWeek(self.year, self.week)
            except ValueError:
                raise ValidationError({"week": _("Năm %(year)d không có tuần %(week)d.") % {
                    "year": self.year, "week": self.week}}) from None

    def save(self, *args, **kwargs):
        now = timezone.now()
        if self.first_published_at is None or self.first_published_at > now:
            # Frozen once the week has actually been public; a scheduled time may still move.
            self.first_published_at = self.published_at if self.status == Status.PUBLISHED else None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "first_published_at"}
        super().save(*args, **kwargs)


LEADER_SPLIT = re.compile(r"\s*[;,\n]\s*")


def leader_key(name: str) -> str:
    """The filter key of a leader written as free text: its folded slug."""
    return "t-" + slugify(fold(name))


def official_key(official) -> str:
    """The filter key of a leader from the directory: the official's id."""
    return str(official.pk)


def official_name(official) -> str:
    """"Giám đốc Nguyễn Văn An": how the schedule names a leader from the directory."""
    return f"{official.title} {official.full_name}".strip()


class EntryQuerySet(TenantQuerySet):
    def of_published_weeks(self, now=None):
        """Entries of weeks that are published and due: the only entries public code reads."""
        return self.filter(week__in=Week.objects.published(now).values("pk"))

    def with_leaders(self, public=True):
        """Prefetch the chairing officials; public pages see only officials the directory shows publicly
        (a draft or hidden official's name stays off the schedule, its feed and its filter)."""
        officials = Official.objects.public() if public else Official.objects.all()
        return self.prefetch_related(models.Prefetch(
            "chairs", queryset=officials.only("pk", "full_name", "title").order_by(
                "unit__tree_path", "order", "full_name", "pk")))


class Entry(TenantModel):
    """One line of the weekly schedule."""

    class Period(models.TextChoices):
        MORNING = "sang", _("Sáng")
        AFTERNOON = "chieu", _("Chiều")
        EVENING = "toi", _("Tối")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Theo kế hoạch")
        AMENDED = "amended", _("Điều chỉnh")
        ADDED = "added", _("Bổ sung")
        CANCELLED = "cancelled", _("Hủy")

    week = models.ForeignKey(Week, verbose_name=_("tuần"), on_delete=models.CASCADE, related_name="entries")
    date = models.DateField(_("ngày"))
    # Sáng before 12:00, Chiều before 18:00, Tối after: always follows the start time.
    period = models.CharField(_("buổi"), max_length=5, choices=Period.choices, editable=False)
    start_time = models.TimeField(_("giờ bắt đầu"))
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    content = models.TextField(_("nội dung"))
    chairs = models.ManyToManyField(
        "organization.Official", verbose_name=_("lãnh đạo chủ trì"), blank=True, related_name="schedule_entries",
        help_text=_("Chọn trong danh bạ cán bộ của cơ quan."))
    chair_text = models.CharField(
        _("chủ trì (ghi tay)"), max_length=255, blank=True,
        help_text=_("Người chủ trì không có trong danh bạ, ví dụ “PCTTT Nguyễn Văn A”; nhiều người cách nhau "
                    "bằng dấu phẩy."))
    participants = models.TextField(_("thành phần"), blank=True)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    preparing_unit = models.CharField(_("đơn vị chuẩn bị"), max_length=255, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    recurring = models.BooleanField(
        _("lặp lại hằng tuần"), default=False,
        help_text=_("Được chép sang tuần sau bằng nút “Chép các mục lặp lại của tuần trước”."))
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.SCHEDULED,
                             editable=False)
    # Stable identity for iCalendar (UID) and its revision counter (SEQUENCE).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    amended_at = models.DateTimeField(_("điều chỉnh lúc"), null=True, blank=True, editable=False)
    amendment_note = models.CharField(_("nội dung điều chỉnh"), max_length=255, blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("mục lịch công tác")
        ordering = ["date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["week", "date", "start_time"], name="schedules_entry_week_idx"),
            models.Index(fields=["date", "start_time"], name="schedules_entry_date_idx"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M} — {self.content[:60]}"

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @staticmethod
    def period_for(start: time) -> str:
        if start < time(12):
            return Entry.Period.MORNING
        if start < time(18):
            return Entry.Period.AFTERNOON
        return Entry.Period.EVENING

    def start_datetime(self):
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    def end_datetime(self):
        if self.end_time is None:
            return None
        return timezone.make_aware(datetime.combine(self.date, self.end_time))

    def busy_until(self):
        """End of the entry for overlap checks: its end time, else one hour after the start."""
        return self.end_datetime() or self.start_datetime() + timedelta(hours=1)

    @property
    def text_leaders(self) -> list[str]:
        return [name for name in LEADER_SPLIT.split(self.chair_text.strip()) if name]

    def leaders(self) -> list[tuple[str, str]]:
        """(key, display name) of every leader chairing this entry: officials, then free text.

        Reads ``chairs`` through ``all()`` so that a prefetch serves it without a query.
        """
        officials = [(official_key(o), official_name(o)) for o in self.chairs.all()]
        return officials + [(leader_key(name), name) for name in self.text_leaders]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("Giờ kết thúc (%(end)s) phải sau giờ bắt đầu (%(start)s).") % {
                "end": self.end_time.strftime("%H:%M"), "start": self.start_time.strftime("%H:%M")}
        week = getattr(self, "week", None)  # the inline's parent, saved or not yet
        if self.date and week is not None and week.year and week.week:
            try:
                iso = week.iso_week
            except ValueError:
                iso = None
            if iso is not None and self.date not in iso:
                errors["date"] = _("Ngày %(date)s nằm ngoài tuần của lịch này: %(week)s.") % {
                    "date": self.date.strftime("%d/%m/%Y"), "week": iso.label}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.start_time:
            self.period = self.period_for(self.start_time)
        super().save(*args, **kwargs)
