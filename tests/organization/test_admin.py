"""Section 2 in the admin: the unit tree, officials inline, ordering buttons and the tenancy vectors."""

import pytest

from organization.models import Official, OrgUnit
from portal.publishing import Status
from tests.organization.test_factories import make_official, make_unit

pytestmark = pytest.mark.django_db

UNITS = "/admin/organization/orgunit/"
OFFICIALS = "/admin/organization/official/"
NO_INLINES = {"officials-TOTAL_FORMS": "0", "officials-INITIAL_FORMS": "0", "officials-MIN_NUM_FORMS": "0",
              "officials-MAX_NUM_FORMS": "1000"}


def unit_data(**fields):
    return {"name": "Phòng Mới", "name_en": "", "kind": "division", "parent": "", "order": "0", "phone": "",
            "email": "", "address": "", "duties": "", **NO_INLINES, **fields}


def official_data(unit, **fields):
    return {"unit": unit.pk, "full_name": "Phạm Văn Mới", "title": "Chuyên viên", "title_en": "", "group": "",
            "order": "0", "email": "", "phone": "", "is_public": "on", **fields}


@pytest.fixture
def foreign(other_agency):
    unit = make_unit(other_agency, "Văn phòng Sở Khác", is_published=False)
    return unit, make_official(unit, "Người Sở Khác", "Chuyên viên", is_published=False)


@pytest.mark.parametrize("suffix", ["change/", "history/", "preview/", "delete/"])
def test_another_agencys_staff_gets_404_on_unit_and_official_urls(login, editor, foreign, suffix):
    unit, person = foreign
    client = login(editor)
    assert client.get(f"{UNITS}{unit.pk}/{suffix}").status_code == 404
    assert client.get(f"{OFFICIALS}{person.pk}/{suffix}").status_code == 404


def test_another_agencys_staff_gets_404_on_the_move_button(login, editor, foreign):
    unit, _person = foreign
    assert login(editor).post(f"{UNITS}{unit.pk}/move/up/").status_code == 404


def test_changelists_and_exports_show_only_the_users_agency(login, editor, agency, foreign):
    make_official(make_unit(agency, "Văn phòng Sở TN"), "Người Sở TN", "Chuyên viên")
    client = login(editor)
    body = client.get(UNITS).content.decode()
    assert "Văn phòng Sở TN" in body and "Văn phòng Sở Khác" not in body
    assert "Người Sở Khác" not in client.get(OFFICIALS).content.decode()
    for url in (OFFICIALS, UNITS):
        export = client.post(url + "export/", {"format": "1"})  # CSV
        assert export["Content-Type"].startswith("text/csv")
        content = export.content.decode("utf-8-sig")
        assert "Sở TN" in content and "Sở Khác" not in content


def test_editor_adds_a_unit_as_a_draft_of_their_agency(login, editor, agency):
    parent = make_unit(agency, "Văn phòng")
    response = login(editor).post(UNITS + "add/", unit_data(parent=parent.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(name="Phòng Mới")
    assert (unit.agency, unit.parent, unit.status, unit.created_by) == (agency, parent, Status.DRAFT, editor)
    assert unit.depth == 1
    assert unit.history.first().history_user == editor


def test_a_forged_parent_of_another_agency_is_refused(login, editor, agency, foreign):
    response = login(editor).post(UNITS + "add/", unit_data(parent=foreign[0].pk))
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not OrgUnit.objects.filter(name="Phòng Mới").exists()


def test_a_unit_cannot_be_moved_below_itself_in_the_admin(login, agency_admin, agency):
    top = make_unit(agency, "Phòng A", is_published=False)
    child = make_unit(agency, "Tổ A1", parent=top, is_published=False)
    client = login(agency_admin)
    form = client.get(f"{UNITS}{top.pk}/change/").context["adminform"].form
    assert set(form.fields["parent"].queryset) == set()  # neither itself nor its descendants
    response = client.post(f"{UNITS}{top.pk}/change/", unit_data(name="Phòng A", parent=child.pk))
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    top.refresh_from_db()
    assert top.parent is None


def test_a_forged_unit_of_another_agency_is_refused_for_an_official(login, editor, agency, foreign):
    response = login(editor).post(OFFICIALS + "add/", official_data(foreign[0]))
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Official.objects.filter(full_name="Phạm Văn Mới").exists()


def test_editor_adds_an_official_and_the_group_follows_the_title(login, editor, agency):
    unit = make_unit(agency, "Phòng Kế hoạch", OrgUnit.Kind.DIVISION)
    client = login(editor)
    response = client.post(OFFICIALS + "add/", official_data(unit, title="Phó Trưởng phòng"))
    assert response.status_code == 302
    person = Official.objects.get(full_name="Phạm Văn Mới")
    assert (person.agency, person.group, person.status) == (agency, Official.Group.DEPUTY, Status.DRAFT)
    response = client.post(f"{OFFICIALS}{person.pk}/change/", official_data(
        unit, title="Trưởng phòng", group=Official.Group.DEPUTY))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.group == Official.Group.HEAD  # the title changed, the group was not touched: derived again


def test_bad_email_is_refused_with_a_vietnamese_message(login, editor, agency):
    unit = make_unit(agency)
    response = login(editor).post(OFFICIALS + "add/", official_data(unit, email="khong-phai-email"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == ["Nhập địa chỉ email."]


def test_officials_inline_under_their_unit(login, editor, agency):
    unit = make_unit(agency, "Phòng B", OrgUnit.Kind.DIVISION, is_published=False)
    data = unit_data(name="Phòng B", **{
        "officials-TOTAL_FORMS": "1", "officials-0-full_name": "Võ Thị Nội", "officials-0-title": "Chuyên viên",
        "officials-0-group": "", "officials-0-email": "noi@so.vn",
        "officials-0-order": "1", "officials-0-is_public": "on"})
    response = login(editor).post(f"{UNITS}{unit.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Official.objects.get(full_name="Võ Thị Nội")
    assert (person.agency, person.unit, person.created_by) == (agency, unit, editor)


def test_editors_cannot_change_a_published_official_through_the_inline(login, editor, agency):
    unit = make_unit(agency, "Phòng C", OrgUnit.Kind.DIVISION, is_published=False)
    person = make_official(unit, "Đã Xuất Bản", "Chuyên viên")
    data = unit_data(name="Phòng C", **{
        "officials-TOTAL_FORMS": "1", "officials-INITIAL_FORMS": "1", "officials-0-id": person.pk,
        "officials-0-unit": unit.pk, "officials-0-full_name": "Tên Bị Sửa", "officials-0-title": "Chuyên viên",
        "officials-0-group": "specialist", "officials-0-email": "",
        "officials-0-order": "0", "officials-0-is_public": "on"})
    response = login(editor).post(f"{UNITS}{unit.pk}/change/", data)
    assert response.status_code == 200
    assert "chỉ Lãnh đạo duyệt mới được sửa" in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == "Đã Xuất Bản"


def test_move_buttons_reorder_siblings_without_typing_numbers(login, editor, agency):
    make_unit(agency, "A", is_published=False)
    b = make_unit(agency, "B", is_published=False)
    client = login(editor)
    assert 'formaction="%d/move/up/"' % b.pk in client.get(UNITS).content.decode()
    assert client.get(f"{UNITS}{b.pk}/move/up/").status_code == 404  # POST only
    response = client.post(f"{UNITS}{b.pk}/move/up/")
    assert response.status_code == 302
    assert list(OrgUnit.objects.in_chart_order().values_list("name", flat=True)) == ["B", "A"]


def test_editors_cannot_reorder_published_units(login, editor, agency):
    make_unit(agency, "A")
    b = make_unit(agency, "B")
    assert login(editor).post(f"{UNITS}{b.pk}/move/up/").status_code == 403


def test_preview_shows_a_draft_unit_to_its_agency(login, editor, agency):
    unit = make_unit(agency, "Phòng Đang Soạn", is_published=False)
    make_official(unit, "Người Đang Soạn", "Chuyên viên", is_published=False)
    body = login(editor).get(f"{UNITS}{unit.pk}/preview/").content.decode()
    assert "Phòng Đang Soạn" in body and "Người Đang Soạn" in body and "Bản xem trước" in body


def test_approver_publishes_units_and_officials_with_the_workflow(login, approver, agency):
    unit = make_unit(agency, "Phòng D", is_published=False)
    person = make_official(unit, "Người D", "Chuyên viên", is_published=False)
    client = login(approver)
    client.post(UNITS, {"action": "publish_selected", "_selected_action": [unit.pk]})
    client.post(OFFICIALS, {"action": "publish_selected", "_selected_action": [person.pk]})
    unit.refresh_from_db()
    person.refresh_from_db()
    assert unit.status == person.status == Status.PUBLISHED
    assert "Người D" in client.get("/so-thu-nghiem/co-cau-to-chuc/danh-ba/").content.decode()


def test_the_contact_officer_is_one_of_the_agencys_own_officials(login, approver, agency, foreign):
    """The flag lives on the official (section 2), so only the agency's own officials can carry it."""
    unit = make_unit(agency)
    own = make_official(unit, "Đầu Mối Thật", "Phó Chánh Văn phòng")
    previous = make_official(unit, "Đầu Mối Cũ", "Chuyên viên")
    Official.objects.filter(pk=previous.pk).update(is_contact_officer=True)
    client = login(approver)
    response = client.post(f"{OFFICIALS}{foreign[1].pk}/change/",
                           official_data(foreign[0], full_name="Người Sở Khác", is_contact_officer="on"))
    assert response.status_code == 404
    assert not Official.objects.filter(agency=foreign[1].agency_id, is_contact_officer=True).exists()
    form = client.get(f"{OFFICIALS}{own.pk}/change/").context["adminform"].form
    assert "is_contact_officer" in form.fields
    response = client.post(f"{OFFICIALS}{own.pk}/change/", official_data(
        unit, full_name=own.full_name, title=own.title, is_contact_officer="on"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    # one contact officer per agency: naming a new one relieves the previous one
    assert list(Official.objects.filter(agency=agency, is_contact_officer=True)) == [own]
