"""The second step of signing in: before any admin page, a user who needs it passes it.

Runs after django-otp's OTPMiddleware, which has already loaded the session's device: a verified
user costs no query here. An unverified one costs one (``has_device``); the roles come from
``agencies.access``, read once per request and needed by the admin anyway. Only the admin is
guarded (the public pages do not depend on who is signed in); the login and logout pages and the
two-factor pages themselves stay reachable.
"""

from functools import lru_cache
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import get_urlconf, reverse

from . import twofactor


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # The path first: a public page never loads the user (nor the session) here.
        if user is not None and self._guarded(request.path_info) and user.is_authenticated:
            if not user.is_verified():
                enrolled = twofactor.has_device(user)
                if enrolled or twofactor.required_for(user):
                    target = "two_factor_verify" if enrolled else "two_factor_enrol"
                    return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _guarded(path: str) -> bool:
        admin, open_paths = _admin_paths(get_urlconf())
        return path.startswith(admin) and path not in open_paths


@lru_cache(maxsize=8)
def _admin_paths(urlconf):
    """The admin's prefix and its pages open before the second step, reversed once per URL conf."""
    return reverse("admin:index", urlconf), {reverse(name, urlconf) for name in (
        "admin:login", "admin:logout", "two_factor_verify", "two_factor_enrol")}
