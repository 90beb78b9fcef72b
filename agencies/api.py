"""Read API of the agencies: those ``Agency.objects.public()`` lists, with the eight sections' state
from the section registry (section 2 is in organization/api.py)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from portal.api import ErrorOut, HarvestFilter, Page, harvest_page, history_changed_at, public_agency
from portal.sections import all_sections

from .models import Agency

router = Router(tags=["Cơ quan, đơn vị"])


class SectionState(Schema):
    number: int
    key: str
    title: str
    count: int
    last_updated: datetime | None


class AgencyOut(Schema):
    id: int
    slug: str
    kind: str
    name: str
    name_en: str
    short_name: str
    parent: str | None = Field(None, description="slug của cơ quan cấp trên")
    url: str
    address: str
    address_en: str
    phone: str
    fax: str
    email: str
    responsible_name: str
    responsible_title: str
    joined_on: date
    sections: list[SectionState]


def _agencies_out(agencies, now=None) -> list[dict]:
    """Agencies with the eight sections' state: one summarize per section, whatever the count."""
    now = now or timezone.now()
    ids = [a.pk for a in agencies]
    summaries = {s.key: s.summarize(ids, now) for s in all_sections()}
    parents = dict(Agency.objects.filter(pk__in={a.parent_id for a in agencies if a.parent_id})
                   .values_list("pk", "slug"))
    result = []
    for agency in agencies:
        sections = []
        for section in all_sections():
            summary = summaries[section.key].get(agency.pk)
            sections.append({"number": section.number, "key": section.key, "title": str(section.title),
                             "count": summary.count if summary else 0,
                             "last_updated": summary.last_updated if summary else None})
        result.append({**{f: getattr(agency, f) for f in (
            "id", "slug", "kind", "name", "name_en", "short_name", "address", "address_en", "phone", "fax",
            "email", "responsible_name", "responsible_title", "joined_on")},
            "parent": parents.get(agency.parent_id), "url": agency.get_absolute_url(), "sections": sections})
    return result


@router.get("/agencies", response=Page[AgencyOut], summary="Danh sách cơ quan, đơn vị")
def agencies(request, params: Query[HarvestFilter]):
    queryset = Agency.objects.public().annotate(changed_at=history_changed_at(Agency))
    return harvest_page(queryset, params, _agencies_out)


@router.get("/agencies/{slug}", response={200: AgencyOut, 404: ErrorOut}, summary="Một cơ quan, đơn vị")
def agency_detail(request, slug: str):
    return _agencies_out([public_agency(slug)])[0]


def _register_tombstones():
    from portal.tombstones import track

    track(Agency, "agency", lambda: Agency.objects.filter(is_active=True), agency_slug=lambda a: a.slug)


_register_tombstones()
