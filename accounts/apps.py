from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in to the admin: the second factor (TOTP and backup codes, django-otp) and its rules."""

    name = "accounts"
    verbose_name = _("Tài khoản")
