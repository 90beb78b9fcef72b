from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.utils import translation
from django.utils.functional import SimpleLazyObject, empty
from django.utils.module_loading import import_string

from .visitors import is_visitor_page_view

# Hooks Django calls on the middleware of MIDDLEWARE only: one of STAFF_MIDDLEWARE would be skipped.
_HANDLER_HOOKS = ("process_view", "process_template_response", "process_exception")


class StaffMiddleware:
    """Runs ``settings.STAFF_MIDDLEWARE`` (sessions, authentication, the second factor, messages,
    history) for every request but a visitor's page view, which needs none of it.

    A visitor reading a public page (GET or HEAD, no session or message cookie, outside the admin,
    the API and the account pages: ``portal.visitors.is_visitor_page_view``) gets an anonymous user
    and goes straight on; everything else, the admin first, goes through all of them as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        chain = get_response
        for path in reversed(settings.STAFF_MIDDLEWARE):
            try:
                middleware = import_string(path)(chain)
            except MiddlewareNotUsed:  # as Django's handler does: skip this one, not the whole chain
                continue
            hooks = [hook for hook in _HANDLER_HOOKS if hasattr(middleware, hook)]
            if hooks:
                raise ImproperlyConfigured(f"{path} has {', '.join(hooks)}: list it in MIDDLEWARE, "
                                           "not STAFF_MIDDLEWARE")
            chain = convert_exception_to_response(middleware)
        self.staff_chain = chain

    def __call__(self, request):
        if is_visitor_page_view(request):
            request.user = AnonymousUser()
            return self.get_response(request)
        return self.staff_chain(request)


class LanguageMiddleware:
    """Vietnamese unless the visitor chose English with the language switch (cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: many phones in
    Vietnam are set to English, and a government portal speaks Vietnamese first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: left active, a visitor's English would stay with the thread for what it
        # does next (a job, an e-mail to officers), unlike the language Django's LocaleMiddleware leaves.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# What a view may set on a response to change its policy (django-csp's decorators).
_POLICY_CHANGES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp with one exception: the admin's rich-text editor needs inline styles.

    A response with the plain policy (no nonce asked for, no decorator, not the admin: every public
    page) gets headers built once per settings, instead of twice per response.
    """

    _plain = (None, None)  # (settings dicts it was built from, (header, report-only header, prefixes))

    def process_response(self, request, response):
        if request.path.startswith("/admin/"):
            response._csp_replace = {"style-src": settings.ADMIN_STYLE_SRC}
        elif (response.status_code == 200 and getattr(request, "_csp_nonce", None) is None
              and not any(hasattr(response, name) for name in _POLICY_CHANGES)):
            return self._plain_response(request, response)
        return super().process_response(request, response)

    def _plain_response(self, request, response):
        sources = (getattr(settings, "CONTENT_SECURITY_POLICY", None),
                   getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
        built_from, headers = self._plain
        if built_from is None or built_from[0] is not sources[0] or built_from[1] is not sources[1]:
            headers = tuple((header, build_policy(report_only=report_only),
                             tuple((source or {}).get("EXCLUDE_URL_PREFIXES", None) or ()), exempt)
                            for header, report_only, source, exempt in (
                                (HEADER, False, sources[0], "_csp_exempt"),
                                (HEADER_REPORT_ONLY, True, sources[1], "_csp_exempt_ro")))
            type(self)._plain = (sources, headers)
        for header, policy, prefixes, exempt in headers:
            if (policy and header not in response and getattr(response, exempt, False) is False
                    and not request.path_info.startswith(prefixes)):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class LazyMessageMiddleware(MessageMiddleware):
    """Django's messages, with the storage made on first use: a page that neither shows nor adds a
    message (an anonymous visitor without a message cookie reading an article) skips its set-up and
    its update of the response."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response
        return super().process_response(request, response)
