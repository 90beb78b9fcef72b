"""Section 7: socio-economic (KTXH) indicators, their figures, the feeds they come from, and reports.

- ``Indicator`` is a province-wide definition (one code means one thing in every feed), kept by the
  portal's administrators; it is shared, not tenant-owned.
- ``Observation`` is one figure of one indicator for one period, owned by the agency whose figures
  they are (the province's by the provincial office, a department's sector figures by it). A new
  value for the same period is a revision: the row is updated and history keeps the old one.
- ``Source`` is an agency's configured feed (PX-Web JSON-stat 2, CSV or JSON), run by ``sync.py``.
- ``Report`` is a periodic written socio-economic report, through the publishing workflow.
- ``IntegratedGroup`` says which groups of the province's indicators an agency's section 7 shows
  beside its own figures (its field); every agency also shows the province's main indicators, so
  section 7 is filled for every agency (``stats.integrated_figures``).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import TenantModel, TenantPublishable, TenantQuerySet
from portal import classified, periods
from portal.fields import FoldedTextField
from portal.uploads import DocumentField

from .parsers import MappingError, check_mapping
from .sources import check_url


class Frequency(models.TextChoices):
    MONTH = periods.MONTH, _("Tháng")
    QUARTER = periods.QUARTER, _("Quý")
    YEAR = periods.YEAR, _("Năm")


class Group(models.TextChoices):
    ECONOMY = "kinh-te", _("Kinh tế tổng hợp")
    INDUSTRY = "cong-nghiep", _("Công nghiệp, xây dựng")
    AGRICULTURE = "nong-nghiep", _("Nông nghiệp, thủy sản")
    TRADE = "thuong-mai", _("Thương mại, dịch vụ, xuất nhập khẩu")
    PRICES = "gia-ca", _("Giá cả")
    INVESTMENT = "dau-tu", _("Đầu tư")
    BUDGET = "ngan-sach", _("Tài chính, ngân sách")
    SOCIETY = "xa-hoi", _("Văn hóa, xã hội")


class Direction(models.TextChoices):
    UP = "up", _("Tăng là tốt")
    DOWN = "down", _("Giảm là tốt")
    NEUTRAL = "neutral", _("Không đánh giá tốt/xấu")


class ChangeKind(models.TextChoices):
    PERCENT = "percent", _("Tăng/giảm % so với cùng kỳ (chỉ tiêu giá trị, số lượng)")
    POINTS = "points", _("Chênh lệch điểm % so với cùng kỳ (chỉ tiêu tỷ lệ, chỉ số)")
    NONE = "none", _("Không so sánh")


class Chart(models.TextChoices):
    COLUMNS = "columns", _("Biểu đồ cột")
    LINE = "line", _("Biểu đồ đường")


CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_.-]+$", _("Mã chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới."))


def unit_key(unit: str | None) -> str:
    """Units compared without case, spaces or diacritics: "Tỷ đồng" == "tỷ  đồng"."""
    from portal.text import fold

    return re.sub(r"\s+", "", fold(unit or ""))


class IndicatorQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_active=True)


class Indicator(models.Model):
    code = models.CharField(_("mã chỉ tiêu"), max_length=40, unique=True, validators=[CODE_VALIDATOR],
                            help_text=_("Mã dùng trong mọi nguồn dữ liệu, ví dụ IIP, BLHH, GRDP_Q."))
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=40,
                            help_text=_("Ví dụ: %, tỷ đồng, triệu USD, nghìn tấn, nghìn lượt."))
    frequency = models.CharField(_("kỳ báo cáo"), max_length=10, choices=Frequency.choices)
    group = models.CharField(_("nhóm"), max_length=20, choices=Group.choices, default=Group.ECONOMY)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=1,
                                                validators=[MaxValueValidator(4)])
    direction = models.CharField(_("chiều đánh giá"), max_length=10, choices=Direction.choices,
                                 default=Direction.UP)
    change_kind = models.CharField(_("so với cùng kỳ"), max_length=10, choices=ChangeKind.choices,
                                   default=ChangeKind.PERCENT,
                                   help_text=_("Cách tính mức thay đổi so với cùng kỳ năm trước "
                                               "khi nguồn không cho sẵn."))
    chart = models.CharField(_("kiểu biểu đồ"), max_length=10, choices=Chart.choices, default=Chart.COLUMNS)
    is_main = models.BooleanField(_("chỉ tiêu chủ yếu"), default=False,
                                  help_text=_("Hiện thành thẻ trên trang tổng hợp và trang chủ của tỉnh."))
    order = models.PositiveIntegerField(_("thứ tự"), default=100)
    description = models.TextField(_("mô tả"), blank=True)
    method_note = models.TextField(_("phương pháp tính"), blank=True)
    is_active = models.BooleanField(_("đang sử dụng"), default=True,
                                    help_text=_("Chỉ tiêu ngừng sử dụng không hiện trên cổng "
                                                "và không nhận số liệu mới."))

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("danh mục chỉ tiêu")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} — {self.name} ({self.unit}, {self.get_frequency_display().lower()})"


class ObservationQuerySet(TenantQuerySet):
    def public(self):
        """Figures that may be shown: those of indicators still in use."""
        return self.filter(indicator__is_active=True)

    def latest_per_indicator(self):
        """For each indicator, the row of its latest period (within the current filter)."""
        latest = (Observation.objects.filter(agency_id=OuterRef("agency_id"), indicator_id=OuterRef("indicator_id"))
                  .order_by("-period").values("period")[:1])
        return self.filter(period=Subquery(latest))


class Observation(TenantModel):
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT,
                                  related_name="observations")
    period = models.DateField(_("kỳ (ngày đầu kỳ)"))
    value = models.DecimalField(_("số liệu của kỳ"), max_digits=20, decimal_places=4)
    cumulative_value = models.DecimalField(_("lũy kế từ đầu năm"), max_digits=20, decimal_places=4, null=True,
                                           blank=True)
    change_yoy = models.DecimalField(
        _("so với cùng kỳ năm trước"), max_digits=12, decimal_places=4, null=True, blank=True,
        help_text=_("Theo cách so sánh của chỉ tiêu (% hoặc điểm %); để trống để cổng tự tính từ số liệu năm trước."))
    is_estimate = models.BooleanField(_("số ước tính"), default=False)
    source_name = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)
    feed = models.ForeignKey("Source", verbose_name=_("nguồn đồng bộ"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="observations", editable=False)
    fetched_at = models.DateTimeField(_("thời điểm lấy số liệu"))

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["indicator__order", "indicator__code", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "agency", "period"], name="ktxh_one_figure_per_period"),
        ]
        indexes = [models.Index(fields=["agency", "indicator", "period"], name="ktxh_obs_agency_ind_period")]

    def __str__(self):
        return f"{self.indicator.code} — {self.period_label}"

    @property
    def period_label(self) -> str:
        return periods.label(self.period, self.indicator.frequency)

    @property
    def period_short(self) -> str:
        return periods.short_label(self.period, self.indicator.frequency)

    def clean(self):
        super().clean()
        errors = classified.refuse_fields(self, ("source_name",))  # shown as "Nguồn: …" on the page
        if self.indicator_id and self.period and not periods.fits(self.period, self.indicator.frequency):
            errors["period"] = _("Kỳ không khớp với kỳ báo cáo của chỉ tiêu.")
        if errors:
            raise ValidationError(errors)


class IntegratedGroup(TenantModel):
    """A group of the province's indicators shown on an agency's page as its field (Sở Y tế → Văn hóa,
    xã hội), integrated from the provincial figures. Superusers decide; the agency's staff may read."""

    group = models.CharField(_("nhóm chỉ tiêu"), max_length=20, choices=Group.choices)

    class Meta:
        verbose_name = _("nhóm chỉ tiêu tích hợp")
        verbose_name_plural = _("nhóm chỉ tiêu tích hợp theo cơ quan")
        ordering = ["agency__order", "agency__name", "group"]
        constraints = [models.UniqueConstraint(fields=["agency", "group"], name="ktxh_one_group_per_agency")]

    def __str__(self):
        return f"{self.agency} — {self.get_group_display()}"


# The fields a feed row sets; comparing them tells "updated" from "unchanged".
OBSERVATION_VALUE_FIELDS = ("value", "cumulative_value", "change_yoy", "is_estimate", "source_name")


class Source(TenantModel):
    class Kind(models.TextChoices):
        JSONSTAT = "jsonstat", _("PX-Web JSON-stat 2")
        CSV = "csv", _("CSV")
        JSON = "json", _("JSON theo mẫu của cổng")

    name = models.CharField(_("tên nguồn"), max_length=200)
    kind = models.CharField(_("định dạng"), max_length=10, choices=Kind.choices)
    url = models.CharField(_("địa chỉ"), max_length=500,
                           help_text=_("Địa chỉ http(s) của bảng số liệu (ví dụ API PX-Web trả về JSON-stat 2)."))
    mapping = models.JSONField(_("ánh xạ"), default=dict, blank=True,
                               help_text=_("Cách các chiều và mã của nguồn khớp với chỉ tiêu, kỳ và số liệu của cổng "
                                           "(xem hướng dẫn bên dưới)."))
    source_name = models.CharField(_("ghi nguồn trên cổng"), max_length=255, blank=True,
                                   help_text=_("Ví dụ: Cục Thống kê tỉnh Vĩnh Long. Để trống để dùng tên nguồn."))
    timeout = models.PositiveSmallIntegerField(_("thời gian chờ tối đa (giây)"), default=20,
                                               validators=[MaxValueValidator(120)])
    enabled = models.BooleanField(_("đang bật"), default=True)
    # Run state: written with queryset.update() by sync.py (no history noise), read-only in the admin.
    last_run_at = models.DateTimeField(_("lần chạy gần nhất"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("lần thành công gần nhất"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("lỗi lần chạy gần nhất"), blank=True, editable=False)
    last_report = models.JSONField(_("kết quả lần chạy gần nhất"), default=dict, blank=True, editable=False)
    # One run per source at a time: a lease taken by an atomic conditional UPDATE (works on every
    # database), checked again under a row lock before anything is written.
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("nguồn dữ liệu")
        verbose_name_plural = _("nguồn dữ liệu (đồng bộ)")
        ordering = ["agency__order", "name"]

    def __str__(self):
        return self.name

    @property
    def display_source_name(self) -> str:
        return self.source_name or self.name

    @property
    def failed(self) -> bool:
        return bool(self.last_error)

    def clean(self):
        super().clean()
        errors = classified.refuse_fields(self, ("name", "source_name"))
        try:
            check_mapping(self.kind, self.mapping)
        except MappingError as error:
            errors["mapping"] = str(error)
        try:
            check_url(self.url)
        except ValueError as error:
            errors["url"] = str(error)
        if errors:
            raise ValidationError(errors)


class Report(TenantPublishable):
    title = models.CharField(_("tiêu đề"), max_length=300)
    frequency = models.CharField(_("loại báo cáo"), max_length=10, choices=Frequency.choices)
    period = models.DateField(_("kỳ báo cáo (ngày đầu kỳ)"))
    summary = models.TextField(_("tóm tắt"), blank=True)
    file = DocumentField(_("tệp báo cáo"), blank=True)
    search_text = FoldedTextField(sources=["title", "summary"])

    class Meta:
        verbose_name = _("báo cáo KT-XH")
        verbose_name_plural = _("báo cáo tình hình KT-XH")
        ordering = ["-period", "-published_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status", "published_at"], name="ktxh_report_public")]

    def __str__(self):
        return self.title

    @property
    def period_label(self) -> str:
        return periods.label(self.period, self.frequency)

    def get_absolute_url(self):
        return self.agency.reverse("ktxh_sync:report_detail", pk=self.pk)

    def clean(self):
        super().clean()
        errors = {}
        if self.period and self.frequency and not periods.fits(self.period, self.frequency):
            errors["period"] = _("Kỳ không khớp với loại báo cáo.")
        # The one classified check: a stamp in the title or the summary refuses the report.
        errors.update(classified.refuse_fields(self, ("title", "summary")))
        if errors:
            raise ValidationError(errors)

