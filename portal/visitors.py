"""Who is asking: a visitor reading a public page, or someone the full middleware is for.

One definition for the page cache (agencies.cache, which answers visitors from the cache) and for
portal.middleware.StaffMiddleware (which spares visitors sessions, authentication, the second factor,
messages and history).
"""

from django.conf import settings

# Never a visitor's public page: the admin, the API, files, the account pages, the metrics.
NOT_PUBLIC_PAGES = ("/admin/", "/api/", "/static/", "/media/", "/tai-khoan/", "/accounts/", "/metrics")


def has_session(request) -> bool:
    """The visitor has a session (staff): nothing shared is served to them as their own."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def has_messages(request) -> bool:
    """A flash message waits for this visitor (after a form): the page is rendered for them."""
    from django.contrib.messages.storage.cookie import CookieStorage

    return CookieStorage.cookie_name in request.COOKIES


def is_public_read(request) -> bool:
    """A GET or HEAD outside the admin, the API, files and account pages."""
    return request.method in ("GET", "HEAD") and not request.path_info.startswith(NOT_PUBLIC_PAGES)


def is_visitor_page_view(request) -> bool:
    """A public read by a visitor with neither a session nor a message waiting."""
    return is_public_read(request) and not has_session(request) and not has_messages(request)
