"""The section registry: the eight sections of the provincial guidance as data.

Each app that plugs into the portal has a ``sections.py`` module, found at start-up by
``autodiscover()`` (Django's ``autodiscover_modules``, as the admin finds ``admin.py``). At import it
declares, once:

- ``register_app(SectionApp(...))``: what the app adds to the site — its agency pages, its
  province-wide pages, its sitemaps, the path segments agency slugs may not take, its demo loaders
  and bulk seeders;
- ``register(Section(...))`` for each numbered section: title, path, update rule, the
  ``summarize`` function and the review rule.

The root URLs, sitemap.xml, the reserved slugs, ``load_demo``/``seed_bulk``, the public navigation,
the agency home page and the compliance review only iterate over this registry; adding a ninth
section is one ``sections.py`` (tests/tenancy_app/sections.py shows it).

``summarize(agency_ids, now)`` answers, for many agencies at once and in a fixed number of queries,
how many published items each has and when it was last updated; ``SectionSummary.extra`` carries
what a section's compliance rule needs beyond that (documented by each section). For one agency's
home, a section may also declare ``AgencyFigures``: its summary as expressions over the agency row,
so that the home asks every section in one query instead of one or two per section.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.module_loading import autodiscover_modules, import_string


@dataclass
class SectionSummary:
    count: int = 0
    last_updated: datetime | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    title: str  # lazy Vietnamese title
    url_name: str  # the agency page of the section, reversed with Agency.reverse()
    path: str  # first path segment under the agency, e.g. "tin-tuc"
    update_rule: str  # what the guidance asks, in words ("Cập nhật hằng ngày, hằng tuần")
    # "static": filled once, kept current (sections 1-4); "continuous": updated daily/weekly.
    frequency: str
    summarize: Callable[[Iterable[int], datetime], dict[int, SectionSummary]]
    description: str = ""
    admin_url_name: str | None = None  # admin changelist, e.g. "admin:content_article_changelist"
    # The models staff edit for the section, as "app_label.ModelName", in the order the admin lists
    # them: the admin's navigation groups them under the section (1-8 in order), and the officer's
    # desk finds the section's publishable models here. Empty: the model of ``admin_url_name``.
    models: tuple[str, ...] = ()
    # The province-wide page of this section, if it has one (url name in portal.urls).
    province_url_name: str | None = None
    # The review rule: {"kind": <a kind of compliance/rules.py>, **parameters}; without "kind" the
    # section's ``frequency`` chooses one. The compliance app evaluates it.
    rule: dict = field(default_factory=dict)
    # Optional blocks on the agency home and on the province home: a template and a function
    # giving its context (``agency_block_context(agency)``, ``province_block_context()``).
    agency_block_template: str | None = None
    agency_block_context: Callable | None = None
    province_block_template: str | None = None
    province_block_context: Callable | None = None
    # What of this section the site-wide search finds (portal.search.Searchable entries).
    searchables: tuple = ()
    # The agency home's answer for one agency, folded with every other section's into one query
    # (``AgencyFigures``); without it the home asks ``summarize`` and ``agency_block_context``.
    agency_figures: "AgencyFigures | None" = None

    def model_classes(self) -> list:
        """The section's models (``models``, or the one of ``admin_url_name``); unknown labels are skipped."""
        from django.apps import apps

        if self.models:
            found = []
            for label in self.models:
                try:
                    found.append(apps.get_model(label))
                except LookupError:
                    continue
            return found
        if self.admin_url_name:
            name = self.admin_url_name.split(":")[-1].removesuffix("_changelist")
            return [m for m in apps.get_models() if f"{m._meta.app_label}_{m._meta.model_name}" == name]
        return []

    def summary_for(self, agency, now=None) -> SectionSummary:
        from django.utils import timezone

        return self.summarize([agency.pk], now or timezone.now()).get(agency.pk, SectionSummary())


@dataclass(frozen=True)
class AgencyFigures:
    """What a section shows on one agency's home, as figures of the agency row.

    ``figures(now)`` gives ``{name: expression}``: scalar SQL expressions over the agency row
    (subqueries filtered on ``OuterRef("pk")``, see ``per_agency``); the agency home evaluates every
    section's figures in one query of that agency's row. ``build(agency, values, now)`` turns the
    values (``{name: value}``, None where a subquery found no row) into ``(summary, extra)``: the
    ``SectionSummary`` (the same count and last change as ``summarize`` gives, which tests compare)
    and the context of the section's agency block; it may read a short list (the latest news), but
    should skip the query when the figures say there is nothing.
    """

    figures: Callable[[datetime], dict]
    build: Callable[..., tuple[SectionSummary, dict]]


def per_agency(queryset, **aggregates) -> dict:
    """``{name: Subquery}``: each aggregate over ``queryset``'s rows of the agency of the outer row
    (an agency queryset), for ``AgencyFigures``. A subquery with no row gives None."""
    from django.db.models import OuterRef, Subquery

    rows = queryset.filter(agency_id=OuterRef("pk")).order_by().values("agency_id")
    return {name: Subquery(rows.annotate(**{name: aggregate}).values(name)) for name, aggregate in aggregates.items()}


def published_figures(queryset, last_field="updated_at", prefix="") -> dict:
    """The figures of ``published_summary`` for one agency: ``count`` and ``last``."""
    from django.db.models import Count, Max

    return per_agency(queryset, **{f"{prefix}count": Count("pk"), f"{prefix}last": Max(last_field)})


def summary_of(values, prefix="") -> SectionSummary:
    return SectionSummary(values.get(f"{prefix}count") or 0, values.get(f"{prefix}last"))


def latest(*moments):
    """The latest of the moments given that are not None (None if none is)."""
    return max((m for m in moments if m is not None), default=None)


@dataclass(frozen=True)
class SectionApp:
    """What one app adds to the site. Module paths are dotted strings, imported when needed."""

    label: str
    urls: str | None = None  # the agency's pages: mounted under /<slug>/ and at / on an agency's host
    province_urls: str | None = None  # province-wide pages
    sitemaps: str | None = None  # dotted path to a {name: Sitemap class} dict
    reserved_paths: tuple[str, ...] = ()  # first path segments the app uses; agency slugs may not take them
    demo_loaders: tuple = ()  # ((order, "app.demo.load"), ...): load(ctx: portal.demo.DemoContext)
    bulk_seeders: tuple = ()  # ((order, "app.bulk.seed", [(flags, argparse kwargs)]), ...)


_registry: dict[str, Section] = {}
_apps: dict[str, SectionApp] = {}


def register(section: Section) -> None:
    existing = _registry.get(section.key)
    if existing is not None and existing != section:
        raise ValueError(f"Section {section.key!r} is registered twice.")
    _registry[section.key] = section
    if section.searchables:
        from portal import search

        for searchable in section.searchables:
            search.register(searchable)


def unregister(key: str) -> None:
    _registry.pop(key, None)


def register_app(section_app: SectionApp) -> None:
    existing = _apps.get(section_app.label)
    if existing is not None and existing != section_app:
        raise ValueError(f"Section app {section_app.label!r} is registered twice.")
    _apps[section_app.label] = section_app


def unregister_app(label: str) -> None:
    _apps.pop(label, None)


def autodiscover() -> None:
    """Import every installed app's ``sections.py`` (called once by PortalConfig.ready)."""
    autodiscover_modules("sections")


def section_apps() -> list[SectionApp]:
    """Registered apps in INSTALLED_APPS order (URL inclusion order follows it)."""
    from django.apps import apps

    order = {config.label: i for i, config in enumerate(apps.get_app_configs())}
    return sorted(_apps.values(), key=lambda a: order.get(a.label, len(order)))


def collect_sitemaps() -> dict:
    sitemaps = {}
    for section_app in section_apps():
        if section_app.sitemaps:
            sitemaps.update(import_string(section_app.sitemaps))
    return sitemaps


def reserved_paths() -> frozenset[str]:
    return frozenset(p for section_app in _apps.values() for p in section_app.reserved_paths)


def all_sections() -> list[Section]:
    return sorted(_registry.values(), key=lambda s: s.number)


def publishable_models() -> list[tuple[Section, type]]:
    """``(section, model)`` for every model of a registered section that goes through the workflow."""
    from .publishing import Publishable

    seen, found = set(), []
    for section in all_sections():
        for model in section.model_classes():
            if issubclass(model, Publishable) and model not in seen:
                seen.add(model)
                found.append((section, model))
    return found


def section_of_model(model) -> Section | None:
    """The registered section whose ``models`` include ``model``, or None."""
    for section in all_sections():
        if model in section.model_classes():
            return section
    return None


def public_path(obj) -> str:
    """The public page of a section's item when the public can see it now (its own page, else its
    section's page of its agency); "" while it is a draft, pending, scheduled or unpublished."""
    from django.urls import NoReverseMatch

    if not getattr(obj, "is_public", False):
        return ""
    url = ""
    if hasattr(obj, "get_absolute_url"):
        try:
            url = obj.get_absolute_url()
        except (NoReverseMatch, AttributeError, ValueError):
            url = ""
    agency = getattr(obj, "agency", None)
    section = None if url else section_of_model(type(obj))
    if section is not None and agency is not None:
        try:
            url = agency.reverse(section.url_name)
        except NoReverseMatch:
            url = ""
    return url


def get_section(key: str) -> Section:
    return _registry[key]


def published_summary(queryset, agency_ids, last_field="updated_at") -> dict[int, SectionSummary]:
    """The usual ``summarize``: count and latest change of published rows, one query for all."""
    from django.db.models import Count, Max

    rows = (queryset.filter(agency_id__in=list(agency_ids)).order_by()
            .values("agency_id").annotate(count=Count("pk"), last=Max(last_field)))
    return {row["agency_id"]: SectionSummary(row["count"], row["last"]) for row in rows}
