"""The section registry: the eight sections of the provincial guidance as data.

Each section app declares its ``Section`` in its ``sections.py`` (``register()`` called from its
AppConfig.ready). The public navigation, the agency home page and the compliance review only
iterate over ``all_sections()``; adding a ninth section is one registration.

``summarize(agency_ids, now)`` answers, for many agencies at once and in a fixed number of queries,
how many published items each has and when it was last updated; ``SectionSummary.extra`` carries
what a section's compliance rule needs beyond that (documented by each section).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime


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
    # The province-wide page of this section, if it has one (url name in portal.urls).
    province_url_name: str | None = None
    # Default compliance rule parameters; the compliance app evaluates them.
    rule: dict = field(default_factory=dict)
    # Optional blocks on the agency home and on the province home: a template and a function
    # giving its context (``agency_block_context(agency)``, ``province_block_context()``).
    agency_block_template: str | None = None
    agency_block_context: Callable | None = None
    province_block_template: str | None = None
    province_block_context: Callable | None = None

    def summary_for(self, agency, now=None) -> SectionSummary:
        from django.utils import timezone

        return self.summarize([agency.pk], now or timezone.now()).get(agency.pk, SectionSummary())


_registry: dict[str, Section] = {}


def register(section: Section) -> None:
    existing = _registry.get(section.key)
    if existing is not None and existing != section:
        raise ValueError(f"Section {section.key!r} is registered twice.")
    _registry[section.key] = section


def unregister(key: str) -> None:
    _registry.pop(key, None)


def all_sections() -> list[Section]:
    return sorted(_registry.values(), key=lambda s: s.number)


def get_section(key: str) -> Section:
    return _registry[key]


def published_summary(queryset, agency_ids, last_field="updated_at") -> dict[int, SectionSummary]:
    """The usual ``summarize``: count and latest change of published rows, one query for all."""
    from django.db.models import Count, Max

    rows = (queryset.filter(agency_id__in=list(agency_ids)).order_by()
            .values("agency_id").annotate(count=Count("pk"), last=Max(last_field)))
    return {row["agency_id"]: SectionSummary(row["count"], row["last"]) for row in rows}
