"""The two-factor pages of the admin: verify at sign-in, enrol an app (QR code), manage codes."""

import logging
from base64 import b32encode

import segno
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice

from portal.proxy import client_ip

from . import twofactor
from .forms import CodeForm, EnrolForm

logger = logging.getLogger("portal.security")


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _context(request, title, **extra):
    return {**admin.site.each_context(request), "title": title, "next": _next(request), **extra}


def _signed_in(view):
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_active and request.user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return never_cache(csrf_protect(sensitive_post_parameters("code")(wrapped)))


@_signed_in
def verify(request):
    """The second step of signing in: a code from the app or a backup code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not twofactor.has_device(user):
        return redirect(f"{reverse('two_factor_enrol')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, devices = twofactor.verifying_devices(user, form.cleaned_data["code"])
        if devices and not any(d.verify_is_allowed()[0] for d in devices):
            form.add_error("code", _("Nhập sai quá nhiều lần: hãy đợi một lát rồi thử lại."))
        else:
            device = next((d for d in devices if verify_token(user, d.persistent_id, token)), None)
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(request, _(
                        "Bạn vừa dùng một mã dự phòng; còn %(left)d mã. Hãy tạo mã mới nếu sắp hết.")
                        % {"left": twofactor.backup_codes_left(user)})
                return redirect(_next(request))
            logger.warning("two-factor code refused user=%s ip=%s", user.get_username(), client_ip(request))
            form.add_error("code", _("Mã không đúng hoặc đã hết hạn. Hãy nhập mã mới trong ứng dụng."))
    return render(request, "accounts/verify.html", _context(request, _("Xác thực hai bước"), form=form))


@_signed_in
def enrol(request):
    """Set up an authenticator app: scan the QR code, type one code, receive the backup codes."""
    user = request.user
    if twofactor.has_device(user) and not user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={_next(request)}")
    device = twofactor.pending_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(device, form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            return render(request, "accounts/backup_codes.html", _context(
                request, _("Mã dự phòng"), codes=codes, enrolled=True))
        form.add_error("code", _("Mã không khớp. Kiểm tra giờ trên điện thoại và nhập mã đang hiện."))
    secret = b32encode(device.bin_key).decode()
    return render(request, "accounts/enrol.html", _context(
        request, _("Thiết lập xác thực hai bước"), form=form,
        qr_svg=segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff"),
        secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        required=twofactor.required_for(user), replacing=twofactor.has_device(user),
    ))


@_signed_in
def manage(request):
    """The user's own second factor: state, new backup codes, switching it off where it is optional."""
    user = request.user
    enrolled = twofactor.has_device(user)
    required = twofactor.required_for(user)
    if request.method == "POST" and enrolled:
        action = request.POST.get("action")
        if action == "codes":
            codes = twofactor.new_backup_codes(user)
            return render(request, "accounts/backup_codes.html", _context(request, _("Mã dự phòng"), codes=codes))
        if action == "off" and not required:
            for device in twofactor.devices_for_user(user, confirmed=None):
                device.delete()
            logger.info("two-factor turned off user=%s", user.get_username())
            messages.success(request, _("Đã tắt xác thực hai bước cho tài khoản của bạn."))
            return redirect("two_factor_manage")
    device = twofactor.totp_device(user, confirmed=True)
    return render(request, "accounts/manage.html", _context(
        request, _("Xác thực hai bước"), enrolled=enrolled, required=required, device=device,
        codes_left=twofactor.backup_codes_left(user),
    ))
