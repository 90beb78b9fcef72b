"""Two-factor sign-in: who must use it, enrolment, backup codes and the superuser's reset.

The second factor is a TOTP app (django-otp's TOTPDevice, enrolled with a QR code) with ten
single-use backup codes (StaticDevice). It is required, when ``PORTAL_TWO_FACTOR_REQUIRED`` is on
(the default in production), for everyone who can publish or change more than their own drafts:
approvers, agency admins, provincial reviewers and superusers. Editors may turn it on for
themselves; once a user has a device, their sign-in always asks for it.

The password step stays the admin login with django-axes' lock-out; the second step is asked for by
accounts.middleware before any admin page. A user who lost both phone and codes is reset by a
superuser (``reset_devices``: the User admin action or ``manage.py reset_two_factor``), which is
logged in the admin's history and the security log.
"""

import logging

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django_otp import device_classes, devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.access import is_reviewer, roles_by_agency
from agencies.models import Membership

logger = logging.getLogger("portal.security")

# Roles whose accounts must use a second factor (editors may choose to).
REQUIRED_ROLES = frozenset({Membership.Role.APPROVER, Membership.Role.AGENCY_ADMIN})
BACKUP_CODE_COUNT = 10
DEVICE_NAME = "Ứng dụng xác thực"
BACKUP_NAME = "Mã dự phòng"


def role_requires_two_factor(user) -> bool:
    """Whether the user's role calls for a second factor (whatever the setting)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or is_reviewer(user):
        return True
    # The roles the admin reads anyway (once per request, on the user): no query of its own. A role in
    # an inactive agency grants nothing (agencies.access), so it asks for nothing either.
    return not REQUIRED_ROLES.isdisjoint(roles_by_agency(user).values())


def required_for(user) -> bool:
    """Whether the user may not switch the second factor off (required here, for this role)."""
    return bool(getattr(settings, "PORTAL_TWO_FACTOR_REQUIRED", False)) and role_requires_two_factor(user)


def has_device(user) -> bool:
    """Whether the user has a confirmed device of any kind, in one query (django-otp's
    ``user_has_device`` asks each device table in turn)."""
    if user.is_anonymous:
        return False
    tables = [model.objects.filter(user=user, confirmed=True).values("pk") for model in device_classes()]
    return tables[0].union(*tables[1:], all=True).exists()


def totp_device(user, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (a new secret unless one is waiting)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app; return the new backup codes, or None if wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save()
    # One authenticator app per account: an older one stops working.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    logger.info("two-factor enrolled user=%s", device.user.get_username())
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Ten fresh single-use codes; the earlier ones stop working."""
    static, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verifying_devices(user, token: str):
    """The devices a typed code is checked against: the app for 6 digits, backup codes otherwise."""
    token = token.strip().replace(" ", "").lower()
    if token.isdigit() and len(token) == 6:
        return token, [d for d in devices_for_user(user) if isinstance(d, TOTPDevice)]
    return token, [d for d in devices_for_user(user) if isinstance(d, StaticDevice)]


@transaction.atomic
def reset_devices(user, *, by, reason: str = "") -> int:
    """Remove every second-factor device of ``user`` (lost phone and codes); logged. Superusers only."""
    if not (by.is_active and by.is_superuser):
        raise PermissionError("only a superuser may reset two-factor sign-in")
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    message = "Đặt lại xác thực hai bước (xóa %d thiết bị)" % removed
    if reason:
        message += f": {reason}"
    LogEntry.objects.log_actions(user_id=by.pk, queryset=[user], action_flag=CHANGE, change_message=message,
                                 single_object=True)
    logger.warning("two-factor reset user=%s by=%s devices=%d reason=%s",
                   user.get_username(), by.get_username(), removed, reason or "-")
    return removed
