"""The provincial review's own data: rule overrides, exemptions, inspection notes, daily snapshots.

Everything else (which sections exist, how many items, when they changed) is read live from the
section registry; nothing here copies section content.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, TenantModel, TenantQuerySet
from portal.sections import all_sections

from . import rules
from .rules import State


def section_choices():
    """The registered sections, read when a form is built (a ninth section appears by itself)."""
    return [(s.key, f"{s.number}. {s.title}") for s in all_sections()]


def section_title(key: str) -> str:
    for section in all_sections():
        if section.key == key:
            return f"{section.number}. {section.title}"
    return key


def _registered_section(key):
    for section in all_sections():
        if section.key == key:
            return section
    raise ValidationError({"section_key": _("Chuyên mục “%(key)s” không có trong danh sách chuyên mục.")
                           % {"key": key}})


class SectionRuleQuerySet(models.QuerySet):
    def params_by_key(self) -> dict[str, dict]:
        return dict(self.values_list("section_key", "params"))


class SectionRule(models.Model):
    """A superuser's override of one section's rule parameters (defaults come from the registry)."""

    section_key = models.CharField(_("chuyên mục"), max_length=60, unique=True, choices=section_choices)
    params = models.JSONField(
        _("tham số"), default=dict, blank=True,
        help_text=_("Chỉ ghi các tham số cần thay đổi, ví dụ {\"days\": 5}; tham số không ghi dùng giá trị mặc định."),
    )
    note = models.CharField(_("lý do thay đổi"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, blank=True,
                                   editable=False, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = SectionRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc kiểm tra chuyên mục")
        verbose_name_plural = _("quy tắc kiểm tra chuyên mục")
        ordering = ["section_key"]

    def __str__(self):
        return section_title(self.section_key)

    def clean(self):
        super().clean()
        if not self.section_key:
            return
        section = _registered_section(self.section_key)
        try:
            self.params = rules.kind_for(section).clean_params(self.params)
        except rules.ParamError as error:
            raise ValidationError({"params": str(error)}) from None


class ExemptionQuerySet(TenantQuerySet):
    def active(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


class Exemption(TenantModel):
    """A superuser's decision that a section does not apply to an agency (with the reason)."""

    section_key = models.CharField(_("chuyên mục"), max_length=60, choices=section_choices)
    reason = models.TextField(_("lý do miễn"))
    valid_from = models.DateField(_("áp dụng từ ngày"), default=timezone.localdate)
    valid_until = models.DateField(_("đến hết ngày"), null=True, blank=True,
                                   help_text=_("Để trống nếu miễn không thời hạn."))

    objects = ExemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("miễn kiểm tra")
        verbose_name_plural = _("miễn kiểm tra")
        ordering = ["agency__order", "section_key"]
        constraints = [models.UniqueConstraint(fields=["agency", "section_key"], name="one_exemption_per_section")]

    def __str__(self):
        return f"{self.agency.short_name} — {section_title(self.section_key)}"

    def clean(self):
        super().clean()
        if self.section_key:
            _registered_section(self.section_key)
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Hãy ghi lý do miễn kiểm tra.")})
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Ngày kết thúc phải sau ngày bắt đầu miễn.")})


class InspectionNoteQuerySet(TenantQuerySet):
    def open(self):
        return self.filter(resolved=False)

    def open_on(self, day):
        """Notes written by ``day`` and not yet resolved on that day (for a report of that date)."""
        return self.filter(Q(resolved=False) | Q(resolved_on__gt=day), inspected_on__lte=day)


class InspectionNote(TenantModel):
    """What the inspection team found at one agency; the agency's admins answer, never edit it."""

    inspected_on = models.DateField(_("ngày kiểm tra"), default=timezone.localdate)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ kiểm tra"), null=True,
                                  on_delete=models.SET_NULL, related_name="inspection_notes")
    team = models.CharField(_("thành viên đoàn kiểm tra"), max_length=255, blank=True)
    summary = models.TextField(_("kết luận chung"))
    fix_by = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    resolved = models.BooleanField(_("đã khắc phục xong"), default=False)
    resolved_on = models.DateField(_("ngày xác nhận khắc phục"), null=True, blank=True, editable=False)
    answer = models.TextField(_("trả lời của cơ quan"), blank=True,
                              help_text=_("Quản trị đơn vị ghi kết quả khắc phục hoặc giải trình."))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True,
                                    blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, editable=False)

    objects = InspectionNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("biên bản kiểm tra")
        verbose_name_plural = _("biên bản kiểm tra")
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["resolved", "agency"])]

    def __str__(self):
        return _("Kiểm tra %(agency)s ngày %(date)s") % {
            "agency": self.agency.short_name, "date": self.inspected_on.strftime("%d/%m/%Y")}

    def clean(self):
        super().clean()
        if self.fix_by and self.inspected_on and self.fix_by < self.inspected_on:
            raise ValidationError({"fix_by": _("Hạn khắc phục không được trước ngày kiểm tra.")})

    def save(self, *args, **kwargs):
        if self.resolved and self.resolved_on is None:
            self.resolved_on = timezone.localdate()
        elif not self.resolved:
            self.resolved_on = None
        super().save(*args, **kwargs)

    @property
    def is_late(self):
        return not self.resolved and self.fix_by is not None and self.fix_by < timezone.localdate()


class Finding(models.Model):
    note = models.ForeignKey(InspectionNote, verbose_name=_("biên bản"), on_delete=models.CASCADE,
                             related_name="findings")
    section_key = models.CharField(_("chuyên mục"), max_length=60, blank=True, choices=section_choices,
                                   help_text=_("Để trống nếu là nhận xét chung."))
    state = models.CharField(_("đánh giá"), max_length=20, choices=State.choices, blank=True)
    text = models.TextField(_("nội dung phát hiện"))

    class Meta:
        verbose_name = _("phát hiện theo chuyên mục")
        verbose_name_plural = _("phát hiện theo chuyên mục")
        ordering = ["pk"]

    def __str__(self):
        return self.section_title

    @property
    def section_title(self):
        return section_title(self.section_key) if self.section_key else str(_("Nhận xét chung"))


def static_section_choices():
    """The sections an approver may confirm as still current: those kept by the static-content rule."""
    return [(s.key, f"{s.number}. {s.title}") for s in all_sections() if rules.is_static(s)]


class ConfirmationQuerySet(TenantQuerySet):
    def latest(self):
        """The latest confirmation of each (agency, section): one query whatever the history's length."""
        newest = (Confirmation.objects.order_by().values("agency_id", "section_key")
                  .annotate(newest=Max("pk")).values("newest"))
        return self.filter(pk__in=Subquery(newest))


class Confirmation(TenantModel):
    """An approver's word that a static section (introduction, functions, organization, ...) is still
    current without being changed: who and when. Rows are only added; the latest one counts in the
    review as a fresh review date of that section (compliance/rules.py, StaticContentRule)."""

    section_key = models.CharField(_("chuyên mục"), max_length=60, choices=static_section_choices)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), default=timezone.now, editable=False, db_index=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True,
                                     editable=False, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=255, blank=True,
                            help_text=_("Ví dụ: đã đối chiếu với quyết định quy định chức năng, nhiệm vụ hiện hành."))

    objects = ConfirmationQuerySet.as_manager()

    class Meta:
        verbose_name = _("xác nhận nội dung còn hiệu lực")
        verbose_name_plural = _("xác nhận nội dung còn hiệu lực")
        ordering = ["-confirmed_at", "-pk"]
        indexes = [models.Index(fields=["agency", "section_key"])]

    def __str__(self):
        return _("%(agency)s — %(section)s, xác nhận ngày %(date)s") % {
            "agency": self.agency.short_name, "section": section_title(self.section_key),
            "date": timezone.localtime(self.confirmed_at).strftime("%d/%m/%Y")}

    def clean(self):
        super().clean()
        if not self.section_key:
            return
        section = _registered_section(self.section_key)
        if not rules.is_static(section):
            raise ValidationError({"section_key": _("Chỉ xác nhận được các chuyên mục nội dung ổn định "
                                                    "(giới thiệu, chức năng nhiệm vụ, tổ chức bộ máy...).")})
        if self.agency_id and not section.summary_for(self.agency).count:
            raise ValidationError({"section_key": _("Chuyên mục “%(section)s” chưa có nội dung được xuất bản; "
                                                    "hãy đăng nội dung trước khi xác nhận.")
                                   % {"section": section_title(self.section_key)}})


class SnapshotQuerySet(models.QuerySet):
    def weekly_dates(self, today, weeks=8) -> list:
        """The latest snapshot date of each of the last ``weeks`` ISO weeks, oldest first."""
        since = today - timedelta(days=7 * weeks - 1)
        dates = self.filter(date__gte=since, date__lte=today).order_by().values_list("date", flat=True).distinct()
        latest = {}
        for day in dates:
            key = day.isocalendar()[:2]
            if key not in latest or day > latest[key]:
                latest[key] = day
        return sorted(latest.values())


class Snapshot(models.Model):
    """One agency's states on one day, taken by ``manage.py compliance_snapshot`` (safe to re-run)."""

    date = models.DateField(_("ngày"), db_index=True)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE,
                               related_name="compliance_snapshots")
    met = models.PositiveSmallIntegerField(_("đạt"), default=0)
    due_soon = models.PositiveSmallIntegerField(_("sắp đến hạn"), default=0)
    overdue = models.PositiveSmallIntegerField(_("chưa đạt"), default=0)
    not_applicable = models.PositiveSmallIntegerField(_("không áp dụng"), default=0)
    # {section_key: {"state", "reason", "count", "last_updated"}} as evaluated that day.
    cells = models.JSONField(_("kết quả theo chuyên mục"), default=dict)
    taken_at = models.DateTimeField(_("chụp lúc"), auto_now=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu kiểm tra hằng ngày")
        verbose_name_plural = _("số liệu kiểm tra hằng ngày")
        ordering = ["-date", "agency__order"]
        constraints = [models.UniqueConstraint(fields=["date", "agency"], name="one_snapshot_per_agency_and_day")]

    def __str__(self):
        return f"{self.agency_id} {self.date:%d/%m/%Y}"

    @property
    def problems(self):
        return self.overdue + self.due_soon


class Dashboard(Snapshot):
    """The province-wide dashboard in the admin (a proxy so that it has its own admin entry)."""

    class Meta:
        proxy = True
        verbose_name = _("bảng theo dõi cập nhật")
        verbose_name_plural = _("bảng theo dõi cập nhật")
