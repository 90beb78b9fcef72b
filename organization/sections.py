"""Section 2 (Bộ máy tổ chức) in the section registry."""

from django.utils.translation import gettext_lazy as _

from portal.search import Doc, Searchable
from portal.sections import (
    AgencyFigures,
    Section,
    SectionApp,
    SectionSummary,
    latest,
    published_figures,
    published_summary,
    register,
    register_app,
)


def summarize(agency_ids, now):
    """Published units and officials per agency, and the latest change among them (two queries)."""
    from .models import Official, OrgUnit

    agency_ids = list(agency_ids)
    units = published_summary(OrgUnit.objects.published(now), agency_ids)
    officials = published_summary(Official.objects.published(now), agency_ids)
    result = {}
    for agency_id in set(units) | set(officials):
        u = units.get(agency_id, SectionSummary())
        o = officials.get(agency_id, SectionSummary())
        result[agency_id] = SectionSummary(
            count=u.count + o.count,
            last_updated=max((d for d in (u.last_updated, o.last_updated) if d), default=None),
            extra={"units": u.count, "officials": o.count},
        )
    return result


def agency_figures(now):
    from .models import Official, OrgUnit

    return {**published_figures(OrgUnit.objects.published(now), prefix="units_"),
            **published_figures(Official.objects.published(now), prefix="officials_")}


def agency_summary(agency, values, now):
    units, officials = values["units_count"] or 0, values["officials_count"] or 0
    return SectionSummary(units + officials, latest(values["units_last"], values["officials_last"]),
                          {"units": units, "officials": officials}), {}


# --- what the site-wide search finds: officials shown publicly (portal/search.py) ---------------
def public_officials(now):
    from .models import Official

    return Official.objects.public(now).select_related("agency", "unit")


def official_document(official):
    from urllib.parse import urlencode

    url = official.agency.reverse("organization:directory") + "?" + urlencode({"q": official.full_name})
    return Doc(title=official.full_name, url=url,
               text=[official.title, official.unit.name, official.email, official.phone,
                     "".join(ch for ch in official.phone if ch.isdigit())],
               summary=f"{official.title}, {official.unit.name}")


def _officials_of_unit(unit):
    from .models import Official

    return Official.objects.filter(unit=unit)


OFFICIAL_SEARCH = Searchable(kind="can-bo", label=_("Cán bộ"), model="organization.Official",
                             public=public_officials, document=official_document, order=20,
                             related=(("organization.OrgUnit", _officials_of_unit),))


SECTION = Section(
    number=2,
    key="organization",
    title=_("Bộ máy tổ chức"),
    url_name="organization:organization",
    path="co-cau-to-chuc",
    update_rule=_("Nhập lần đầu, sau đó cập nhật ngay khi có thay đổi"),
    frequency="static",
    summarize=summarize,
    description=_("Các phòng, đơn vị trực thuộc; số lượng cán bộ theo nhóm; danh bạ chức vụ, thư điện tử."),
    admin_url_name="admin:organization_orgunit_changelist",
    models=("organization.OrgUnit", "organization.Official"),
    agency_block_template="organization/includes/section_block.html",
    rule={"kind": "static_content"},
    searchables=(OFFICIAL_SEARCH,),
    agency_figures=AgencyFigures(figures=agency_figures, build=agency_summary),
)


register(SECTION)


register_app(SectionApp(
    label="organization",
    urls="organization.urls",
    province_urls=None,
    sitemaps="organization.sitemaps.SITEMAPS",
    reserved_paths=("co-cau-to-chuc",),
    demo_loaders=((10, "organization.demo.load_organization"),),
    bulk_seeders=(
        (10, "organization.bulk.seed_organization", [
            (("--units",), {"type": int, "default": 8, "help": "Số đơn vị trực thuộc mỗi cơ quan (mục 2)."}),
            (("--officials",), {"type": int, "default": 40, "help": "Số cán bộ mỗi cơ quan (mục 2)."}),
        ]),
    ),
))
