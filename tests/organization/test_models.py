"""Section 2 data rules: the unit tree, ordering, headcount groups, the contact officer."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organization.directory import headcount, public_units
from organization.models import Official, OrgUnit, group_for_title, move_unit, title_in_english
from tests.organization.test_factories import make_official, make_structure, make_unit

pytestmark = pytest.mark.django_db
G = Official.Group


def test_a_unit_cannot_be_its_own_parent(agency):
    office = make_unit(agency)
    office.parent = office
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert "chính nó" in str(error.value)


def test_a_unit_cannot_become_its_own_ancestor(agency):
    division = make_unit(agency, "Phòng A", OrgUnit.Kind.DIVISION)
    team = make_unit(agency, "Tổ B", OrgUnit.Kind.OTHER, parent=division)
    group = make_unit(agency, "Nhóm C", OrgUnit.Kind.OTHER, parent=team)
    division.parent = group
    with pytest.raises(ValidationError) as error:
        division.full_clean()
    assert error.value.message_dict["parent"] == ["Không thể đặt “Nhóm C” làm đơn vị cấp trên: nó đang trực thuộc “Phòng A”."]


def test_a_unit_of_another_agency_cannot_be_the_parent(agency, other_agency):
    foreign = make_unit(other_agency, "Văn phòng Sở Khác")
    unit = OrgUnit(agency=agency, name="Phòng A", kind=OrgUnit.Kind.DIVISION, parent=foreign)
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "parent" in error.value.message_dict


def test_the_tree_is_limited_to_four_levels(agency):
    parent = None
    for level in range(4):
        parent = make_unit(agency, f"Cấp {level}", OrgUnit.Kind.OTHER, parent=parent)
    too_deep = OrgUnit(agency=agency, name="Cấp 5", kind=OrgUnit.Kind.OTHER, parent=parent)
    with pytest.raises(ValidationError) as error:
        too_deep.full_clean()
    assert "tối đa 4 cấp" in str(error.value)


def test_the_unit_names_are_unique_within_an_agency_only(agency, other_agency):
    make_unit(agency, "Văn phòng")
    make_unit(other_agency, "Văn phòng")  # fine: another agency
    with pytest.raises(ValidationError):
        OrgUnit(agency=agency, name="Văn phòng", kind=OrgUnit.Kind.OFFICE).full_clean()


def test_tree_paths_follow_the_order_among_siblings(agency):
    second = make_unit(agency, "B", order=20)
    first = make_unit(agency, "A", order=10)
    child = make_unit(agency, "A1", parent=first)
    ordered = list(OrgUnit.objects.for_agency(agency).in_chart_order().values_list("name", flat=True))
    assert ordered == ["A", "A1", "B"]
    child.refresh_from_db()
    second.refresh_from_db()
    assert (child.depth, second.depth) == (1, 0)


def test_new_units_go_last_among_their_siblings_without_typing_numbers(agency):
    make_unit(agency, "Ban Giám đốc")
    make_unit(agency, "Văn phòng")
    make_unit(agency, "Thanh tra")
    names = list(OrgUnit.objects.for_agency(agency).in_chart_order().values_list("name", flat=True))
    assert names == ["Ban Giám đốc", "Văn phòng", "Thanh tra"]


def test_move_unit_swaps_with_its_neighbour_and_keeps_history(agency, editor):
    a, b, c = (make_unit(agency, name) for name in ("A", "B", "C"))
    assert move_unit(c, "up", editor)
    assert list(OrgUnit.objects.in_chart_order().values_list("name", flat=True)) == ["A", "C", "B"]
    assert not move_unit(OrgUnit.objects.get(name="A"), "up", editor)  # already first
    assert OrgUnit.objects.get(name="C").history.first().history_user == editor


@pytest.mark.parametrize(("title", "kind", "group"), [
    ("Giám đốc", "leadership", G.LEADERSHIP),
    ("Phó Giám đốc", "leadership", G.LEADERSHIP),
    ("Chủ tịch", "leadership", G.LEADERSHIP),
    ("Phó Chủ tịch Thường trực", "leadership", G.LEADERSHIP),
    ("Giám đốc", "service_unit", G.HEAD),  # the director of a centre heads a unit
    ("Phó Giám đốc", "service_unit", G.DEPUTY),
    ("Chánh Văn phòng", "office", G.HEAD),
    ("Phó Chánh Thanh tra", "inspectorate", G.DEPUTY),
    ("Trưởng phòng", "division", G.HEAD),
    ("Phó Trưởng phòng", "division", G.DEPUTY),
    ("Chi cục trưởng", "sub_department", G.HEAD),
    ("Chuyên viên chính", "division", G.SPECIALIST),
    ("Chuyên viên cao cấp", "division", G.SPECIALIST),
    ("Cán sự", "office", G.SPECIALIST),
    ("Nhân viên", "office", G.OTHER),
    ("Lái xe", "office", G.OTHER),
])
def test_the_headcount_group_is_derived_from_the_title(title, kind, group):
    assert group_for_title(title, kind) == group


def test_a_chosen_group_is_kept(agency):
    unit = make_unit(agency, "Văn phòng")
    person = make_official(unit, title="Kế toán trưởng", group=G.HEAD)
    assert person.group == G.HEAD
    derived = make_official(unit, "Lê Thị Cán", "Cán sự")
    assert derived.group == G.SPECIALIST


def test_english_titles_come_from_the_vocabulary_or_the_override(agency):
    unit = make_unit(agency)
    assert title_in_english("Phó Chánh Văn phòng") == "Deputy Chief of Office"
    assert make_official(unit, title="Chánh Văn phòng").english_title == "Chief of Office"
    assert make_official(unit, "B", title="Lái xe", title_en="Driver").english_title == "Driver"


def test_headcount_counts_by_unit_and_group_from_the_data(agency):
    from django.utils import timezone

    units, people = make_structure(agency, officials=20)
    hidden = make_official(units[1], "Người Không Hiện", "Chuyên viên", is_public=False)
    make_official(units[1], "Người Chưa Duyệt", "Chuyên viên", is_published=False)
    table = headcount(agency, public_units(agency, timezone.now()), timezone.now())
    assert table.total == 21  # 20 + the hidden one; the draft does not count
    assert sum(row.total for row in table.rows) == table.total
    by_group = {column.value: total for column, total in table.by_group}
    assert by_group[G.LEADERSHIP] == Official.objects.filter(
        group=G.LEADERSHIP, status="published").count()
    office_row = next(row for row in table.rows if row.unit.pk == units[1].pk)
    assert office_row.total == Official.objects.filter(unit=units[1], status="published").count()
    assert hidden.group == G.SPECIALIST


def test_the_contact_officer_is_cleared_when_the_official_goes(agency):
    person = make_official(make_unit(agency))
    Official.objects.filter(pk=person.pk).update(is_contact_officer=True)
    person.delete()
    assert not Official.objects.filter(agency=agency, is_contact_officer=True).exists()


def test_an_agency_has_one_contact_officer_at_a_time(agency, other_agency):
    unit = make_unit(agency)
    first, second = make_official(unit, "Người Một"), make_official(unit, "Người Hai")
    elsewhere = make_official(make_unit(other_agency), "Người Sở Khác")
    for person in (first, elsewhere, second):
        person.is_contact_officer = True
        person.save()
    assert set(Official.objects.filter(is_contact_officer=True)) == {second, elsewhere}
    assert first.history.first().is_contact_officer is False  # the hand-over is in the history
    with pytest.raises(IntegrityError), transaction.atomic():
        Official.objects.filter(pk=first.pk).update(is_contact_officer=True)  # the database refuses two


def test_photos_are_re_encoded_small(agency, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2000, 2500), "red").save(buffer, "JPEG")
    upload = SimpleUploadedFile("chan-dung.jpg", buffer.getvalue(), content_type="image/jpeg")
    person = make_official(make_unit(agency), photo=upload)
    with Image.open(person.photo.path) as stored:
        assert max(stored.size) <= 480
    assert person.photo.name.startswith(f"{agency.slug}/")
