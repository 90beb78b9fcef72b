"""Section 2 (Bộ máy tổ chức) in the section registry."""

from django.utils.translation import gettext_lazy as _

from portal.sections import Section, SectionSummary, published_summary
from portal.sections import register as register_section


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


SECTION = Section(
    number=2,
    key="organization",
    title=_("Bộ máy tổ chức"),
    url_name="agencies:organization",
    path="co-cau-to-chuc",
    update_rule=_("Nhập lần đầu, sau đó cập nhật ngay khi có thay đổi"),
    frequency="static",
    summarize=summarize,
    description=_("Các phòng, đơn vị trực thuộc; số lượng cán bộ theo nhóm; danh bạ chức vụ, thư điện tử."),
    admin_url_name="admin:agencies_orgunit_changelist",
    agency_block_template="agencies/includes/section_block.html",
)


def register():
    register_section(SECTION)
