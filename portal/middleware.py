from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import translation


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
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp with one exception: the admin's rich-text editor needs inline styles."""

    def process_response(self, request, response):
        if request.path.startswith("/admin/"):
            response._csp_replace = {"style-src": settings.ADMIN_STYLE_SRC}
        return super().process_response(request, response)
