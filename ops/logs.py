"""Structured logs: one JSON object per line, each carrying the request id.

nginx passes ``X-Request-ID`` (the client's, when sane, or its own); without a proxy the id is made
here. Every log record written while a request runs gets it, and so does the response, so a line in
nginx's access log, the app's log and a citizen's screenshot of an error page can be matched.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

from portal.proxy import client_ip  # the one rule for the client behind trusted proxies

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_logger = logging.getLogger("portal.access")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class PortalJsonFormatter(JsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs)


class RequestIdMiddleware:
    """First in the stack: sets the request id, answers with it, and writes the access line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if not access_logger.isEnabledFor(logging.INFO):
                return response
            access_logger.info(
                "%s %s %s", request.method, request.path, response.status_code,
                extra={"request_id": request_id, "method": request.method, "path": request.path,
                       "status": response.status_code,
                       "duration_ms": round((time.monotonic() - started) * 1000, 1),
                       "client_ip": client_ip(request) or "",
                       "forwarded_for": request.META.get("HTTP_X_FORWARDED_FOR", ""),
                       "user_id": _user_id(request),
                       "page_cache": response.get("X-Page-Cache", "")},
            )
            return response
        finally:
            request_id_var.reset(token)


def _user_id(request):
    """The signed-in user's id, without loading the user for a visitor who has no session."""
    from django.conf import settings

    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    return getattr(getattr(request, "user", None), "pk", None)
