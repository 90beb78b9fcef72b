"""The User admin gains the recovery path: a superuser resets a user's two-factor devices.

django-otp's own device admins are taken off the site: devices are managed by their owners on the
two-factor pages, and reset only through ``twofactor.reset_devices`` (logged).
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import twofactor

User = get_user_model()

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class PortalUserAdmin(UserAdmin):
    actions = [*(UserAdmin.actions or []), "reset_two_factor"]

    @admin.action(description=_("Đặt lại xác thực hai bước (mất điện thoại và mã dự phòng)"))
    def reset_two_factor(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, _("Chỉ quản trị cổng thông tin được đặt lại xác thực hai bước."),
                              messages.ERROR)
            return
        users = list(queryset)
        for user in users:
            twofactor.reset_devices(user, by=request.user, reason="thao tác trong trang quản trị")
        self.message_user(request, ngettext(
            "Đã đặt lại xác thực hai bước cho %(count)d tài khoản; lần đăng nhập tới họ sẽ thiết lập lại.",
            "Đã đặt lại xác thực hai bước cho %(count)d tài khoản; lần đăng nhập tới họ sẽ thiết lập lại.",
            len(users)) % {"count": len(users)}, messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("reset_two_factor", None)
        return actions


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
