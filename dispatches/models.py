"""Section 8: the register of outgoing and incoming dispatches, or the agency's period totals.

An agency reports one way (``DispatchSettings.mode``): each dispatch as a record of the register
(``Dispatch``), or the number of dispatches of each type per week or month (``PeriodTotal`` with
its ``PeriodTotalLine`` rows). ``stats.dispatch_counts`` reads whichever the agency uses.
Classified documents are never stored (secrecy.py): there is deliberately no secrecy field here.
"""

import hashlib
import secrets
from collections import Counter
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import TenantModel, TenantQuerySet
from portal import doctypes, periods
from portal.doctypes import DocumentType
from portal.fields import FoldedTextField
from portal.uploads import DocumentField

from . import counts


class Direction(models.TextChoices):
    INCOMING = "den", _("Văn bản đến")
    OUTGOING = "di", _("Văn bản đi")


class Urgency(models.TextChoices):
    NORMAL = "thuong", _("Thường")
    URGENT = "khan", _("Khẩn")
    VERY_URGENT = "thuong_khan", _("Thượng khẩn")
    FLASH = "hoa_toc", _("Hỏa tốc")


class DispatchQuerySet(TenantQuerySet):
    """Bulk writes keep the monthly counters (counts.py) exact, or are refused."""

    def delete(self):
        """Delete the matching rows (locked first) and subtract exactly them from the counters."""
        self._not_support_combined_queries("delete")
        if self.query.is_sliced:
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        if self.query.distinct or self.query.distinct_fields:
            raise TypeError("Cannot call delete() after .distinct().")
        if self._fields is not None:
            raise TypeError("Cannot call delete() after .values() or .values_list()")
        with transaction.atomic(using=self.db):
            rows = list(self.order_by().select_for_update(of=("self",)).values_list("pk", *counts.KEY_FIELDS))
            deleted, per_model = 0, Counter()
            plain = models.QuerySet(self.model, using=self.db)
            for start in range(0, len(rows), counts.CHUNK):
                chunk = rows[start:start + counts.CHUNK]
                n, by_model = plain.filter(pk__in=[row[0] for row in chunk]).delete()
                deleted += n
                per_model.update(by_model)
            counts.record(Counter({k: -n for k, n in counts.tally(row[1:] for row in rows).items()}), using=self.db)
        return deleted, dict(per_model)

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        counted = counts.COUNTED_FIELDS & set(kwargs)
        if counted:
            raise TypeError(f"Dispatch counts depend on {sorted(counted)}: change them with save(), not update().")
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        counted = counts.COUNTED_FIELDS & set(fields)
        if counted:
            raise TypeError(f"Dispatch counts depend on {sorted(counted)}: change them with save(), not bulk_update().")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        """Insert and count; conflicts may not be ignored or merged (the rows counted would be unknown)."""
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise TypeError("Dispatch.objects.bulk_create counts what it inserts: no ignore/update_conflicts.")
        objs = list(objs)
        for obj in objs:
            obj.fill_derived()
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            counts.record(counts.tally((o.agency_id, o.direction, o.doc_type, o.entry_date) for o in objs),
                          using=self.db)
        return created

    bulk_create.alters_data = True

    def public_details(self):
        """Dispatches whose details the agency publishes: the only rows the register list shows."""
        return self.filter(publish_details=True)

    def incoming(self):
        return self.filter(direction=Direction.INCOMING)

    def outgoing(self):
        return self.filter(direction=Direction.OUTGOING)


class Dispatch(TenantModel):
    """One entry of the agency's register of outgoing or incoming dispatches."""

    direction = models.CharField(_("sổ"), max_length=3, choices=Direction.choices)
    doc_type = models.CharField(_("loại văn bản"), max_length=doctypes.KEY_LENGTH, choices=doctypes.GROUPED_CHOICES,
                                default=DocumentType.CONG_VAN)
    code_number = models.CharField(_("số"), max_length=20, help_text=_("Ví dụ: 459"))
    code_notation = models.CharField(_("ký hiệu"), max_length=80, blank=True, help_text=_("Ví dụ: UBND-TTTH"))
    issued_date = models.DateField(_("ngày ban hành"))
    organ_name = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True,
                                  help_text=_("Với văn bản đến: tác giả (cơ quan gửi)."))
    summary = models.TextField(_("trích yếu"))
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Với văn bản đi."))
    arrival_date = models.DateField(_("ngày đến"), null=True, blank=True)
    arrival_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)
    urgency = models.CharField(_("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    handling_unit = models.CharField(_("đơn vị xử lý"), max_length=255, blank=True)
    due_date = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    file = DocumentField(_("tệp văn bản công khai"), blank=True,
                         help_text=_("Chỉ hiện trên trang công khai khi công khai chi tiết."))
    external_id = models.CharField(_("mã trên hệ thống quản lý văn bản"), max_length=100, blank=True,
                                   help_text=_("Mã định danh của văn bản ở hệ thống quản lý văn bản của đơn vị."))
    publish_details = models.BooleanField(
        _("công khai chi tiết"), default=False,
        help_text=_("Nếu không chọn, văn bản chỉ được tính vào số liệu thống kê."))
    # Derived on save (and by the importers and bulk seeder): the register year and the date the
    # entry counts on (the arrival date of an incoming dispatch, the issue date of an outgoing one).
    year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    entry_date = models.DateField(_("ngày vào sổ"), editable=False)
    search_text = FoldedTextField(sources=["number_symbol", "summary", "organ_name", "signer_name",
                                           "recipients", "handling_unit"])

    objects = DispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản đi - đến")
        verbose_name_plural = _("sổ văn bản đi - đến")
        ordering = ["-entry_date", "-pk"]
        constraints = [
            # Numbers restart every 1 January; an incoming number is unique per issuing body.
            models.UniqueConstraint(
                fields=["agency", "direction", "year", "code_number", "code_notation", "organ_name"],
                name="dispatch_unique_number_per_year"),
            models.UniqueConstraint(fields=["agency", "external_id"], condition=~Q(external_id=""),
                                    name="dispatch_unique_external_id"),
        ]
        indexes = [
            models.Index(fields=["agency", "entry_date", "direction", "doc_type"], name="dispatch_stats"),
            models.Index(fields=["entry_date", "agency", "direction", "doc_type"], name="dispatch_stats_all"),
            models.Index(fields=["agency", "publish_details", "entry_date"], name="dispatch_public"),
            models.Index(fields=["agency", "updated_at"], name="dispatch_changed"),  # the latest change
        ]

    def __str__(self):
        return f"{self.number_symbol} — {self.summary[:80]}"

    @property
    def number_symbol(self) -> str:
        return f"{self.code_number}/{self.code_notation}" if self.code_notation else str(self.code_number)

    @property
    def type_abbreviation(self) -> str:
        return doctypes.abbreviation(self.doc_type)

    def fill_derived(self):
        """Set ``year`` and ``entry_date`` from the dates (also called before bulk_create)."""
        if self.issued_date:
            self.year = self.issued_date.year
        if self.direction == Direction.INCOMING and self.arrival_date:
            self.entry_date = self.arrival_date
        else:
            self.entry_date = self.issued_date

    def clean_fields(self, exclude=None):
        self.fill_derived()
        super().clean_fields(exclude)

    def clean(self):
        super().clean()
        errors = {}
        if self.direction == Direction.INCOMING:
            if not self.arrival_date:
                errors["arrival_date"] = _("Văn bản đến cần ngày đến.")
            elif self.issued_date and self.arrival_date < self.issued_date:
                errors["arrival_date"] = _("Ngày đến không thể trước ngày ban hành.")
            if not self.organ_name:
                errors["organ_name"] = _("Văn bản đến cần tên cơ quan ban hành.")
        if self.due_date and self.issued_date and self.due_date < self.issued_date:
            errors["due_date"] = _("Hạn giải quyết không thể trước ngày ban hành.")
        if errors:
            raise ValidationError(errors)
        self.fill_derived()

    def _stored_key(self, using):
        """The counter key of the stored row, read under a row lock (None when there is no row)."""
        if self.pk is None:
            return None
        row = (type(self)._base_manager.using(using).select_for_update().filter(pk=self.pk)
               .values_list(*counts.KEY_FIELDS).first())
        return counts.key(*row) if row else None

    def save(self, *args, **kwargs):
        self.fill_derived()
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not counts.COUNTED_FIELDS & set(update_fields):
            super().save(*args, **kwargs)
            return
        with transaction.atomic(using=using):
            before = self._stored_key(using)
            super().save(*args, **kwargs)
            deltas = Counter({counts.key_of(self): 1})
            if before is not None:
                deltas[before] -= 1
            counts.record(deltas, using=using)

    save.alters_data = True

    def delete(self, using=None, keep_parents=False):
        using = using or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            before = self._stored_key(using)
            result = super().delete(using=using, keep_parents=keep_parents)
            if before is not None:
                counts.record({before: -1}, using=using)
        return result

    delete.alters_data = True

    def get_absolute_url(self):
        return self.agency.reverse("dispatches:register_detail", pk=self.pk)


class DispatchCount(models.Model):
    """How many register entries of one agency, direction and type count on one month.

    Kept exact on every write by ``counts.record`` (see counts.py); the statistics read it for whole
    months before the current one and count the rest from the rows. Signed: a wrong counter shows.
    """

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    doc_type = models.CharField(max_length=doctypes.KEY_LENGTH)
    month = models.DateField()  # the first day
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("số văn bản theo tháng")
        verbose_name_plural = _("số văn bản theo tháng")
        constraints = [models.UniqueConstraint(fields=["agency", "direction", "doc_type", "month"],
                                               name="dispatch_count_unique_key")]
        indexes = [models.Index(fields=["month", "agency"], name="dispatch_count_month")]

    def __str__(self):
        return f"{self.agency_id} {self.direction} {self.doc_type} {self.month:%m/%Y}: {self.count}"


class DispatchSettings(TenantModel):
    """How an agency reports section 8, and where its document system's feed is (pull sync)."""

    class Mode(models.TextChoices):
        REGISTER = "register", _("Sổ văn bản (số liệu tính từ từng văn bản)")
        TOTALS = "totals", _("Chỉ nhập số liệu tổng theo tuần hoặc tháng")

    class FeedFormat(models.TextChoices):
        AUTO = "auto", _("Tự nhận biết")
        JSON = "json", _("JSON")
        CSV = "csv", _("CSV")

    mode = models.CharField(_("cách báo cáo"), max_length=10, choices=Mode.choices, default=Mode.REGISTER)
    publish_details_default = models.BooleanField(
        _("công khai chi tiết văn bản nhập từ tệp, API và đồng bộ"), default=False)
    sync_url = models.URLField(_("địa chỉ nguồn đồng bộ"), blank=True,
                               help_text=_("Địa chỉ JSON hoặc CSV do hệ thống quản lý văn bản cung cấp."))
    sync_format = models.CharField(_("định dạng nguồn"), max_length=4, choices=FeedFormat.choices,
                                   default=FeedFormat.AUTO)
    # Written by the sync command with queryset.update(), so a run changes no public page by itself.
    last_sync_at = models.DateTimeField(_("lần đồng bộ gần nhất"), null=True, blank=True, editable=False)
    last_sync_ok = models.BooleanField(_("kết quả lần gần nhất"), null=True, editable=False)
    last_sync_message = models.TextField(_("thông báo lần gần nhất"), blank=True, editable=False)
    last_success_at = models.DateTimeField(_("lần đồng bộ thành công gần nhất"), null=True, blank=True,
                                           editable=False)

    class Meta:
        verbose_name = _("cấu hình công văn đi - đến")
        verbose_name_plural = _("cấu hình công văn đi - đến")
        constraints = [models.UniqueConstraint(fields=["agency"], name="one_dispatch_settings_per_agency")]

    def __str__(self):
        return str(self.agency)

    @classmethod
    def for_agency(cls, agency) -> "DispatchSettings":
        """The agency's settings, or unsaved defaults (register mode) when it has none."""
        return cls.objects.filter(agency=agency).first() or cls(agency=agency)


class PeriodTotal(TenantModel):
    """Totals mode: one reporting period (a week from Monday or a calendar month)."""

    class Kind(models.TextChoices):
        WEEK = "week", _("Tuần")
        MONTH = "month", _("Tháng")

    kind = models.CharField(_("loại kỳ"), max_length=5, choices=Kind.choices, default=Kind.MONTH)
    start = models.DateField(_("từ ngày"), help_text=_("Thứ Hai đầu tuần, hoặc ngày 01 của tháng."))
    end = models.DateField(_("đến ngày"), editable=False)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("số liệu tổng theo kỳ")
        verbose_name_plural = _("số liệu tổng theo kỳ")
        ordering = ["-start"]
        constraints = [models.UniqueConstraint(fields=["agency", "start"], name="period_total_unique_start")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}" if self.end else str(
            self.start)

    @staticmethod
    def end_of(kind, start):
        if kind == PeriodTotal.Kind.WEEK:
            return start + timedelta(days=6)
        return periods.end_of(periods.MONTH, start)

    def clean(self):
        super().clean()
        if not self.start:
            return
        if self.kind == self.Kind.WEEK and self.start.weekday() != 0:
            raise ValidationError({"start": _("Kỳ theo tuần phải bắt đầu vào thứ Hai.")})
        if self.kind == self.Kind.MONTH and self.start.day != 1:
            raise ValidationError({"start": _("Kỳ theo tháng phải bắt đầu vào ngày 01.")})
        self.end = self.end_of(self.kind, self.start)
        if self.agency_id:
            overlap = (PeriodTotal.objects.filter(agency_id=self.agency_id, start__lte=self.end,
                                                  end__gte=self.start).exclude(pk=self.pk).first())
            if overlap is not None:
                raise ValidationError({"start": _("Kỳ này trùng với kỳ đã nhập (%(period)s).") % {
                    "period": overlap}})

    def save(self, *args, **kwargs):
        self.end = self.end_of(self.kind, self.start)
        super().save(*args, **kwargs)


class PeriodTotalLine(TenantModel):
    """Totals mode: how many dispatches of one type went out or came in during the period."""

    period = models.ForeignKey(PeriodTotal, verbose_name=_("kỳ"), on_delete=models.CASCADE, related_name="lines")
    direction = models.CharField(_("sổ"), max_length=3, choices=Direction.choices)
    doc_type = models.CharField(_("loại văn bản"), max_length=doctypes.KEY_LENGTH, choices=doctypes.GROUPED_CHOICES)
    count = models.PositiveIntegerField(_("số lượng"))

    class Meta:
        verbose_name = _("số lượng theo loại")
        verbose_name_plural = _("số lượng theo loại")
        constraints = [models.UniqueConstraint(fields=["period", "direction", "doc_type"],
                                               name="period_line_unique_type")]

    def __str__(self):
        return f"{self.get_direction_display()} — {self.get_doc_type_display()}: {self.count}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(TenantQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(TenantModel):
    """A push-API key of one agency: only its SHA-256 is stored; the key is shown once."""
    publicly_visible = False  # never shown (agencies/cache.py is_publicly_visible)

    name = models.CharField(_("tên"), max_length=150, help_text=_("Ví dụ: Hệ thống quản lý văn bản iOffice"))
    prefix = models.CharField(_("phần đầu khóa"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def generate(self) -> str:
        """Set a new random key and return it; the caller shows it once and never again."""
        key = "vbdd_" + secrets.token_urlsafe(32)
        self.prefix = key[:12]
        self.key_hash = hash_token(key)
        return key

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at", "updated_at"])
