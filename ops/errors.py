"""The error pages that must work when the database does not."""

import sys

from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

from ops.logs import request_id_var

# psycopg's pool raises PoolTimeout (an OperationalError) when no connection comes in time.
UNAVAILABLE = (OperationalError, InterfaceError)


def _is_outage(error) -> bool:
    """The database is away, whoever caught and re-raised it (libraries wrap errors in their own)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, UNAVAILABLE):
            return True
        # django-import-export's ImportError carries the original error as its first argument.
        carried = next((arg for arg in getattr(error, "args", ()) if isinstance(arg, BaseException)), None)
        error = error.__cause__ or error.__context__ or carried
    return False


def unavailable_response():
    from django.http import HttpResponse

    # Rendered without a request: no context processor may touch the database that is away.
    content = render_to_string("503.html", {"request_id": request_id_var.get()})
    response = HttpResponse(content, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """handler500: a database outage answers 503 "try again shortly", anything else the usual 500."""
    _type, error, _tb = sys.exc_info()
    if error is not None and _is_outage(error):
        return unavailable_response()
    return django_server_error(request, template_name)
