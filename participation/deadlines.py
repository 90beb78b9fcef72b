"""Legal time limits of the section, in working days (docs/participation.md cites them).

Requests for information received through the portal (Law on Access to Information 2016,
article 30 — requests through the electronic network): simple information that is available is
provided within 3 working days; information that must be gathered or needs other bodies' opinion
within 15 working days, extendable once by at most 15 working days with a written notice.
"""

from datetime import date

from .workdays import add_working_days

SIMPLE_WORKING_DAYS = 3
COMPLEX_WORKING_DAYS = 15
MAX_EXTENSION_WORKING_DAYS = 15


def request_due_on(received: date, complexity: str) -> date:
    days = SIMPLE_WORKING_DAYS if complexity == "simple" else COMPLEX_WORKING_DAYS
    return add_working_days(received, days)


def latest_extension(due_on: date) -> date:
    return add_working_days(due_on, MAX_EXTENSION_WORKING_DAYS)
