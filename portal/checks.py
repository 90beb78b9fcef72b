"""System checks that follow the middleware into STAFF_MIDDLEWARE.

The admin's checks (admin.E408–E410) look for sessions, authentication and messages in MIDDLEWARE
only; settings silence them, since portal.middleware.StaffMiddleware runs that middleware from
STAFF_MIDDLEWARE. This check looks for it there instead, with django-otp's (after authentication).
"""

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

STAFF_CHAIN = "portal.middleware.StaffMiddleware"
# In this order, as the admin and the second factor need them.
REQUIRED = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
)


def check_staff_middleware(app_configs=None, **kwargs):
    if STAFF_CHAIN not in settings.MIDDLEWARE:
        return [checks.Error(f"{STAFF_CHAIN} must be in MIDDLEWARE: it runs STAFF_MIDDLEWARE (sessions, "
                             "authentication, the second factor, messages).", id="portal.E001")]
    staff = [import_string(path) for path in settings.STAFF_MIDDLEWARE]
    positions = []
    for required in REQUIRED:
        cls = import_string(required)
        found = [i for i, candidate in enumerate(staff) if isinstance(candidate, type) and issubclass(candidate, cls)]
        if not found:
            return [checks.Error(f"'{required}' (or a subclass) must be in STAFF_MIDDLEWARE.", id="portal.E002")]
        positions.append(found[0])
    if positions != sorted(positions):
        return [checks.Error("STAFF_MIDDLEWARE must list " + ", ".join(REQUIRED) + " in this order.",
                             id="portal.E003")]
    return []
