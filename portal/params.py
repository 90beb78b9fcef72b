"""Query parameters read by public views: one parser, so a bad value is "no filter" or 404, never 500.

Public lists declare their filters as django-filter FilterSets; the numeric and date filters below
carry the bounds a database lookup can take (a year of 1–9999, Python's ``date`` range), so a
negative, huge or non-numeric value fails form validation like any other bad input instead of
raising ValueError or OverflowError in the query.
"""

import django_filters
from django import forms

YEAR_MIN, YEAR_MAX = 1, 9999
INT_MAX = 2**31 - 1  # fits every integer column on SQLite and PostgreSQL


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(**kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year (1–9999), e.g. ``field_name="period__year"``."""

    field_class = YearField


class BoundedIntegerFilter(django_filters.NumberFilter):
    """A whole number within what a database column holds (0 … 2³¹−1 unless told otherwise)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value=0, max_value=INT_MAX, **kwargs):
        kwargs.setdefault("min_value", min_value)
        kwargs.setdefault("max_value", max_value)
        super().__init__(*args, **kwargs)


def int_param(request, name: str, default=None, *, min_value=0, max_value=INT_MAX):
    """``request.GET[name]`` as an int within bounds, or ``default`` for anything else."""
    raw = request.GET.get(name, "")
    if not raw or len(raw) > 12:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        return default
    return value if min_value <= value <= max_value else default
