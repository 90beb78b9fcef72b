from django.contrib import admin

from .models import Province


class SuperuserWritesMixin:
    """Admin mixin: only superusers add, change or delete; who may read is the base class's answer."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class SuperuserOnlyMixin(SuperuserWritesMixin):
    """Admin mixin: the model is the superusers' alone (others do not see it)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.site_header = "Cổng thông tin điện tử phục vụ điều hành — Quản trị"
admin.site.site_title = "Quản trị cổng thông tin"


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "is_sample_data")

    def has_add_permission(self, request):
        return request.user.is_superuser and not Province.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
