from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from agencies.tenant_admin import PublishableAdmin, TenantAdmin, TenantInline

from .models import Article, Attachment, Category, Functions, Introduction
from .views import article_context

PUBLISHING = (_("Xuất bản"), {"fields": ("status_display", "published_at", "review_note")})
LEGAL_BASIS = (_("Căn cứ pháp lý (quyết định của cấp có thẩm quyền)"), {
    "fields": ("basis_type", "basis_number", "basis_date", "basis_issuer", "basis_file")})


def _render_preview(request, template, context):
    response = render(request, template, {**context, "is_preview": True})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


class AgencyPageAdmin(PublishableAdmin):
    list_display = ("title", "agency", "status_display", "updated_at")
    list_filter = ("status",)
    search_fields = ("title",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")

    def render_preview(self, request, obj):
        return _render_preview(request, self.preview_template, {"agency": obj.agency, "page": obj})


@admin.register(Introduction)
class IntroductionAdmin(AgencyPageAdmin):
    preview_template = "content/introduction.html"
    fieldsets = ((None, {"fields": ("agency", "title", "body")}), LEGAL_BASIS, PUBLISHING)


@admin.register(Functions)
class FunctionsAdmin(AgencyPageAdmin):
    preview_template = "content/functions.html"
    fieldsets = (
        (_("Tiếng Việt"), {"fields": ("agency", "title", "body")}),
        (_("Bản tiếng Anh (English version)"), {
            "fields": ("title_en", "body_en"),
            "description": _("Nghị định 42/2022/NĐ-CP yêu cầu bản tiếng Anh của chức năng, nhiệm vụ. Tên và địa "
                             "chỉ tiếng Anh của cơ quan nhập ở mục Cơ quan, đơn vị."),
        }),
        LEGAL_BASIS,
        PUBLISHING,
    )


@admin.register(Category)
class CategoryAdmin(TenantAdmin):
    edit_capability = "manage"
    list_display = ("name", "slug", "agency", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    fields = ("agency", "name", "slug", "order")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class AttachmentInline(TenantInline, admin.TabularInline):
    model = Attachment
    fields = ("title", "file", "order")
    extra = 1


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    preview_template = "content/article.html"
    inlines = [AttachmentInline]
    list_display = ("title", "category", "agency", "status_display", "published_at", "featured")
    list_filter = ("status", "featured", "category")
    search_fields = ("title",)
    date_hierarchy = "published_at"
    list_select_related = ("category", "agency")
    fieldsets = (
        (None, {"fields": ("agency", "category", "title", "slug", "summary", "body")}),
        (_("Ảnh đại diện"), {"fields": ("cover", "cover_alt", "cover_caption")}),
        (_("Thông tin thêm"), {"fields": ("author", "source", "featured")}),
        PUBLISHING,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_text", "search_title")

    def get_search_results(self, request, queryset, search_term):
        # Diacritic-insensitive, like the public search ("dat dai" finds "Đất đai").
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False

    def render_preview(self, request, obj):
        return _render_preview(request, self.preview_template, article_context(obj.agency, obj, preview=True))
