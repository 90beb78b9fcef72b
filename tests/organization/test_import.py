"""Import and export of units and officials: preview, row-numbered Vietnamese errors, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from organization.models import Official, OrgUnit
from portal.publishing import Status
from tests.organization.test_factories import make_official, make_unit

pytestmark = pytest.mark.django_db

UNITS = "/admin/organization/orgunit/"
OFFICIALS = "/admin/organization/official/"
XLSX, CSV = "0", "1"
OFFICIAL_HEADER = "Đơn vị,Họ và tên,Chức vụ,Thư điện tử,Điện thoại,Hiện công khai\n"


def csv_file(text, name="can-bo.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def preview(client, url, upload, agency, fmt=CSV):
    return client.post(url + "import/", {"agency": agency.pk, "import_file": upload, "format": fmt})


def confirm(client, url, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(url + "process_import/", data)


def errors_of(response):
    """[(line, message)] from the preview of a file with bad rows."""
    result = response.context["result"]
    found = []
    for row in result.invalid_rows:
        for column, messages in row.field_specific_errors.items():
            found += [(row.number + 1, f"{column}: {message}") for message in messages]
        found += [(row.number + 1, message) for message in row.non_field_specific_errors]
    return found


@pytest.fixture
def units(agency):
    return make_unit(agency, "Ban Giám đốc", OrgUnit.Kind.LEADERSHIP), make_unit(agency, "Văn phòng")


def test_template_files_can_be_downloaded_and_imported_as_they_are(login, editor, agency):
    client = login(editor)
    response = client.get(UNITS + "import-template/")
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-orgunit.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["Tên đơn vị", "Tên tiếng Anh", "Loại đơn vị", "Đơn vị cấp trên"]
    upload = SimpleUploadedFile("mau.xlsx", response.content)
    checked = preview(client, UNITS, upload, agency, XLSX)
    assert checked.context["confirm_form"] is not None, errors_of(checked)
    assert not OrgUnit.objects.exists()  # the preview saves nothing
    assert confirm(client, UNITS, checked).status_code == 302
    assert list(OrgUnit.objects.in_chart_order().values_list("name", "depth")) == [
        ("Ban Giám đốc", 0), ("Văn phòng", 0), ("Tổ Tổng hợp", 1)]
    officials_template = client.get(OFFICIALS + "import-template/?format=csv")
    assert officials_template.content.decode("utf-8-sig").startswith("Mã,Đơn vị,Họ và tên,Chức vụ")
    checked = preview(client, OFFICIALS, SimpleUploadedFile("mau.csv", officials_template.content), agency)
    assert checked.context["confirm_form"] is not None, errors_of(checked)


def test_officials_import_previews_then_lands_in_the_agency_as_drafts(login, editor, agency, units):
    client = login(editor)
    upload = csv_file(OFFICIAL_HEADER + "Ban Giám đốc,Nguyễn Văn Một,Giám đốc,mot@so.vn,0270 1,Có\n"
                                        "văn phong,Trần Thị Hai,Chuyên viên chính,hai@so.vn,,Không\n")
    checked = preview(client, OFFICIALS, upload, agency)
    assert [row.import_type for row in checked.context["result"].valid_rows()] == ["new", "new"]
    assert "Thêm mới" in checked.content.decode()
    assert not Official.objects.exists()
    response = confirm(client, OFFICIALS, checked)
    assert response.status_code == 302
    one, two = Official.objects.order_by("full_name")
    assert (one.agency, one.unit, one.group, one.status, one.created_by) == (
        agency, units[0], Official.Group.LEADERSHIP, Status.DRAFT, editor)
    assert (two.unit, two.is_public, two.group) == (units[1], False, Official.Group.SPECIALIST)


def test_reimporting_the_same_people_updates_instead_of_duplicating(login, editor, agency, units):
    make_official(units[1], "Trần Thị Hai", "Chuyên viên", is_published=False)
    client = login(editor)
    upload = csv_file(OFFICIAL_HEADER + "Văn phòng,Trần Thị Hai,Chuyên viên chính,hai@so.vn,,Có\n")
    checked = preview(client, OFFICIALS, upload, agency)
    assert [row.import_type for row in checked.context["result"].valid_rows()] == ["update"]
    confirm(client, OFFICIALS, checked)
    assert Official.objects.get().title == "Chuyên viên chính"


def test_bad_rows_are_named_by_line_and_column_and_nothing_is_saved(login, editor, agency, units):
    client = login(editor)
    upload = csv_file(OFFICIAL_HEADER
                      + "Văn phòng,Người Tốt,Chuyên viên,tot@so.vn,,Có\n"          # line 2: fine
                      + "Phòng Không Có,Người Lạc,Chuyên viên,lac@so.vn,,Có\n"     # line 3: unknown unit
                      + "Văn phòng,Người Sai Thư,Chuyên viên,khong-phai-email,,Có\n"  # line 4: bad e-mail
                      + "Văn phòng,Người Tốt,Chuyên viên,tot@so.vn,,Có\n"          # line 5: duplicate of 2
                      + "Văn phòng,Người Thiếu Chức Vụ,,,,Có\n"                      # line 6: no title
                      + "Văn phòng,Người Lạ,Chuyên viên,,,Có lẽ\n")                 # line 7: bad yes/no
    response = preview(client, OFFICIALS, upload, agency)
    assert response.context.get("confirm_form") is None
    errors = errors_of(response)
    assert (3, "Đơn vị: Không có đơn vị “Phòng Không Có” trong cơ quan (hãy tạo đơn vị trước, hoặc đặt "
               "dòng của đơn vị cấp trên lên trước).") in errors
    assert (4, "Thư điện tử: Nhập địa chỉ email.") in errors
    assert (5, "Họ và tên: Trùng với dòng 2 của tệp.") in errors
    assert (6, "Chức vụ: Trường này không được để trắng.") in errors
    assert (7, "Hiện công khai: “Có lẽ” không hợp lệ; ghi “Có” hoặc “Không”.") in errors
    assert 2 not in [line for line, _message in errors]
    body = response.content.decode()
    assert "Tệp có lỗi — chưa có gì được lưu" in body and "Dòng 4, cột “Thư điện tử”" in body
    assert not Official.objects.exists()


def test_a_unit_of_another_agency_can_never_be_named(login, editor, agency, other_agency, units):
    make_unit(other_agency, "Phòng Của Sở Khác")
    client = login(editor)
    response = preview(client, OFFICIALS, csv_file(
        OFFICIAL_HEADER + "Phòng Của Sở Khác,Người Lạc,Chuyên viên,,,Có\n"), agency)
    assert errors_of(response)[0][0] == 2 and "Không có đơn vị “Phòng Của Sở Khác”" in errors_of(response)[0][1]
    unit_file = csv_file("Tên đơn vị,Loại đơn vị,Đơn vị cấp trên\nTổ Mới,Khác,Phòng Của Sở Khác\n")
    response = preview(client, UNITS, unit_file, agency)
    assert "Đơn vị cấp trên: Không có đơn vị “Phòng Của Sở Khác”" in errors_of(response)[0][1]


def test_an_id_of_another_agencys_official_is_refused(login, editor, agency, other_agency, units):
    foreign = make_official(make_unit(other_agency, "Văn phòng"), "Người Sở Khác", "Chuyên viên")
    client = login(editor)
    response = preview(client, OFFICIALS, csv_file(
        "Mã," + OFFICIAL_HEADER + f"{foreign.pk},Văn phòng,Tên Chiếm,Chuyên viên,,,Có\n"), agency)
    assert errors_of(response) == [(2, f"Mã: Không có cán bộ mã {foreign.pk} trong cơ quan; để trống cột “Mã” "
                                       "để thêm người mới.")]
    foreign.refresh_from_db()
    assert foreign.full_name == "Người Sở Khác"


def test_rows_land_only_in_an_agency_the_user_may_edit(login, editor, agency, other_agency, units):
    client = login(editor)
    response = preview(client, OFFICIALS, csv_file(OFFICIAL_HEADER + "Văn phòng,A B,Chuyên viên,,,Có\n"),
                       other_agency)
    # One agency to edit: the choice is fixed, a forged one is ignored and the rows land in her own.
    assert response.context["confirm_form"].initial["agency"] == agency.pk
    checked = preview(client, OFFICIALS, csv_file(OFFICIAL_HEADER + "Văn phòng,A B,Chuyên viên,,,Có\n"), agency)
    form = checked.context["confirm_form"]
    forged = {name: form.initial.get(name, "") for name in form.fields}
    forged["agency"] = other_agency.pk
    response = client.post(OFFICIALS + "process_import/", forged)
    assert response.status_code == 403
    assert not Official.objects.exists()


def test_the_confirmed_import_rolls_back_whole_if_a_row_turns_bad(login, editor, agency, units):
    client = login(editor)
    checked = preview(client, OFFICIALS, csv_file(OFFICIAL_HEADER + "Văn phòng,Người Một,Chuyên viên,,,Có\n"
                                                                    "Ban Giám đốc,Người Hai,Giám đốc,,,Có\n"), agency)
    assert checked.context["confirm_form"] is not None
    units[0].delete()  # someone removes a unit between the preview and the confirmation
    response = confirm(client, OFFICIALS, checked)
    assert response.status_code == 200
    assert "Không dòng nào được lưu" in response.content.decode()
    assert not Official.objects.exists()  # line 2 was fine but is rolled back too


def test_missing_columns_are_named(login, editor, agency, units):
    response = preview(login(editor), OFFICIALS, csv_file("Họ và tên,Thư điện tử\nA,a@b.vn\n"), agency)
    assert "Tệp thiếu cột: “Đơn vị”, “Chức vụ”." in response.content.decode()


def test_editors_cannot_change_published_people_by_import(login, editor, approver, agency, units):
    make_official(units[1], "Người Đã Duyệt", "Chuyên viên")
    upload = OFFICIAL_HEADER + "Văn phòng,Người Đã Duyệt,Chuyên viên chính,,,Có\n"
    response = preview(login(editor), OFFICIALS, csv_file(upload), agency)
    assert errors_of(response) == [(2, "“Người Đã Duyệt” đang chờ duyệt hoặc đã xuất bản: chỉ Lãnh "
                                       "đạo duyệt mới được sửa.")]
    checked = preview(login(approver), OFFICIALS, csv_file(upload), agency)
    assert checked.context["confirm_form"] is not None


def test_units_import_builds_the_tree_and_refuses_duplicates(login, agency_admin, agency):
    client = login(agency_admin)
    text = ("Tên đơn vị,Tên tiếng Anh,Loại đơn vị,Đơn vị cấp trên,Thư điện tử\n"
            "Ban Giám đốc,Board of Directors,ban lanh dao,,\n"
            "Phòng Kế hoạch,,\"Phòng chuyên môn, nghiệp vụ\",,kh@so.vn\n"
            "Tổ Kế toán,,Khác,Phòng Kế hoạch,\n"
            "PHÒNG KẾ HOẠCH,,Khác,,\n"
            "Trung tâm X,,Bệnh viện,,\n")
    response = preview(client, UNITS, csv_file(text), agency)
    errors = errors_of(response)
    assert (5, "Tên đơn vị: Trùng với dòng 3 của tệp.") in errors
    assert errors[-1][0] == 6 and errors[-1][1].startswith("Loại đơn vị: “Bệnh viện” không hợp lệ; dùng một trong:")
    assert not OrgUnit.objects.exists()


def test_xlsx_import_with_numbers_in_text_columns(login, editor, agency, units):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Đơn vị", "Họ và tên", "Chức vụ", "Điện thoại", "Thứ tự"])
    sheet.append(["Văn phòng", "Lê Văn Số", "Chuyên viên", 2703822123, 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = login(editor)
    checked = preview(client, OFFICIALS, SimpleUploadedFile("a.xlsx", buffer.getvalue()), agency, XLSX)
    assert checked.context["confirm_form"] is not None, errors_of(checked)
    confirm(client, OFFICIALS, checked)
    person = Official.objects.get()
    assert (person.phone, person.order) == ("2703822123", 3)


def test_export_round_trips_through_import(login, approver, agency, units):
    make_official(units[1], "Người Xuất", "Chuyên viên", email="xuat@so.vn")
    client = login(approver)
    exported = client.post(OFFICIALS + "export/", {"format": XLSX})
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã", "Đơn vị", "Họ và tên", "Chức vụ") and "Trạng thái" in rows[0]
    assert rows[1][1:3] == ("Văn phòng", "Người Xuất")
    checked = preview(client, OFFICIALS, SimpleUploadedFile("x.xlsx", exported.content), agency, XLSX)
    assert [row.import_type for row in checked.context["result"].valid_rows()] == ["skip"]


def test_other_agency_staff_and_reviewers_cannot_import(login, agency, provincial_reviewer):
    client = login(provincial_reviewer)
    assert client.get(OFFICIALS + "import/").status_code == 403
    assert client.get(OFFICIALS + "import-template/").status_code == 403
