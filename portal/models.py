from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import request_cache
from .publishing import Publishable

PROVINCE_CACHE_KEY = "portal:province"


class Province(models.Model):
    """The one province this deployment serves (a single row)."""

    name = models.CharField(_("tên tỉnh"), max_length=150, default="Tỉnh Vĩnh Long")
    portal_name = models.CharField(_("tên cổng thông tin"), max_length=255,
                                   default="Cổng thông tin điện tử phục vụ điều hành")
    name_en = models.CharField(_("tên tỉnh (tiếng Anh)"), max_length=150, default="Vinh Long Province")
    portal_name_en = models.CharField(_("tên cổng thông tin (tiếng Anh)"), max_length=255,
                                      default="Operations Information Portal")
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    address_en = models.CharField(_("địa chỉ (tiếng Anh)"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    responsible_name = models.CharField(_("người chịu trách nhiệm nội dung"), max_length=150, blank=True)
    responsible_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_sample_data = models.BooleanField(
        _("dữ liệu mẫu"), default=False,
        help_text=_("Bật khi cổng chứa dữ liệu mẫu để trình diễn: mọi trang sẽ ghi rõ “dữ liệu mẫu”."))

    class Meta:
        verbose_name = _("thông tin tỉnh")
        verbose_name_plural = _("thông tin tỉnh")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(PROVINCE_CACHE_KEY)

    @classmethod
    def current(cls) -> "Province":
        province = request_cache.get(PROVINCE_CACHE_KEY)
        if province is None:
            province = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(PROVINCE_CACHE_KEY, province, 3600)
        return province


class SearchDocument(models.Model):
    """One public row of any section, as the site-wide search sees it (portal/search.py fills it).

    Only rows a section's ``Searchable.public()`` returns are ever written here; an unpublished,
    scheduled, hidden or deleted row has no document. On PostgreSQL a generated ``tsvector`` column
    (``vector``: number and title weighted A and B, the rest D) and a trigram index on ``title_text``
    are added by the migration; the model does not declare them so SQLite keeps working.
    """

    kind = models.CharField(max_length=20)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=600)
    number = models.CharField(max_length=120, blank=True)
    summary = models.CharField(max_length=400, blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    # A document that only makes sense for a while (schedule entries of this and next week).
    expires_at = models.DateTimeField(null=True, blank=True)
    # Folded (portal.text.fold), punctuation turned into spaces: "15/2023/QH15" -> "15 2023 qh15".
    number_key = models.CharField(max_length=120, blank=True, db_index=True)
    title_text = models.TextField(blank=True)
    body_text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="search_document_unique")]
        indexes = [models.Index(fields=["kind", "agency"], name="search_document_facets")]

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    """A folded word of some indexed title (portal/search.py keeps it on every write): the lexicon the typo
    fallback corrects a query's words against. A few tens of thousands of short rows with a trigram
    index (PostgreSQL, migration 0008), so finding the closest word is a millisecond where comparing
    the query with every title of the index was not. Words of titles no longer indexed stay: a
    suggestion that finds nothing costs nothing."""

    word = models.CharField(max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("từ tìm kiếm")
        verbose_name_plural = _("từ tìm kiếm")

    def __str__(self):
        return self.word


class Tombstone(models.Model):
    """An item taken off the public pages (unpublished, abolished, deleted, made private), so that a
    harvester of the read API can delete its copy. Recorded by portal/tombstones.py; removed again
    when the item comes back."""

    type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    agency_slug = models.CharField(max_length=80, blank=True)
    removed_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type", "object_id"], name="tombstone_unique_item")]
        indexes = [models.Index(fields=["removed_at", "id"], name="tombstone_harvest_order")]

    def __str__(self):
        return f"{self.type} {self.object_id}"


class Revision(Publishable):
    """A newer version of a published item, going through the workflow while the live row keeps serving.

    ``data`` is the item's admin change form as its author submitted it (``{name: [values]}``, files
    excluded): approving replays it through the same admin form, validation and save as a direct
    edit, so inlines (a week's entries) and their rules (amendments) apply unchanged. At most one
    open revision (draft, pending or returned) per item; an approved one is kept as a record.
    Public code never reads this table (portal/publishing.py).
    """

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE,
                               related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(_("nội dung"), default=dict)
    # The live row's version (portal.publishing.row_version) the revision was written against.
    base_version = models.CharField(max_length=64, blank=True)
    summary = models.CharField(_("ghi chú"), max_length=255, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bản sửa đổi")
        verbose_name_plural = _("bản sửa đổi")
        constraints = [models.UniqueConstraint(
            fields=["content_type", "object_id"], condition=models.Q(status__in=["draft", "pending", "returned"]),
            name="portal_one_open_revision")]
        indexes = [models.Index(fields=["content_type", "object_id", "status"], name="portal_revision_object")]

    def __str__(self):
        return _("Bản sửa đổi #%(pk)s") % {"pk": self.pk}

    def allowed_transitions(self):
        return [t for t in super().allowed_transitions() if t.name != "unpublish"]

    @property
    def target(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)
