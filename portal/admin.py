from django.contrib import admin

from .models import Province

admin.site.site_header = "Cổng thông tin điện tử phục vụ điều hành — Quản trị"
admin.site.site_title = "Quản trị cổng thông tin"


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "is_sample_data")

    def has_add_permission(self, request):
        return request.user.is_superuser and not Province.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
