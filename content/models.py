"""Sections 1, 3 and 6: the introduction, the functions and duties (with English), and the news."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from agencies.models import TenantModel, TenantPublishable, TenantPublishableQuerySet
from portal.fields import FoldedTextField, RichTextField
from portal.text import fold, search_terms
from portal.uploads import DocumentField, PortalImageField

# Slugs an article may not take: they are pages of the news section itself.
RESERVED_ARTICLE_SLUGS = frozenset({"rss", "atom", "tim-kiem", "chuyen-muc"})


def slug_from(text: str, max_length: int = 120) -> str:
    """An ASCII slug from Vietnamese text, through the one folding function ("Đất đai" → "dat-dai")."""
    slug = slugify(fold(text))[:max_length].strip("-")
    if len(slug) == max_length and "-" in slug:
        slug = slug.rsplit("-", 1)[0]  # do not cut a word in half
    return slug


# --- Sections 1 and 3: one page per agency ------------------------------------------------------
class AgencyPage(TenantPublishable):
    """A single page of an agency (introduction, functions and duties) and the decision it rests on."""

    title = models.CharField(_("tiêu đề"), max_length=255)
    body = RichTextField(_("nội dung"))
    basis_type = models.CharField(_("loại văn bản"), max_length=100,
                                  help_text=_("Ví dụ: Quyết định, Nghị quyết, Thông tư liên tịch."))
    basis_number = models.CharField(_("số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 12/2025/QĐ-UBND."))
    basis_date = models.DateField(_("ngày ban hành"))
    basis_issuer = models.CharField(_("cơ quan ban hành"), max_length=255,
                                    help_text=_("Ví dụ: Ủy ban nhân dân tỉnh Vĩnh Long."))
    basis_file = DocumentField(_("tệp văn bản"), blank=True,
                               help_text=_("Không bắt buộc: bản PDF hoặc DOC/DOCX của văn bản."))

    already_exists_message = _("Cơ quan này đã có trang này; hãy mở trang hiện có để sửa.")

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["agency"], name="%(app_label)s_%(class)s_one_per_agency"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.agency_id and type(self).objects.filter(agency_id=self.agency_id).exclude(pk=self.pk).exists():
            raise ValidationError(self.already_exists_message, code="exists")

    @property
    def basis_text(self) -> str:
        """"Quyết định số 12/2025/QĐ-UBND ngày 05/01/2025 của Ủy ban nhân dân tỉnh Vĩnh Long"."""
        return _("%(type)s số %(number)s ngày %(date)s của %(issuer)s") % {
            "type": self.basis_type, "number": self.basis_number,
            "date": self.basis_date.strftime("%d/%m/%Y") if self.basis_date else "", "issuer": self.basis_issuer,
        }


class Introduction(AgencyPage):
    already_exists_message = _("Cơ quan này đã có trang giới thiệu; hãy mở trang hiện có để sửa.")

    class Meta(AgencyPage.Meta):
        verbose_name = _("giới thiệu chung")
        verbose_name_plural = _("giới thiệu chung")


class Functions(AgencyPage):
    """Functions and duties, with the English version Decree 42/2022 asks for, in the same form."""

    title_en = models.CharField(_("tiêu đề tiếng Anh"), max_length=255, blank=True,
                                help_text=_("Ví dụ: Functions, duties and powers."))
    body_en = RichTextField(_("nội dung tiếng Anh"), blank=True,
                            help_text=_("Bản tiếng Anh; để trống nếu chưa có, trang tiếng Anh sẽ ghi rõ điều đó."))

    already_exists_message = _("Cơ quan này đã có trang chức năng, nhiệm vụ; hãy mở trang hiện có để sửa.")

    class Meta(AgencyPage.Meta):
        verbose_name = _("chức năng, nhiệm vụ")
        verbose_name_plural = _("chức năng, nhiệm vụ")

    @property
    def has_english(self) -> bool:
        return bool(self.body_en.strip())

    def clean(self):
        super().clean()
        if self.body_en.strip() and not self.title_en.strip():
            raise ValidationError({"title_en": _("Hãy nhập tiêu đề tiếng Anh cho nội dung tiếng Anh.")})


# --- Section 6: news ----------------------------------------------------------------------------
# The topics of section 5 of the provincial guidance; every agency gets them (signals.py).
DEFAULT_CATEGORIES = [
    ("hoat-dong-cua-don-vi", "Hoạt động của đơn vị"),
    ("hoi-nghi-hoi-thao", "Hội nghị – Hội thảo"),
    ("chi-dao-dieu-hanh", "Chỉ đạo – Điều hành"),
    ("thuc-hien-phap-luat", "Thực hiện pháp luật"),
    ("van-ban-moi", "Văn bản mới"),
]


class Category(TenantModel):
    name = models.CharField(_("tên chuyên mục"), max_length=150)
    slug = models.SlugField(_("đường dẫn"), max_length=80, blank=True,
                            help_text=_("Để trống để tạo tự động từ tên."))
    order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("chuyên mục tin")
        verbose_name_plural = _("chuyên mục tin")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="content_category_unique_slug")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.slug = self.slug or slug_from(self.name, 80)
        if not self.slug:
            raise ValidationError({"name": _("Tên chuyên mục phải có chữ hoặc số.")})
        if self.agency_id and Category.objects.filter(agency_id=self.agency_id, slug=self.slug).exclude(
                pk=self.pk).exists():
            raise ValidationError({"slug": _("Đường dẫn “%(slug)s” đã có chuyên mục khác dùng.") % {
                "slug": self.slug}})

    def save(self, *args, **kwargs):
        self.slug = self.slug or slug_from(self.name, 80)
        super().save(*args, **kwargs)


def ensure_default_categories(agency) -> int:
    """Create the default categories an agency lacks (idempotent); returns how many were created."""
    existing = set(Category.objects.filter(agency=agency).values_list("slug", flat=True))
    missing = [
        Category(agency=agency, slug=slug, name=name, order=(index + 1) * 10)
        for index, (slug, name) in enumerate(DEFAULT_CATEGORIES) if slug not in existing
    ]
    Category.objects.bulk_create(missing)
    return len(missing)


LISTING_FIELDS = ("category", "category__name", "category__slug", "title", "slug", "summary", "cover", "cover_alt",
                  "cover_renditions", "published_at", "updated_at", "featured")
LISTING_AGENCY_FIELDS = ("agency", "agency__name", "agency__short_name", "agency__slug", "agency__host")


class ArticleQuerySet(TenantPublishableQuerySet):
    def public(self, now=None):
        """Published, due, of an agency that is on the portal: what province-wide pages show."""
        return self.published(now).filter(agency__is_active=True)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self, with_agency=False):
        """What a list of articles draws, and nothing more (no body, no search text)."""
        fields = LISTING_FIELDS + (LISTING_AGENCY_FIELDS if with_agency else ("agency",))
        related = ("category", "agency") if with_agency else ("category",)
        return self.select_related(*related).only(*fields)

    def search(self, query):
        """Diacritic-insensitive search: every folded word must appear in the title, summary or body.

        Ranked by how many words the title holds, newest first among equals.
        """
        terms = search_terms(query)
        if not terms:
            return self.none()
        rank = sum((models.Case(models.When(search_title__contains=term, then=1), default=0,
                                output_field=models.IntegerField()) for term in terms),
                   models.Value(0))
        return self.matching(query).annotate(rank=rank).order_by("-rank", "-published_at", "-pk")

    def matching(self, query):
        """Articles whose title, summary or body hold every folded word of ``query``."""
        terms = search_terms(query)
        if not terms:
            return self.none()
        qs = self
        for term in terms:
            qs = qs.filter(search_text__contains=term)
        return qs


class Article(TenantPublishable):
    category = models.ForeignKey(Category, verbose_name=_("chuyên mục"), on_delete=models.PROTECT,
                                 related_name="articles")
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(
        _("đường dẫn"), max_length=150, blank=True,
        help_text=_("Để trống để tạo từ tiêu đề. Đổi đường dẫn của bài đã đăng thì đường dẫn cũ vẫn chuyển tới bài."),
    )
    summary = models.TextField(_("tóm tắt (sapo)"), max_length=1000)
    body = RichTextField(_("nội dung"))
    cover = PortalImageField(_("ảnh đại diện"), blank=True)
    cover_caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    cover_alt = models.CharField(_("mô tả ảnh cho người khiếm thị"), max_length=300, blank=True,
                                 help_text=_("Bắt buộc khi có ảnh: tả ngắn gọn nội dung ảnh."))
    # Fixed renditions made once when the cover is uploaded (content/renditions.py).
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    author = models.CharField(_("tác giả"), max_length=150, blank=True)
    source = models.CharField(_("nguồn tin"), max_length=255, blank=True)
    featured = models.BooleanField(_("tin nổi bật"), default=False,
                                   help_text=_("Tin nổi bật được đưa lên đầu trang tin tức."))
    search_text = FoldedTextField(sources=["title", "summary", "body"])
    search_title = FoldedTextField(sources=["title"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-published_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="content_article_unique_slug")]
        # In the lists' order (newest_first, with the id as tie-breaker), so that a page of a list is read
        # off the index; without the id, PostgreSQL sorts all of an agency's published articles for each.
        indexes = [
            models.Index(fields=["agency", "status", "-published_at", "-id"], name="content_article_agency_newest"),
            models.Index(fields=["status", "-published_at", "-id"], name="content_article_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.agency.reverse("content:article", slug=self.slug)

    def clean(self):
        super().clean()
        errors = {}
        if self.cover and not self.cover_alt.strip():
            errors["cover_alt"] = _("Hãy nhập mô tả ảnh (dành cho người khiếm thị) khi có ảnh đại diện.")
        if self.slug:
            if self.slug in RESERVED_ARTICLE_SLUGS:
                errors["slug"] = _("“%(slug)s” là đường dẫn dành riêng của trang tin tức; hãy chọn đường dẫn khác.") % {
                    "slug": self.slug}
            elif self.agency_id and Article.objects.filter(agency_id=self.agency_id, slug=self.slug).exclude(
                    pk=self.pk).exists():
                errors["slug"] = _("Đường dẫn “%(slug)s” đã có bài khác của cơ quan dùng; hãy chọn đường dẫn khác.") % {
                    "slug": self.slug}
        elif not slug_from(self.title):
            errors["title"] = _("Tiêu đề phải có chữ hoặc số.")
        if errors:
            raise ValidationError(errors)

    def unique_slug(self) -> str:
        """A slug from the title that no other article of the agency has (…-2, …-3 on a clash)."""
        base = slug_from(self.title) or "bai-viet"
        if base in RESERVED_ARTICLE_SLUGS:
            base = f"{base}-tin"
        taken = set(Article.objects.filter(agency_id=self.agency_id, slug__startswith=base)
                    .exclude(pk=self.pk).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def save(self, *args, **kwargs):
        from .renditions import make_renditions, prepare_cover

        if not self.slug:
            self.slug = self.unique_slug()
        if self.pk:
            # A published article whose slug changes keeps its old address as a redirect.
            previous = Article.objects.filter(pk=self.pk).values("slug", "status").first()
            if previous and previous["slug"] != self.slug and previous["status"] == "published":
                ArticleRedirect.objects.update_or_create(
                    agency_id=self.agency_id, old_slug=previous["slug"], defaults={"article": self})
        if self.cover and not self.cover._committed:
            prepare_cover(self)
            self.cover_renditions = make_renditions(self.cover)
        elif not self.cover:
            self.cover_renditions = {}
        super().save(*args, **kwargs)
        # The live slug wins over an old one that pointed elsewhere.
        ArticleRedirect.objects.filter(agency_id=self.agency_id, old_slug=self.slug).delete()

    @cached_property
    def cover_image(self):
        """The cover's URLs, srcsets and sizes for templates (content/renditions.py), or None."""
        from .renditions import Cover

        return Cover(self) if self.cover else None


class Attachment(TenantModel):
    public_parent = "article"  # public with its article (agencies/cache.py is_publicly_visible)

    article = models.ForeignKey(Article, verbose_name=_("tin bài"), on_delete=models.CASCADE,
                                related_name="attachments")
    title = models.CharField(_("tên tệp"), max_length=255)
    file = DocumentField(_("tệp"))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""


class ArticleRedirect(TenantModel):
    """An old address of a published article whose slug was changed."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    old_slug = models.SlugField(_("đường dẫn cũ"), max_length=150)

    class Meta:
        verbose_name = _("đường dẫn cũ của tin bài")
        verbose_name_plural = _("đường dẫn cũ của tin bài")
        constraints = [models.UniqueConstraint(fields=["agency", "old_slug"], name="content_redirect_unique_slug")]

    def __str__(self):
        return self.old_slug
