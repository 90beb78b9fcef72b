"""Section 4: administrative procedures (Decree 63/2010 as amended by 92/2017), their forms, and the
legal documents they rest on.

A procedure is one record of the national procedures database as the agency carries it out: its
parts follow the Decree (steps, ways of submitting with time limit and fee per channel, dossier,
applicants, implementing body, result, conditions, legal basis, forms). Legal documents are the
agency's own list of the normative and administrative documents its procedures cite.
"""

from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import TenantModel, TenantPublishable, TenantPublishableQuerySet
from portal import classified, doctypes
from portal.fields import FoldedTextField, RichTextField
from portal.uploads import DocumentField


# --- vocabularies ------------------------------------------------------------------------------
class Level(models.TextChoices):
    PROVINCE = "tinh", _("Cấp tỉnh")
    COMMUNE = "xa", _("Cấp xã")


class ChannelKind(models.TextChoices):
    # In the order of the national portal's channel codes (KENH 1, 2, 3).
    DIRECT = "truc-tiep", _("Trực tiếp")
    ONLINE = "truc-tuyen", _("Trực tuyến")
    POSTAL = "buu-chinh", _("Bưu chính")


class Applicant(models.TextChoices):
    """Who may apply (đối tượng thực hiện), as the national portal lists them."""

    CITIZEN = "cong-dan", _("Công dân Việt Nam")
    OVERSEAS_VIETNAMESE = "nguoi-viet-nam-o-nuoc-ngoai", _("Người Việt Nam định cư ở nước ngoài")
    FOREIGNER = "nguoi-nuoc-ngoai", _("Người nước ngoài")
    CIVIL_SERVANT = "can-bo-cong-chuc", _("Cán bộ, công chức, viên chức")
    ENTERPRISE = "doanh-nghiep", _("Doanh nghiệp")
    FOREIGN_INVESTED = "doanh-nghiep-von-nuoc-ngoai", _("Doanh nghiệp có vốn đầu tư nước ngoài")
    COOPERATIVE = "hop-tac-xa", _("Hợp tác xã")
    HOUSEHOLD_BUSINESS = "ho-kinh-doanh", _("Hộ kinh doanh")
    ORGANIZATION = "to-chuc", _("Tổ chức (trừ doanh nghiệp, hợp tác xã)")
    FOREIGN_ORGANIZATION = "to-chuc-nuoc-ngoai", _("Tổ chức nước ngoài")


# Document types: the one vocabulary of portal/doctypes.py (legal normative and administrative).
DOCUMENT_TYPE_CHOICES = doctypes.GROUPED_CHOICES


class Validity(models.TextChoices):
    IN_FORCE = "con-hieu-luc", _("Còn hiệu lực")
    PARTLY_LAPSED = "het-mot-phan", _("Hết hiệu lực một phần")
    LAPSED = "het-hieu-luc", _("Hết hiệu lực")


# --- a multiple choice stored as ",a,b," so that ``__contains=",a,"`` filters on any database ------
class MultipleChoiceField(models.CharField):
    """A list of choice keys in one column: portable, indexable, no join to filter on."""

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        return [part for part in value.split(",") if part]

    def get_prep_value(self, value):
        if isinstance(value, str):  # a lookup value such as ",cong-dan,"
            return value
        order = [key for key, _label in self.choices or []]
        keys = sorted(set(value or []), key=lambda k: order.index(k) if k in order else len(order))
        return f",{','.join(keys)}," if keys else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {key for key, _label in self.choices or []}
        unknown = [v for v in value or [] if v not in allowed]
        if unknown:
            raise ValidationError(_("Giá trị không hợp lệ: %(values)s."), params={"values": ", ".join(unknown)},
                                  code="invalid_choice")
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices, required=not self.blank, label=self.verbose_name,
            help_text=self.help_text, widget=forms.CheckboxSelectMultiple, **{
                k: v for k, v in kwargs.items() if k in ("initial", "disabled")})

    def get_choices_labels(self, keys):
        labels = dict(self.choices or [])
        return [labels.get(key, key) for key in keys]


# --- fields (lĩnh vực) -------------------------------------------------------------------------
class Sector(TenantModel):
    """A field (lĩnh vực) of the agency's procedures, with the code of the national database."""

    code = models.CharField(_("mã lĩnh vực"), max_length=30,
                            help_text=_("Mã theo Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ G09-TP04."))
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="procedures_sector_code_per_agency",
                                    violation_error_message=_("Cơ quan đã có lĩnh vực với mã này.")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip()
        # Checked here as well as by the constraint: the admin form leaves ``agency`` out of its own
        # uniqueness checks once the agency is read-only.
        if self.agency_id and self.code and Sector.objects.filter(
                agency_id=self.agency_id, code__iexact=self.code).exclude(pk=self.pk).exists():
            raise ValidationError({"code": _("Cơ quan đã có lĩnh vực với mã này.")})


# --- legal documents -------------------------------------------------------------------------
class SearchableQuerySet(TenantPublishableQuerySet):
    def search(self, query):
        """Rows whose folded search text holds every folded word of ``query``."""
        from portal.text import search_terms

        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_text__contains=term)
        return queryset


class LegalDocumentQuerySet(SearchableQuerySet):
    pass


def _file_facts(instance) -> None:
    """Remember a file's size and type at save time, so lists never stat the storage."""
    file = instance.file
    if file:
        try:
            instance.file_size = file.size
        except OSError:
            instance.file_size = 0
        instance.file_type = PurePosixPath(file.name).suffix.lstrip(".").upper()[:10]
    else:
        instance.file_size, instance.file_type = 0, ""


class LegalDocument(TenantPublishable):
    """A legal normative or administrative document (văn bản pháp luật) cited by procedures."""

    doc_type = models.CharField(_("loại văn bản"), max_length=doctypes.KEY_LENGTH, choices=DOCUMENT_TYPE_CHOICES)
    number = models.CharField(_("số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 63/2010/NĐ-CP."))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, help_text=_("Ví dụ: Chính phủ."))
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    validity = models.CharField(_("tình trạng hiệu lực"), max_length=20, choices=Validity.choices,
                                default=Validity.IN_FORCE)
    lapsed_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True,
                                 help_text=_("Bắt buộc khi văn bản hết hiệu lực toàn bộ hoặc một phần."))
    summary = models.TextField(_("trích yếu"))
    file = DocumentField(_("tệp văn bản"), blank=True)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    file_type = models.CharField(max_length=10, blank=True, editable=False)
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="legal_documents")
    # The year of issue: numbers restart every 1 January, so number + issuer + year is the identity.
    year = models.PositiveSmallIntegerField(_("năm ban hành"), editable=False, db_index=True)
    search_text = FoldedTextField(sources=["number", "summary", "issuer"])

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản pháp luật")
        verbose_name_plural = _("văn bản pháp luật")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "issuer", "number", "year"], name="procedures_document_number_per_issuer_year",
                violation_error_message=_("Cơ quan ban hành này đã có văn bản cùng số, ký hiệu trong năm."),
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "published_at"], name="procedures_doc_public")]

    def __str__(self):
        return f"{self.type_name} {self.number}"

    @property
    def type_name(self) -> str:
        return doctypes.title_name(self.doc_type) or self.get_doc_type_display()

    @property
    def title(self) -> str:
        return f"{self.type_name} số {self.number} ngày {self.issued_on:%d/%m/%Y} của {self.issuer}"

    def clean(self):
        super().clean()
        self.number = " ".join((self.number or "").split())
        self.issuer = " ".join((self.issuer or "").split())
        if self.issued_on:
            self.year = self.issued_on.year
        errors = {}
        if self.validity != Validity.IN_FORCE and not self.lapsed_on:
            errors["lapsed_on"] = _("Hãy ghi ngày hết hiệu lực.")
        if self.validity == Validity.IN_FORCE and self.lapsed_on:
            errors["lapsed_on"] = _("Văn bản còn hiệu lực thì không có ngày hết hiệu lực.")
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("Ngày có hiệu lực không thể trước ngày ban hành.")
        errors.update(classified.refuse_fields(self, ("summary", "number", "signer")))
        if self.agency_id and self.issued_on and self.number and LegalDocument.objects.filter(
                agency_id=self.agency_id, issuer__iexact=self.issuer, number__iexact=self.number,
                year=self.issued_on.year).exclude(pk=self.pk).exists():
            errors["number"] = _("%(issuer)s đã có văn bản số %(number)s trong năm %(year)s.") % {
                "issuer": self.issuer, "number": self.number, "year": self.issued_on.year}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.issued_on:
            self.year = self.issued_on.year
        _file_facts(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.agency.reverse("procedures:document_detail", pk=self.pk)


# --- procedures ------------------------------------------------------------------------------
class ProcedureQuerySet(SearchableQuerySet):
    def active(self, today=None):
        """Not abolished (an abolition dated in the future has not happened yet)."""
        today = today or timezone.localdate()
        return self.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=today))

    def abolished(self, today=None):
        return self.filter(abolished_on__lte=today or timezone.localdate())


class Procedure(TenantPublishable):
    code = models.CharField(
        _("mã thủ tục"), max_length=30, blank=True,
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.004227; không trùng trong cơ quan."),
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT,
                               related_name="procedures")
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    steps = RichTextField(_("trình tự thực hiện"), blank=True)
    dossier = RichTextField(_("thành phần hồ sơ"), blank=True)
    dossier_copies = models.PositiveSmallIntegerField(_("số lượng hồ sơ (bộ)"), default=1)
    applicants = MultipleChoiceField(_("đối tượng thực hiện"), max_length=255, choices=Applicant.choices,
                                     blank=True, default=list)
    body = models.CharField(_("cơ quan thực hiện"), max_length=500, blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    conditions = RichTextField(_("yêu cầu, điều kiện thực hiện"), blank=True)
    legal_documents = models.ManyToManyField(LegalDocument, through="LegalBasis", blank=True,
                                             verbose_name=_("văn bản làm căn cứ"), related_name="procedures")
    legal_basis_text = models.TextField(
        _("căn cứ pháp lý khác"), blank=True,
        help_text=_("Các căn cứ chưa có trong danh sách văn bản, mỗi căn cứ một dòng."))
    online_url = models.URLField(_("địa chỉ dịch vụ công trực tuyến"), max_length=500, blank=True)
    related = models.ManyToManyField("self", symmetrical=False, blank=True, verbose_name=_("thủ tục liên quan"),
                                     related_name="+")
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    abolished_on = models.DateField(_("ngày bãi bỏ"), null=True, blank=True,
                                    help_text=_("Thủ tục bị bãi bỏ chỉ còn hiện trong danh sách “đã bãi bỏ”."))
    abolition_decision = models.CharField(_("quyết định bãi bỏ"), max_length=255, blank=True,
                                          help_text=_("Ví dụ: Quyết định số 123/QĐ-UBND ngày 01/7/2025 của UBND tỉnh."))
    # Summaries of the channel table, kept by Channel.save()/delete(), for sorting and filtering.
    min_days = models.DecimalField(_("thời hạn ngắn nhất (ngày làm việc)"), max_digits=5, decimal_places=1,
                                   null=True, blank=True, editable=False)
    has_online = models.BooleanField(_("có nộp trực tuyến"), default=False, editable=False, db_index=True)
    search_text = FoldedTextField(sources=["name", "code"])

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], condition=~Q(code=""),
                                    name="procedures_code_unique_per_agency",
                                    violation_error_message=_("Cơ quan đã có thủ tục với mã này.")),
        ]
        indexes = [models.Index(fields=["agency", "status", "published_at"], name="procedures_public")]

    def __str__(self):
        return f"{self.code} — {self.name}" if self.code else self.name

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip()
        errors = {}
        if self.abolished_on and not self.abolition_decision.strip():
            errors["abolition_decision"] = _("Hãy ghi quyết định bãi bỏ thủ tục.")
        if self.abolition_decision.strip() and not self.abolished_on:
            errors["abolished_on"] = _("Hãy ghi ngày bãi bỏ.")
        if self.agency_id and self.code and Procedure.objects.filter(
                agency_id=self.agency_id, code__iexact=self.code).exclude(pk=self.pk).exists():
            errors["code"] = _("Cơ quan đã có thủ tục mã %(code)s.") % {"code": self.code}
        if errors:
            raise ValidationError(errors)

    @property
    def is_abolished(self) -> bool:
        return self.abolished_on is not None and self.abolished_on <= timezone.localdate()

    def applicant_labels(self):
        return self._meta.get_field("applicants").get_choices_labels(self.applicants)

    def legal_basis_lines(self):
        return [line.strip() for line in self.legal_basis_text.splitlines() if line.strip()]

    def get_absolute_url(self):
        return self.agency.reverse("procedures:procedure_detail", pk=self.pk)

    def refresh_channel_summary(self):
        refresh_channel_summary([self.pk])


def refresh_channel_summary(procedure_ids) -> None:
    """Recompute ``min_days`` and ``has_online`` of procedures from their channel rows."""
    rows = (Channel.objects.filter(procedure_id__in=procedure_ids).order_by().values("procedure_id")
            .annotate(days=Min("working_days"),
                      online=Max(models.Case(models.When(kind=ChannelKind.ONLINE, then=1), default=0))))
    found = {row["procedure_id"]: row for row in rows}
    groups = {}
    for pk in procedure_ids:
        row = found.get(pk, {})
        groups.setdefault((row.get("days"), bool(row.get("online"))), []).append(pk)
    for (days, online), pks in groups.items():
        for start in range(0, len(pks), 500):
            Procedure.objects.filter(pk__in=pks[start:start + 500]).update(min_days=days, has_online=online)


class Channel(TenantModel):
    """One way of submitting (cách thức thực hiện): its time limit, fee and description."""
    public_parent = "procedure"  # public with its procedure (agencies/cache.py is_publicly_visible)

    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE,
                                  related_name="channels")
    kind = models.CharField(_("hình thức nộp"), max_length=12, choices=ChannelKind.choices)
    time_limit = models.CharField(_("thời hạn giải quyết"), max_length=500,
                                  help_text=_("Ví dụ: 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."))
    working_days = models.DecimalField(_("số ngày làm việc"), max_digits=5, decimal_places=1, null=True,
                                       blank=True, help_text=_("Để sắp xếp và lọc; 0,5 là nửa ngày."))
    fee = models.CharField(_("phí, lệ phí"), max_length=500, blank=True,
                           help_text=_("Ví dụ: Lệ phí 50.000 đồng/giấy phép; để trống nếu không thu."))
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["procedure", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "kind"], name="procedures_one_row_per_channel",
                                    violation_error_message=_("Mỗi hình thức nộp chỉ ghi một dòng.")),
        ]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        super().clean()
        if self.working_days is not None and self.working_days < Decimal("0"):
            raise ValidationError({"working_days": _("Số ngày làm việc không thể âm.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_channel_summary([self.procedure_id])

    def delete(self, *args, **kwargs):
        procedure_id = self.procedure_id
        result = super().delete(*args, **kwargs)
        refresh_channel_summary([procedure_id])
        return result


class FormTemplate(TenantModel):
    """A form or declaration (mẫu đơn, tờ khai) to download with a procedure."""
    public_parent = "procedure"  # public with its procedure (agencies/cache.py is_publicly_visible)

    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE,
                                  related_name="forms")
    title = models.CharField(_("tên mẫu đơn, tờ khai"), max_length=500)
    file = DocumentField(_("tệp"))
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    file_type = models.CharField(max_length=10, blank=True, editable=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mẫu đơn, tờ khai")
        verbose_name_plural = _("mẫu đơn, tờ khai")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        _file_facts(self)
        super().save(*args, **kwargs)


class LegalBasis(TenantModel):
    """A legal document a procedure rests on, with the article when useful."""
    public_parent = "procedure"  # public with its procedure (agencies/cache.py is_publicly_visible)

    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE,
                                  related_name="legal_bases")
    document = models.ForeignKey(LegalDocument, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                 related_name="legal_bases")
    note = models.CharField(_("điều, khoản"), max_length=255, blank=True, help_text=_("Ví dụ: Điều 5, khoản 2."))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "document"], name="procedures_cite_document_once",
                                    violation_error_message=_("Văn bản này đã có trong căn cứ pháp lý.")),
        ]

    def __str__(self):
        return str(self.document)


def today() -> date:
    return timezone.localdate()
