"""The error pages that must work when the database does not."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

from ops.logs import request_id_var

# psycopg's pool raises PoolTimeout (an OperationalError) when no connection comes in time.
UNAVAILABLE = (OperationalError, InterfaceError)


def _is_outage(error) -> bool:
    return isinstance(error, UNAVAILABLE) or (isinstance(error, DatabaseError)
                                              and isinstance(error.__cause__, UNAVAILABLE))


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
