"""Two-way channels of an agency's portal: questions and answers, drafts for comment, requests for
information (Law on Access to Information 2016), the list of information to disclose, and plans.

Contact details (e-mail, phone, address, ID number) live only in fields named in ``CONTACT_FIELDS``
of each model: no public template, feed, sitemap, search text or export reads them, and
``retention.erase_expired_contacts`` blanks them (history rows included) once the item is closed for
longer than the retention period.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import TenantModel, TenantPublishable, TenantPublishableQuerySet
from portal.fields import FoldedTextField, RichTextField
from portal.uploads import DocumentField

from . import conf
from .workdays import add_working_days, working_days_between


def local_today():
    return timezone.localdate()


# --- questions and answers ------------------------------------------------------------------------
class QuestionQuerySet(TenantPublishableQuerySet):
    def late(self, today=None):
        """Not answered (not published) and past the due date."""
        from portal.publishing import Status

        return self.exclude(status=Status.PUBLISHED).filter(answered_at__isnull=True,
                                                            due_on__lt=today or local_today())


class Question(TenantPublishable):
    """A citizen's question; the answer goes through the workflow (editor drafts, approver publishes)."""

    CONTACT_FIELDS = ("email", "phone")

    topic = models.CharField(_("chủ đề"), max_length=200)
    question = models.TextField(_("nội dung câu hỏi"))
    asker_name = models.CharField(_("họ và tên người hỏi"), max_length=150)
    anonymous = models.BooleanField(_("ẩn tên trên trang công khai"), default=False)
    email = models.EmailField(_("thư điện tử người hỏi"), blank=True)
    phone = models.CharField(_("điện thoại người hỏi"), max_length=20, blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now, editable=False)
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True, help_text=_(
        "Tự tính theo ngày làm việc khi nhận câu hỏi."))
    answer = RichTextField(_("nội dung trả lời"), blank=True)
    answered_by_unit = models.CharField(_("đơn vị trả lời"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(_("đã báo người hỏi lúc"), null=True, blank=True, editable=False)
    contact_erased_at = models.DateTimeField(_("đã xoá thông tin liên hệ lúc"), null=True, blank=True,
                                             editable=False)
    search_text = FoldedTextField(sources=["topic", "question", "answer"])

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("hỏi đáp")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "status", "published_at"], name="question_public_idx")]

    def __str__(self):
        return self.topic

    def save(self, *args, **kwargs):
        if self.due_on is None:
            received = timezone.localtime(self.received_at).date()
            self.due_on = add_working_days(received, conf.get("PARTICIPATION_ANSWER_WORKING_DAYS"))
        super().save(*args, **kwargs)

    @property
    def public_name(self):
        return _("Người hỏi giấu tên") if self.anonymous else self.asker_name

    def get_absolute_url(self):
        return self.agency.reverse("participation:question_detail", pk=self.pk)

    @property
    def is_late(self):
        return self.answered_at is None and self.due_on is not None and self.due_on < local_today()


# --- drafts for comment ---------------------------------------------------------------------------
class Consultation(TenantPublishable):
    """A draft document posted for public comment, then the summary of comments and responses."""

    title = models.CharField(_("tên dự thảo"), max_length=300)
    summary = models.TextField(_("tóm tắt nội dung"))
    drafting_unit = models.CharField(_("đơn vị chủ trì soạn thảo"), max_length=200)
    opens_on = models.DateField(_("lấy ý kiến từ ngày"))
    closes_on = models.DateField(_("đến hết ngày"))
    draft_file = DocumentField(_("tệp dự thảo"))
    statement_file = DocumentField(_("tờ trình hoặc tài liệu kèm theo"), blank=True)
    response_summary = RichTextField(_("bản tổng hợp, tiếp thu, giải trình ý kiến"), blank=True, help_text=_(
        "Đăng sau khi hết thời gian lấy ý kiến: ý kiến nhận được, ý kiến được tiếp thu và giải trình."))
    response_file = DocumentField(_("tệp bản tổng hợp, tiếp thu, giải trình"), blank=True)
    response_published_at = models.DateTimeField(_("công bố bản tổng hợp lúc"), null=True, blank=True,
                                                 editable=False)
    search_text = FoldedTextField(sources=["title", "summary", "drafting_unit"])

    class Meta:
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["agency", "status", "closes_on"], name="consultation_public_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.opens_on and self.closes_on:
            days = (self.closes_on - self.opens_on).days + 1
            minimum = conf.get("PARTICIPATION_MIN_COMMENT_DAYS")
            if days < minimum:
                raise ValidationError({"closes_on": _(
                    "Thời gian lấy ý kiến phải ít nhất %(min)d ngày (đang là %(days)d ngày).") % {
                    "min": minimum, "days": days}})

    def save(self, *args, **kwargs):
        if (self.response_summary or self.response_file) and self.response_published_at is None:
            self.response_published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.agency.reverse("participation:consultation_detail", pk=self.pk)

    def state(self, today=None):
        today = today or local_today()
        if today < self.opens_on:
            return "upcoming"
        if today <= self.closes_on:
            return "open"
        return "summarised" if self.response_published_at else "closed"

    def days_left(self, today=None):
        return (self.closes_on - (today or local_today())).days + 1

    @property
    def summary_due_on(self):
        return self.closes_on + timedelta(days=conf.get("PARTICIPATION_SUMMARY_DAYS"))


class Comment(TenantModel):
    """A comment on a draft, shown once a moderator approves it (pre-moderation, see the docs)."""
    public_when = ("moderation", "approved")  # only approved comments show (agencies/cache.py)

    CONTACT_FIELDS = ("contact",)

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Chờ kiểm duyệt")
        APPROVED = "approved", _("Đã duyệt, hiển thị công khai")
        REJECTED = "rejected", _("Không hiển thị")

    consultation = models.ForeignKey(Consultation, verbose_name=_("dự thảo"), on_delete=models.CASCADE,
                                     related_name="comments")
    name = models.CharField(_("họ và tên"), max_length=150)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=200, blank=True)
    contact = models.CharField(_("thư điện tử hoặc điện thoại"), max_length=254)
    text = models.TextField(_("nội dung góp ý"))
    attachment = DocumentField(_("tệp đính kèm"), blank=True)
    moderation = models.CharField(_("kiểm duyệt"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.PENDING)
    moderation_reason = models.TextField(_("lý do không hiển thị"), blank=True, help_text=_(
        "Bắt buộc khi không hiển thị góp ý (ví dụ: lời lẽ xúc phạm, quảng cáo, không liên quan)."))
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người kiểm duyệt"), null=True,
                                     blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(_("kiểm duyệt lúc"), null=True, blank=True, editable=False)
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now, editable=False)
    contact_erased_at = models.DateTimeField(_("đã xoá thông tin liên hệ lúc"), null=True, blank=True,
                                             editable=False)

    class Meta:
        verbose_name = _("góp ý dự thảo")
        verbose_name_plural = _("góp ý dự thảo")
        ordering = ["received_at", "pk"]

    def __str__(self):
        return _("Góp ý của %(name)s") % {"name": self.name}

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.moderation == self.Moderation.REJECTED and not self.moderation_reason.strip():
            raise ValidationError({"moderation_reason": _("Hãy ghi lý do không hiển thị góp ý này.")})


# --- access to information -------------------------------------------------------------------------
def new_tracking_code():
    return "TCTT-" + secrets.token_hex(4).upper()


class InformationRequest(TenantModel):
    """A request for information (Phiếu yêu cầu cung cấp thông tin, Decree 13/2018 form 01a)."""
    # Handled privately; only counts on the review dashboard (agencies/cache.py is_publicly_visible).
    publicly_visible = False

    CONTACT_FIELDS = ("id_number", "address", "phone", "email")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        PROCESSING = "processing", _("Đang xử lý")
        EXTENDED = "extended", _("Đã gia hạn")
        PROVIDED = "provided", _("Đã cung cấp thông tin")
        REFUSED = "refused", _("Từ chối cung cấp")

    class Complexity(models.TextChoices):
        SIMPLE = "simple", _("Thông tin đơn giản, có sẵn")
        COMPLEX = "complex", _("Thông tin phức tạp, cần tập hợp hoặc hỏi ý kiến")

    class Delivery(models.TextChoices):
        AT_OFFICE = "tru-so", _("Đọc, xem, nghe, ghi chép, sao chép, chụp tại trụ sở")
        ELECTRONIC = "dien-tu", _("Nhận qua mạng điện tử (thư điện tử)")
        POST = "buu-chinh", _("Nhận qua dịch vụ bưu chính")
        FAX = "fax", _("Nhận qua fax")

    CLOSED = (Status.PROVIDED, Status.REFUSED)

    tracking_code = models.CharField(_("mã tra cứu"), max_length=20, unique=True, default=new_tracking_code,
                                     editable=False)
    full_name = models.CharField(_("họ và tên người yêu cầu"), max_length=150)
    id_number = models.CharField(_("số định danh cá nhân / CCCD / hộ chiếu"), max_length=20)
    address = models.CharField(_("nơi cư trú"), max_length=300)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    information = models.TextField(_("thông tin yêu cầu cung cấp"), help_text=_(
        "Tên văn bản, hồ sơ, tài liệu; số, ký hiệu, ngày ban hành, cơ quan ban hành nếu biết."))
    purpose = models.TextField(_("mục đích yêu cầu cung cấp thông tin"))
    delivery = models.CharField(_("hình thức cung cấp thông tin"), max_length=10, choices=Delivery.choices,
                                default=Delivery.ELECTRONIC)
    copies = models.PositiveSmallIntegerField(_("số lượng bản"), default=1)
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now, editable=False)
    complexity = models.CharField(_("loại thông tin"), max_length=10, choices=Complexity.choices,
                                  default=Complexity.COMPLEX)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    due_on = models.DateField(_("hạn cung cấp"), null=True, blank=True, editable=False)
    extended_until = models.DateField(_("gia hạn đến"), null=True, blank=True, editable=False)
    extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    response = models.TextField(_("nội dung trả lời, thông tin được cung cấp"), blank=True)
    response_file = DocumentField(_("tệp thông tin cung cấp"), blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True, editable=False)
    contact_erased_at = models.DateTimeField(_("đã xoá thông tin liên hệ lúc"), null=True, blank=True,
                                             editable=False)

    class Meta:
        verbose_name = _("yêu cầu cung cấp thông tin")
        verbose_name_plural = _("yêu cầu cung cấp thông tin")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.tracking_code} — {self.full_name}"

    def save(self, *args, **kwargs):
        self.due_on = self.compute_due_on()
        super().save(*args, **kwargs)

    def compute_due_on(self):
        from .deadlines import request_due_on

        return request_due_on(timezone.localtime(self.received_at).date(), self.complexity)

    @property
    def deadline(self):
        return self.extended_until or self.due_on

    @property
    def is_closed(self):
        return self.status in self.CLOSED

    def working_days_left(self, today=None):
        return working_days_between(today or local_today(), self.deadline)

    @property
    def is_overdue(self):
        return not self.is_closed and self.deadline < local_today()


class DisclosureItem(TenantPublishable):
    """One line of the agency's list of information that must be disclosed (Law 2016, article 17)."""

    title = models.CharField(_("nhóm thông tin"), max_length=300)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True,
                                   help_text=_("Ví dụ: điểm a khoản 1 Điều 17 Luật Tiếp cận thông tin."))
    disclosure_form = models.CharField(_("hình thức công khai"), max_length=200, blank=True,
                                       help_text=_("Ví dụ: đăng trên trang thông tin điện tử, niêm yết tại trụ sở."))
    location = models.URLField(_("đường dẫn tới thông tin"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thông tin phải công khai")
        verbose_name_plural = _("danh mục thông tin phải công khai")
        ordering = ["agency", "order", "pk"]

    def __str__(self):
        return self.title


# --- plans and programmes ----------------------------------------------------------------------------
class Plan(TenantPublishable):
    """A plan, programme or scheme (kế hoạch, chương trình, đề án; Decree 42/2022)."""

    class Kind(models.TextChoices):
        PLAN = "ke-hoach", _("Kế hoạch")
        PROGRAMME = "chuong-trinh", _("Chương trình")
        SCHEME = "de-an", _("Đề án")

    class Progress(models.TextChoices):
        IN_PROGRESS = "dang-thuc-hien", _("Đang thực hiện")
        DONE = "da-hoan-thanh", _("Đã hoàn thành")
        STOPPED = "dung-thuc-hien", _("Dừng thực hiện")

    title = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(_("loại"), max_length=14, choices=Kind.choices, default=Kind.PLAN)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    progress = models.CharField(_("tình trạng thực hiện"), max_length=16, choices=Progress.choices,
                                default=Progress.IN_PROGRESS)
    summary = models.TextField(_("tóm tắt"), blank=True)
    file = DocumentField(_("tệp văn bản"), blank=True)
    search_text = FoldedTextField(sources=["title", "number", "summary"])

    class Meta:
        verbose_name = _("kế hoạch, chương trình")
        verbose_name_plural = _("kế hoạch, chương trình, đề án")
        ordering = ["-year", "-issued_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.agency.reverse("participation:plan_detail", pk=self.pk)
