"""Read API of section 2: units (tree), public officials, headcount — exactly what the organization
page and the directory show (``directory.public_units`` / ``public_officials`` / ``headcount``)."""

from datetime import datetime

from django.utils import timezone
from ninja import Query, Router, Schema

from portal.api import ErrorOut, HarvestFilter, Page, public_agency, python_page

from . import directory
from .models import Official, OrgUnit

router = Router(tags=["Bộ máy tổ chức (mục 2)"])


class UnitOut(Schema):
    id: int
    agency: str
    parent_id: int | None
    name: str
    name_en: str
    kind: str
    depth: int
    phone: str
    email: str
    address: str
    duties: str
    updated_at: datetime


class OfficialOut(Schema):
    id: int
    agency: str
    unit_id: int
    unit: str
    full_name: str
    title: str
    title_en: str
    group: str
    email: str
    phone: str
    photo: str | None


class HeadcountGroup(Schema):
    group: str
    label: str
    label_en: str
    count: int


class HeadcountUnit(Schema):
    unit_id: int
    unit: str
    counts: dict[str, int]
    total: int


class HeadcountOut(Schema):
    agency: str
    groups: list[HeadcountGroup]
    units: list[HeadcountUnit]
    total: int


def _unit_changed(unit):
    return max(unit.updated_at, unit.published_at)


def _unit_out(agency):
    return lambda u: {"id": u.pk, "agency": agency.slug, "parent_id": u.parent_id, "name": u.name,
                      "name_en": u.name_en, "kind": u.kind, "depth": u.depth, "phone": u.phone, "email": u.email,
                      "address": u.address, "duties": u.duties, "updated_at": u.updated_at}


@router.get("/agencies/{slug}/units", response={200: Page[UnitOut], 404: ErrorOut},
            summary="Các đơn vị trực thuộc (cây tổ chức)")
def units(request, slug: str, params: Query[HarvestFilter]):
    agency = public_agency(slug)
    found = directory.public_units(agency, timezone.now())
    published = dict(OrgUnit.objects.filter(pk__in=[u.pk for u in found]).values_list("pk", "published_at"))
    for unit in found:
        unit.published_at = published[unit.pk]
    return python_page(found, params, _unit_changed, _unit_out(agency))


def _official_changed(official):
    return max(official.updated_at, official.published_at)


@router.get("/agencies/{slug}/officials", response={200: Page[OfficialOut], 404: ErrorOut},
            summary="Cán bộ công khai trong danh bạ")
def officials(request, slug: str, params: Query[HarvestFilter]):
    agency = public_agency(slug)
    now = timezone.now()
    found = directory.public_officials(agency, directory.public_units(agency, now), now)
    moments = dict((pk, (u, p)) for pk, u, p in Official.objects.filter(pk__in=[o.pk for o in found])
                   .values_list("pk", "updated_at", "published_at"))
    for official in found:
        official.updated_at, official.published_at = moments[official.pk]

    def serialize(o):
        return {"id": o.pk, "agency": agency.slug, "unit_id": o.unit_id, "unit": o.unit.name,
                "full_name": o.full_name, "title": o.title, "title_en": o.title_en, "group": o.group,
                "email": o.email, "phone": o.phone, "photo": o.photo.url if o.photo else None}

    return python_page(found, params, _official_changed, serialize)


def headcount_out(agency, units=None, now=None) -> dict:
    now = now or timezone.now()
    units = directory.public_units(agency, now) if units is None else units
    count = directory.headcount(agency, units, now)
    return {
        "agency": agency.slug,
        "groups": [{"group": g.value, "label": str(g.label), "label_en": g.english_label, "count": n}
                   for g, n in count.by_group],
        "units": [{"unit_id": row.unit.pk, "unit": row.unit.name, "total": row.total,
                   "counts": {g.value: n for g, n in zip(count.groups, row.counts, strict=True)}}
                  for row in count.rows],
        "total": count.total,
    }


@router.get("/agencies/{slug}/headcount", response={200: HeadcountOut, 404: ErrorOut},
            summary="Số lượng cán bộ theo nhóm")
def headcount(request, slug: str):
    return headcount_out(public_agency(slug))


# --- tombstones ---

def _unit_cascade(unit, now, gone):
    """Units below an unpublished unit and the officials in them leave the pages with it; when it
    comes back they come back too (touched, so an incremental harvest sees them)."""
    from portal.tombstones import record, revive

    below = OrgUnit.objects.filter(agency_id=unit.agency_id, tree_path__startswith=unit.tree_path).exclude(pk=unit.pk)
    staff = Official.objects.filter(agency_id=unit.agency_id, unit__tree_path__startswith=unit.tree_path)
    unit_ids = list(below.values_list("pk", flat=True))
    official_ids = list(staff.values_list("pk", flat=True))
    if gone:
        slug = unit.agency.slug
        record("unit", unit_ids, slug, now)
        record("official", official_ids, slug, now)
    else:
        revive("unit", unit_ids)
        revive("official", official_ids)
        OrgUnit.objects.filter(pk__in=unit_ids).update(updated_at=now)
        Official.objects.filter(pk__in=official_ids).update(updated_at=now)


def _register_tombstones():
    from portal.tombstones import track

    track(OrgUnit, "unit", lambda: OrgUnit.objects.published(), cascade=_unit_cascade)
    track(Official, "official", lambda: Official.objects.public())


_register_tombstones()


def _summary(agency, now):
    return {"headcount": headcount_out(agency, now=now)}


def _register_summary():
    from portal.api import register_summary

    register_summary("2_organization", _summary)


_register_summary()
