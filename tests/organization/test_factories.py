"""Helpers for the section 2 tests (units and officials that read like the domain)."""

from datetime import timedelta

from django.utils import timezone

from organization.models import Official, OrgUnit
from portal.publishing import Status


def published():
    return {"status": Status.PUBLISHED, "published_at": timezone.now() - timedelta(days=1)}


def make_unit(agency, name="Văn phòng", kind=OrgUnit.Kind.OFFICE, parent=None, is_published=True, **fields):
    state = published() if is_published else {"status": Status.DRAFT}
    return OrgUnit.objects.create(agency=agency, name=name, kind=kind, parent=parent, **{**state, **fields})


def make_official(unit, full_name="Nguyễn Văn Thử", title="Chuyên viên", is_published=True, **fields):
    state = published() if is_published else {"status": Status.DRAFT}
    return Official.objects.create(agency=unit.agency, unit=unit, full_name=full_name, title=title,
                                   **{**state, **fields})


def make_structure(agency, officials=20):
    """A department: Ban Giám đốc, Văn phòng, two divisions and a centre, ``officials`` people in all."""
    board = make_unit(agency, "Ban Giám đốc", OrgUnit.Kind.LEADERSHIP)
    office = make_unit(agency, "Văn phòng", OrgUnit.Kind.OFFICE, email="vanphong@so-thu.gov.vn")
    division = make_unit(agency, "Phòng Kế hoạch – Tài chính", OrgUnit.Kind.DIVISION)
    sub = make_unit(agency, "Tổ Kế toán", OrgUnit.Kind.OTHER, parent=division)
    centre = make_unit(agency, "Trung tâm Dịch vụ", OrgUnit.Kind.SERVICE_UNIT)
    units = [board, office, division, sub, centre]
    people = [make_official(board, "Trần Văn Giám", "Giám đốc", email="giam@so-thu.gov.vn")]
    titles = ["Phó Giám đốc", "Chánh Văn phòng", "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính",
              "Chuyên viên", "Nhân viên"]
    homes = [board, office, division, division, division, office, centre]
    for i in range(officials - 1):
        title, home = titles[i % len(titles)], homes[i % len(homes)]
        if i >= len(titles):
            home = units[i % len(units)]
        people.append(make_official(home, f"Người Mẫu Số {i:03d}", title, email=f"nguoi{i}@so-thu.gov.vn",
                                    phone=f"0270 3800 {i:03d}", order=i + 1))
    return units, people


def test_structure_helper_builds_published_tree(agency):
    units, people = make_structure(agency, officials=12)
    assert OrgUnit.objects.published().count() == 5
    assert len(people) == 12
    assert units[3].depth == 1 and units[3].tree_path.startswith(units[2].tree_path)
