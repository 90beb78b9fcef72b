"""Two-factor sign-in (accounts/): required per role when the setting is on, optional for editors,
enrolment with a QR code, backup codes, throttling, and the superuser's reset."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor

pytestmark = pytest.mark.django_db
ADMIN_PAGES = ["/admin/", "/admin/content/article/", "/admin/agencies/agency/", "/admin/password_change/"]


@pytest.fixture
def required(settings):
    settings.PORTAL_TWO_FACTOR_REQUIRED = True


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="Ứng dụng", confirmed=True)
    return device, twofactor.new_backup_codes(user)


def verified_client(user) -> Client:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrolled(user)[0]
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.mark.parametrize("role", ["approver", "agency_admin", "provincial_reviewer", "superuser"])
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_required_roles_are_sent_to_enrolment_before_any_admin_page(request, required, login, role, page):
    user = request.getfixturevalue(role)
    response = login(user).get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_enrol") + "?next=")
    assert page.replace("/", "%2F") in response["Location"]


@pytest.mark.parametrize("role", ["approver", "agency_admin", "provincial_reviewer", "superuser"])
def test_required_roles_with_an_app_are_asked_for_a_code_then_let_in(request, required, role):
    user = request.getfixturevalue(role)
    device, _ = enrolled(user)
    client = Client()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_editor_is_not_required(required, login, editor):
    assert twofactor.required_for(editor) is False
    client = login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/content/article/").status_code == 200
    page = client.get(reverse("two_factor_manage"))
    assert "Bật xác thực hai bước" in page.content.decode()


def test_editor_who_turned_it_on_is_asked_even_when_not_required(login, editor):
    enrolled(editor)
    response = login(editor).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))


def test_a_user_with_backup_codes_only_is_asked_for_a_code(login, editor):
    StaticDevice.objects.create(user=editor, name=twofactor.BACKUP_NAME, confirmed=True)
    assert twofactor.has_device(editor)
    response = login(editor).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))


def _queries(client, path):
    client.get(path)  # sessions, caches and the like warmed
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/admin/", "/admin/content/article/"])
def test_the_second_step_costs_a_verified_user_no_query_and_an_editor_one(settings, required, login, editor,
                                                                             approver, path):
    """OTPMiddleware has loaded the session's device; the roles are the ones the admin reads anyway."""
    with_step = {"approver": _queries(verified_client(approver), path), "editor": _queries(login(editor), path)}
    settings.STAFF_MIDDLEWARE = [name for name in settings.STAFF_MIDDLEWARE if name != "accounts.middleware.TwoFactorMiddleware"]
    without = {"approver": _queries(verified_client(approver), path), "editor": _queries(login(editor), path)}
    assert with_step["approver"] == without["approver"]
    assert with_step["editor"] == without["editor"] + 1  # has_device: one EXISTS over the device tables


def test_not_required_when_the_setting_is_off(settings, login, approver, superuser):
    settings.PORTAL_TWO_FACTOR_REQUIRED = False
    assert login(approver).get("/admin/").status_code == 200
    assert login(superuser).get("/admin/").status_code == 200


def test_required_by_default_in_production_only():
    root = Path(__file__).resolve().parents[2]
    code = "from django.conf import settings; print(settings.PORTAL_TWO_FACTOR_REQUIRED)"
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "PORTAL_TWO_FACTOR_REQUIRED")}
    prod = {**base, "DJANGO_ENV": "production", "DEBUG": "0", "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "example.gov.vn", "DJANGO_SETTINGS_MODULE": "config.settings"}
    dev = {**base, "DJANGO_ENV": "development", "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = [subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=root, env=env,
                          capture_output=True, text=True, check=True).stdout.strip() for env in (prod, dev)]
    assert out == ["True", "False"]


def test_password_login_then_enrolment_with_qr_code_and_backup_codes(required, client, approver):
    response = client.post(reverse("admin:login"), {"username": approver.username, "password": "matkhau-thu-123",
                                                    "next": "/admin/"})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("two_factor_enrol"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Thiết lập xác thực hai bước" in html
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    assert client.get("/admin/").status_code == 302  # not yet

    wrong = client.post(reverse("two_factor_enrol"), {"code": "000000", "next": "/admin/"})
    assert "Mã không khớp" in wrong.content.decode()
    device.throttle_reset()
    done = client.post(reverse("two_factor_enrol"), {"code": code_for(device), "next": "/admin/"})
    html = done.content.decode()
    assert done.status_code == 200 and "Mã dự phòng" in html
    codes = list(StaticToken.objects.filter(device__user=approver).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in html for code in codes)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/admin/").status_code == 200  # this session is verified


def test_backup_code_works_once(required, approver):
    _, codes = enrolled(approver)
    for expected in (302, 200):
        client = Client()
        client.force_login(approver)
        response = client.post(reverse("two_factor_verify"), {"code": codes[0].upper(), "next": "/admin/"})
        assert response.status_code == expected
        StaticDevice.objects.filter(user=approver).update(throttling_failure_count=0)
    assert "Mã không đúng" in response.content.decode()
    assert twofactor.backup_codes_left(approver) == 9


def test_wrong_codes_are_throttled(required, approver):
    device, _ = enrolled(approver)
    client = Client()
    client.force_login(approver)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 200 and "Nhập sai quá nhiều lần" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_enrolled_but_unverified_user_cannot_enrol_another_app(required, approver):
    enrolled(approver)
    client = Client()
    client.force_login(approver)
    response = client.get(reverse("two_factor_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=approver).count() == 1


def test_next_is_kept_on_the_site(required, approver):
    device, _ = enrolled(approver)
    client = Client()
    client.force_login(approver)
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:index")


def test_editor_may_turn_it_off_approver_may_not(required, editor, approver):
    client = verified_client(editor)
    client.post(reverse("two_factor_manage"), {"action": "off"})
    assert not twofactor.has_device(editor)
    client = verified_client(approver)
    page = client.post(reverse("two_factor_manage"), {"action": "off"})
    assert twofactor.has_device(approver) and "không thể tắt" in page.content.decode()


def test_new_backup_codes_replace_the_old(required, approver):
    _, old = enrolled(approver)
    client = verified_client(approver)
    page = client.post(reverse("two_factor_manage"), {"action": "codes"})
    new = list(StaticToken.objects.filter(device__user=approver).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert all(code in page.content.decode() for code in new)


def test_superuser_resets_a_users_devices_from_the_user_admin(required, superuser, approver):
    enrolled(approver)
    client = verified_client(superuser)
    response = client.post(reverse("admin:auth_user_changelist"),
                           {"action": "reset_two_factor", "_selected_action": [approver.pk]})
    assert response.status_code == 302
    assert not twofactor.has_device(approver)
    entry = LogEntry.objects.get(object_id=str(approver.pk))
    assert entry.user == superuser and "Đặt lại xác thực hai bước" in entry.change_message
    # The superuser's own devices are untouched.
    assert twofactor.has_device(superuser)
    # Next sign-in of the approver starts at enrolment.
    again = Client()
    again.force_login(approver)
    assert again.get("/admin/")["Location"].startswith(reverse("two_factor_enrol"))


def test_reset_refused_to_non_superusers(agency_admin, approver):
    enrolled(approver)
    with pytest.raises(PermissionError):
        twofactor.reset_devices(approver, by=agency_admin)
    with pytest.raises(CommandError):
        call_command("reset_two_factor", approver.username, "--by", agency_admin.username)
    assert twofactor.has_device(approver)


def test_reset_command(superuser, approver, capsys):
    enrolled(approver)
    call_command("reset_two_factor", approver.username, "--by", superuser.username, "--reason", "mất điện thoại")
    assert not twofactor.has_device(approver)
    assert "mất điện thoại" in LogEntry.objects.get(object_id=str(approver.pk)).change_message


def test_login_lock_out_is_kept(required, client, approver, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("admin:login"), {"username": approver.username, "password": "sai"})
    response = client.post(reverse("admin:login"), {"username": approver.username, "password": "matkhau-thu-123"})
    assert response.status_code == 429 or "Tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session
