"""Tenancy: every agency of the province is a tenant; tenant-owned rows carry ``agency``."""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import get_urlconf, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.publishing import Publishable, PublishableQuerySet
from portal.sections import reserved_paths
from portal.uploads import PortalImageField

# First path segments the province site uses itself; an agency slug may not take one. Section apps
# add the paths they use through the registry (SectionApp.reserved_paths).
RESERVED_SLUGS = frozenset({
    "admin", "static", "media", "so-do-trang", "sitemap.xml", "robots.txt", "ngon-ngu", "api", "en",
    "tai-khoan", "accounts", "feeds", "rss", "atom", "favicon.ico", "kiem-tra", "bao-cao", "editor",
    "upload", "tai-lieu",
})


def reserved_slugs() -> frozenset[str]:
    return RESERVED_SLUGS | reserved_paths()


def validate_agency_slug(value: str) -> None:
    if value in reserved_slugs():
        raise ValidationError(
            _("“%(slug)s” trùng với một đường dẫn của cổng thông tin; hãy chọn tên khác."),
            params={"slug": value}, code="reserved",
        )


class AgencyQuerySet(models.QuerySet):
    def public(self):
        """Active agencies in the order the province lists them: office, departments, communes."""
        kind_order = models.Case(
            *[models.When(kind=kind, then=models.Value(i)) for i, kind in enumerate(KIND_ORDER)],
            default=models.Value(len(KIND_ORDER)),
        )
        return self.filter(is_active=True).alias(kind_order=kind_order).order_by("kind_order", "order", "name")


KIND_ORDER = ["provincial_office", "department", "commune", "district"]


class Agency(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ban, ngành cấp tỉnh")
        PROVINCIAL_OFFICE = "provincial_office", _("Văn phòng UBND tỉnh")
        COMMUNE = "commune", _("UBND xã, phường, đặc khu")
        DISTRICT = "district", _("UBND huyện, thị xã, thành phố (trước 01/7/2025)")

    name = models.CharField(_("tên đầy đủ"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=100)
    slug = models.SlugField(
        _("đường dẫn"), max_length=60, unique=True,
        validators=[validate_agency_slug,
                    RegexValidator(r"^[a-z0-9-]+$", _("Chỉ dùng chữ thường không dấu, số và dấu gạch ngang."))],
        help_text=_("Phần đầu đường dẫn của trang đơn vị, ví dụ so-tttt."),
    )
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", verbose_name=_("cơ quan cấp trên"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="children")
    host = models.CharField(
        _("tên miền riêng"), max_length=255, unique=True, null=True, blank=True,
        help_text=_("Nếu đơn vị có tên miền riêng (ví dụ stttt.vinhlong.gov.vn); để trống nếu không."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    address_en = models.CharField(_("địa chỉ (tiếng Anh)"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    responsible_name = models.CharField(_("người chịu trách nhiệm nội dung"), max_length=150, blank=True)
    responsible_title = models.CharField(_("chức vụ người chịu trách nhiệm"), max_length=150, blank=True)
    logo = PortalImageField(_("biểu trưng"), blank=True)
    joined_on = models.DateField(_("ngày đưa lên cổng"), help_text=_("Thời hạn 60 ngày nhập dữ liệu tính từ ngày này."))
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=100)
    # Bumped by every change of the agency's content (agencies/cache.py); never edited by hand.
    content_version = models.PositiveBigIntegerField(default=1, editable=False)
    # The next scheduled publication among the agency's content, so cached pages turn over on time.
    next_publication_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["content_version", "next_publication_at"])
    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["order", "name"]
        permissions = [("review_all_agencies", _("Kiểm tra tất cả cơ quan (Cán bộ kiểm tra của tỉnh)"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.__dict__.get("_from_cache"):
            # request.agency may be the copy kept in the cache (agencies/cache.py, load_agency): for
            # reading only; a write starts from the database.
            raise ValueError("An agency read from the cache is not saved; read it from the database.")
        # Never write back a stale content_version: it only moves forward, through bump().
        if self.pk and not kwargs.get("update_fields") and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.attname for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in ("content_version", "next_publication_at")
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.reverse("agency_home")

    def reverse(self, viewname: str, *args, **kwargs) -> str:
        """The URL of one of this agency's pages, on its own host name or under its slug."""
        if self.host:
            path = reverse(viewname, args=args or None, kwargs=kwargs or None,
                           urlconf=settings.AGENCY_HOST_URLCONF)
            return f"//{self.host}{path}"
        if args:
            path = reverse(viewname, args=(self.slug, *args), urlconf=settings.ROOT_URLCONF)
        else:
            path = reverse(viewname, kwargs={"agency_slug": self.slug, **kwargs}, urlconf=settings.ROOT_URLCONF)
        if get_urlconf() == settings.AGENCY_HOST_URLCONF:
            # Linking from an agency's own host name to a page of the province site.
            return settings.PORTAL_BASE_URL + path
        return path


class TenantQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)


class TenantPublishableQuerySet(TenantQuerySet, PublishableQuerySet):
    pass


class TenantModel(models.Model):
    """Base of every tenant-owned model: one agency, who created and changed it, and history."""

    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE,
                               related_name="%(app_label)s_%(class)s_set")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True,
                                   blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True,
                                   blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(inherit=True)
    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        """A row may only point at rows of its own agency (a forged id is refused here too)."""
        super().clean()
        if not self.agency_id:
            return
        errors = {}
        for field in self._meta.concrete_fields:
            target = field.related_model
            if (field.many_to_one and field.name != "agency" and target is not None
                    and issubclass(target, TenantModel)):
                related = getattr(self, field.name, None)
                if related is not None and related.agency_id != self.agency_id:
                    errors[field.name] = _("Chỉ được chọn dữ liệu của chính cơ quan mình.")
        if errors:
            raise ValidationError(errors)


class TenantPublishable(TenantModel, Publishable):
    """Tenant-owned content that goes through the publishing workflow."""

    objects = TenantPublishableQuerySet.as_manager()

    class Meta:
        abstract = True


class Membership(TenantModel):
    # Who may edit is never shown on public pages (agencies/cache.py is_publicly_visible).
    publicly_visible = False

    class Role(models.TextChoices):
        EDITOR = "editor", _("Biên tập viên")
        APPROVER = "approver", _("Lãnh đạo duyệt")
        AGENCY_ADMIN = "agency_admin", _("Quản trị đơn vị")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="one_role_per_user_and_agency")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.agency.short_name}"
