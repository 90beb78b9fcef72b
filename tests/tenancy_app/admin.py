from django.contrib import admin

from agencies.tenant_admin import PublishableAdmin, TenantAdmin, TenantInline

from .models import Note, NoteFile, Tag, Topic


@admin.register(Topic)
class TopicAdmin(TenantAdmin):
    search_fields = ["name"]
    list_display = ["name", "agency"]


@admin.register(Tag)
class TagAdmin(TenantAdmin):
    search_fields = ["name"]


class NoteFileInline(TenantInline, admin.TabularInline):
    model = NoteFile
    extra = 1
    fields = ["topic", "file"]


@admin.register(Note)
class NoteAdmin(PublishableAdmin):
    list_display = ["title", "status", "published_at"]
    list_filter = ["status", "topic"]
    search_fields = ["title"]
    autocomplete_fields = ["topic"]
    filter_horizontal = ["tags"]
    inlines = [NoteFileInline]
    fields = ["agency", "title", "body", "topic", "tags", "image", "published_at", "review_note"]
