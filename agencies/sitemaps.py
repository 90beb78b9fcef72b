"""sitemap.xml: a sitemap index over one sitemap per kind of page (paged), built by the registry.

``AgencySitemap`` is the base of every section's sitemap: on the province site it lists the rows of
agencies served under it (agencies on their own host name are left out there), and on an agency's
own host name the same class lists that agency's rows only, so each host's index names its own
pages. Section apps subclass it in their own ``sitemaps.py``. Each file costs a constant number of
queries (its bounds or a count, then its rows); the index one per kind (the latest change and the
bounds together).

A file of a thousand rows must build in a few tens of milliseconds: an entry's address is not
reversed row by row but formatted from its agency's address for that page, reversed once per agency
and page name (``AgencySitemap.url``), and the file is written out by ``render_urlset`` rather than
through a template.
"""

import re
from datetime import datetime
from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max, Min, QuerySet
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import escape

from portal.sections import all_sections

from .models import Agency


class AgencySitemap(Sitemap):
    """A sitemap of agencies' rows: those of the site's agencies, or of one agency on its own host."""

    limit = 1000  # far under the protocol's 50,000 URLs / 50 MB per file, and quick to build
    lastmod_field = "updated_at"
    url_name = ""  # the page of one row, reversed with the row's pk (the default ``location``)

    def __init__(self, agency=None):
        self.agency = agency
        self._patterns = {}

    def url(self, agency, viewname, **kwargs):
        """``agency.reverse(viewname, **kwargs)``, reversed once per agency, page and argument names:
        the row's own values (a pk, a slug) are then put into the address by string formatting."""
        key = (agency.pk, viewname, *kwargs)
        if key not in self._patterns:
            self._patterns[key] = _pattern(agency, viewname, list(kwargs))
        pattern = self._patterns[key]
        values = [str(value) for value in kwargs.values()]
        if pattern is None or not all(_PLAIN.fullmatch(value) for value in values):
            return agency.reverse(viewname, **kwargs)
        return pattern.format(*values)

    def location(self, item):
        if not self.url_name:
            return item.get_absolute_url()
        return self.url(item.agency, self.url_name, pk=item.pk)

    def for_site(self, queryset, agency_field="agency"):
        """``queryset`` narrowed to this sitemap's agencies; ``agency_field=""`` for Agency itself."""
        if self.agency is not None:
            return queryset.filter(**{agency_field or "pk": self.agency.pk})
        prefix = f"{agency_field}__" if agency_field else ""
        return queryset.filter(**{f"{prefix}is_active": True, f"{prefix}host__isnull": True})

    def rows(self, queryset, *fields):
        """``queryset`` for this site, loading what an entry needs: its agency's slug and host (for the
        address), ``lastmod_field`` and ``fields``; the caller orders it."""
        return (self.for_site(queryset).select_related("agency")
                .only(*fields, self.lastmod_field, "agency__slug", "agency__host"))

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def _location(self, item, force_lang_code=None):
        location = super()._location(item, force_lang_code)
        # On its own host an agency's pages reverse to "//host/path"; the framework adds the domain.
        if self.agency is not None and self.agency.host and location.startswith(f"//{self.agency.host}/"):
            return location[len(self.agency.host) + 2:]
        return location

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default walk over every item; the index then asks for the
        # number of pages, so the same query finds the rows' range of keys (``PkRangePaginator``).
        items = self.items()
        if not hasattr(items, "aggregate") or not self.lastmod_field:
            return None
        found = items.order_by().aggregate(latest=Max(self.lastmod_field), low=Min("pk"), high=Max("pk"))
        self._bounds = (found["low"], found["high"])
        return found["latest"]

    @property
    def paginator(self):
        items = self._items()
        if (isinstance(items, QuerySet) and items.query.order_by in (("pk",), ("id",))
                and items.model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")):
            return PkRangePaginator(items, self.limit, getattr(self, "_bounds", None))
        return Paginator(items, self.limit)


class PkRangePaginator:
    """Pages of a queryset ordered by pk, page ``n`` holding the keys ``low + (n - 1) * per_page`` up
    to the next page's: a page is read by a range of the primary key's index, as quick for the last
    page as for the first (``OFFSET`` walks every row before the page: 150 ms deep in 150,000 rows).
    Gaps in the keys (rows not public, rows of agencies on their own host) make pages shorter, never
    longer; the pages listed in the index are the ones served, an empty one as an empty urlset."""

    def __init__(self, queryset, per_page, bounds=None):
        self.queryset, self.per_page = queryset, per_page
        if bounds is None:  # the first and the last key, each read at one end of the index
            keys = queryset.values_list("pk", flat=True)
            bounds = (keys.order_by("pk").first(), keys.order_by("-pk").first())
        self.low, self.high = bounds

    @property
    def num_pages(self):
        return 0 if self.low is None else (self.high - self.low) // self.per_page + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(str(error)) from error
        if number < 1 or number > max(self.num_pages, 1):
            raise EmptyPage(f"Page {number} is empty")
        if self.low is None:
            return SimpleNamespace(object_list=self.queryset.none(), number=number)
        start = self.low + (number - 1) * self.per_page
        return SimpleNamespace(object_list=self.queryset.filter(pk__gte=start, pk__lt=start + self.per_page),
                               number=number)


_PLACEHOLDER = 987_654_320  # an integer fits every converter a row's argument may use (int, slug, str)
_PLAIN = re.compile(r"[A-Za-z0-9_-]+")  # values reverse() writes as they are (nothing to quote)


def _pattern(agency, viewname, names):
    """The agency's address of ``viewname`` as a ``str.format`` pattern over the arguments ``names``,
    or ``None`` when it cannot be told apart from the rest of the address (then rows are reversed)."""
    markers = [str(_PLACEHOLDER + index) for index in range(len(names))]
    try:
        address = agency.reverse(viewname, **{name: int(marker) for name, marker in zip(names, markers, strict=True)})
    except NoReverseMatch:
        return None
    if any(address.count(marker) != 1 for marker in markers) or "{" in address or "}" in address:
        return None
    for index, marker in enumerate(markers):
        address = address.replace(marker, f"{{{index}}}")
    return address


def _day(value):
    """The date a sitemap writes for ``lastmod`` (local date of an aware datetime, as the template did)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().isoformat()
    return value.isoformat()


def render_urlset(urls) -> str:
    """The ``<urlset>`` of ``Sitemap.get_urls()`` entries, written out directly (a template takes ten
    times as long over a thousand rows)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in urls:
        line = f"<url><loc>{escape(url['location'])}</loc>"
        if url["lastmod"]:
            line += f"<lastmod>{_day(url['lastmod'])}</lastmod>"
        if url["changefreq"]:
            line += f"<changefreq>{url['changefreq']}</changefreq>"
        if url["priority"]:
            line += f"<priority>{url['priority']}</priority>"
        lines.append(line + "</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


class AgencySectionSitemap(AgencySitemap):
    changefreq = "daily"
    lastmod_field = None

    def items(self):
        agencies = self.for_site(Agency.objects.all(), agency_field="").only("slug", "host").order_by("order", "pk")
        return [(agency, None) for agency in agencies] + [
            (agency, section) for agency in agencies for section in all_sections()
        ]

    def lastmod(self, item):
        return None

    def location(self, item):
        agency, section = item
        return self.url(agency, section.url_name if section else "agency_home")


SITEMAPS = {"co-quan": AgencySectionSitemap}
