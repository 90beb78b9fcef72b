"""Imports: preview, row-numbered Vietnamese errors, all or nothing, idempotency, formats, roles, admin."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from import_export.formats import base_formats

from portal import classified
from portal.publishing import Status
from procedures import importers as imp
from procedures.models import Channel, LegalBasis, LegalDocument, Procedure, Sector
from tests.procedures import factories as f

pytestmark = pytest.mark.django_db

HEADERS = [imp.CODE, imp.NAME, imp.SECTOR_CODE, imp.SECTOR, imp.LEVEL, imp.STEPS,
           "Trực tiếp - Thời hạn", "Trực tiếp - Số ngày làm việc", "Trực tiếp - Phí, lệ phí",
           "Trực tuyến - Thời hạn", "Trực tuyến - Số ngày làm việc", imp.DOSSIER, imp.COPIES, imp.APPLICANTS,
           imp.BODY, imp.RESULT, imp.LEGAL_BASIS, imp.EFFECTIVE_ON]

GOOD_ROWS = [
    ["1.004227", "Cấp giấy phép hoạt động in", "XB", "Xuất bản, In và Phát hành", "Cấp tỉnh",
     "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.", "07 ngày làm việc", "7", "Không", "07 ngày làm việc", "7",
     "Đơn đề nghị cấp giấy phép", "01", "Doanh nghiệp; Tổ chức", "Sở Văn hóa, Thể thao và Du lịch",
     "Giấy phép hoạt động in", "Nghị định số 60/2014/NĐ-CP ngày 19/6/2014 của Chính phủ\nLuật Xuất bản 2012",
     "01/07/2014"],
    ["1.004250", "Cấp giấy phép xuất bản bản tin", "XB", "Xuất bản, In và Phát hành", "Cấp tỉnh",
     "Nộp hồ sơ", "10 ngày làm việc", "10", "", "", "", "Tờ khai", "1", "Tổ chức", "Sở VHTTDL",
     "Giấy phép xuất bản bản tin", "", ""],
    ["1.001193", "Đăng ký khai sinh", "HT", "Hộ tịch", "Cấp xã", "Nộp tờ khai", "Trong ngày", "0",
     "Miễn lệ phí", "Trong ngày", "0", "Tờ khai đăng ký khai sinh", "1", "Công dân Việt Nam", "UBND cấp xã",
     "Giấy khai sinh", "", "20/11/2015"],
]


def csv_bytes(rows, headers=HEADERS):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def run(agency, content, format_class=imp.CSVFormat, resource=imp.ProcedureResource, **kwargs):
    return imp.run_import(resource, agency, content, format_class, **kwargs)


# --- happy path, preview ----------------------------------------------------------------------------
def test_csv_import_creates_drafts_with_channels_applicants_and_legal_links(agency):
    decree = f.document(agency, "60/2014/NĐ-CP", issued_on=date(2014, 6, 19), summary="Quy định về hoạt động in")
    report = run(agency, csv_bytes(GOOD_ROWS), dry_run=False)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    proc = Procedure.objects.get(agency=agency, code="1.004227")
    assert proc.status == Status.DRAFT
    assert proc.level == "tinh" and proc.sector.name == "Xuất bản, In và Phát hành"
    assert proc.applicants == ["doanh-nghiep", "to-chuc"]
    assert proc.steps == "<p>Bước 1: Nộp hồ sơ.</p><p>Bước 2: Nhận kết quả.</p>"
    assert proc.effective_on == date(2014, 7, 1)
    assert {c.kind: c.working_days for c in proc.channels.all()} == {"truc-tiep": 7, "truc-tuyen": 7}
    assert proc.has_online and proc.min_days == 7
    # the line naming a known document became a link; the other stays text
    assert list(proc.legal_documents.all()) == [decree]
    assert proc.legal_basis_text == "Luật Xuất bản 2012"
    assert Sector.objects.filter(agency=agency).count() == 2  # created once each, with their codes
    birth = Procedure.objects.get(code="1.001193")
    assert birth.min_days == 0 and birth.level == "xa"


def test_preview_saves_nothing(agency):
    report = run(agency, csv_bytes(GOOD_ROWS), dry_run=True)
    assert report.ok and report.created == 3
    assert not Procedure.objects.exists() and not Sector.objects.exists() and not Channel.objects.exists()


# --- one bad row among good ones --------------------------------------------------------------------
def test_one_bad_row_among_good_ones_saves_nothing_and_names_row_and_column(agency):
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][imp_index(imp.LEVEL)] = "Cấp huyện"          # line 3 of the file
    rows[2][imp_index("Trực tiếp - Số ngày làm việc")] = "năm"  # line 4
    report = run(agency, csv_bytes(rows), dry_run=False)
    assert not report.ok
    assert not Procedure.objects.exists() and not Sector.objects.exists() and not Channel.objects.exists()
    assert report.errors == [
        "Dòng 3, cột “Cấp thực hiện”: “Cấp huyện” không rõ; hãy ghi “Cấp tỉnh” hoặc “Cấp xã”.",
        "Dòng 4, cột “Trực tiếp - Số ngày làm việc”: “năm” không phải là số ngày (ví dụ 5 hoặc 0,5).",
    ]


def imp_index(column):
    return HEADERS.index(column)


@pytest.mark.parametrize("column, value, message", [
    (imp.CODE, "", "Dòng 2, cột “Mã thủ tục”: Không được để trống."),
    (imp.NAME, "", "Dòng 2, cột “Tên thủ tục”: Không được để trống."),
    (imp.APPLICANTS, "Người ngoài hành tinh", "Dòng 2, cột “Đối tượng thực hiện”: Không rõ đối tượng"),
    (imp.EFFECTIVE_ON, "31/02/2024", "Dòng 2, cột “Ngày có hiệu lực”: “31/02/2024” không phải là ngày hợp lệ"),
    ("Trực tiếp - Thời hạn", "", "Dòng 2, cột “Trực tiếp - Thời hạn”: Hãy ghi thời hạn giải quyết"),
])
def test_bad_cells_are_reported_in_vietnamese(agency, column, value, message):
    row = list(GOOD_ROWS[0])
    row[imp_index(column)] = value
    report = run(agency, csv_bytes([row]), dry_run=False)
    assert any(line.startswith(message) for line in report.errors), report.errors
    assert not Procedure.objects.exists()


def test_unknown_field_without_code_is_refused(agency):
    row = list(GOOD_ROWS[0])
    row[imp_index(imp.SECTOR_CODE)] = ""
    report = run(agency, csv_bytes([row]))
    assert report.errors == ["Dòng 2, cột “Lĩnh vực”: Cơ quan chưa có lĩnh vực “Xuất bản, In và Phát hành”; hãy "
                             "thêm lĩnh vực trước, hoặc ghi cả “Mã lĩnh vực” và “Lĩnh vực” để tạo mới."]


def test_same_code_twice_in_a_file_is_an_error(agency):
    report = run(agency, csv_bytes([GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]), dry_run=False)
    assert report.errors == ["Dòng 4, cột “Mã thủ tục”: Mã thủ tục “1.004227” trùng với dòng 2."]
    assert not Procedure.objects.exists()


def test_missing_columns_are_named_and_nothing_is_read(agency):
    report = run(agency, csv_bytes([["x"]], headers=["Tên"]))
    assert report.errors == ["Tệp: Tệp có cột không dùng được: “Tên”. Hãy xóa các cột này hoặc dùng đúng tiêu đề "
                             "cột như tệp mẫu; không có gì được lưu. Tệp thiếu cột: “Mã thủ tục”, “Tên thủ tục”, "
                             "“Lĩnh vực”, “Cấp thực hiện”. Hãy dùng tệp mẫu tải từ trang quản trị."]


def test_a_file_that_is_not_a_spreadsheet_is_refused(agency):
    report = run(agency, b"\x00\x01 not a workbook", format_class=imp.XLSXFormat)
    assert report.errors and report.errors[0].startswith("Không đọc được tệp")


# --- idempotency ----------------------------------------------------------------------------------
def test_second_import_of_the_same_file_changes_nothing(agency):
    f.document(agency, "60/2014/NĐ-CP", issued_on=date(2014, 6, 19))
    assert run(agency, csv_bytes(GOOD_ROWS), dry_run=False).ok
    history = Procedure.history.count(), Channel.history.count(), LegalBasis.history.count()
    stamps = dict(Procedure.objects.values_list("code", "updated_at"))
    report = run(agency, csv_bytes(GOOD_ROWS), dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert (Procedure.history.count(), Channel.history.count(), LegalBasis.history.count()) == history
    assert dict(Procedure.objects.values_list("code", "updated_at")) == stamps


def test_edited_file_updates_only_what_changed(agency):
    assert run(agency, csv_bytes(GOOD_ROWS), dry_run=False).ok
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][imp_index("Trực tiếp - Số ngày làm việc")] = "8"
    rows[1][imp_index("Trực tiếp - Thời hạn")] = "08 ngày làm việc"
    before = dict(Procedure.objects.values_list("code", "updated_at"))
    report = run(agency, csv_bytes(rows), dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    after = dict(Procedure.objects.values_list("code", "updated_at"))
    assert [code for code in after if after[code] != before[code]] == ["1.004250"]
    bulletin = Procedure.objects.get(code="1.004250")
    assert bulletin.min_days == 8 and bulletin.channels.get().time_limit == "08 ngày làm việc"


def test_a_file_without_channel_columns_leaves_the_channel_table_alone(agency):
    assert run(agency, csv_bytes(GOOD_ROWS), dry_run=False).ok
    headers = [imp.CODE, imp.NAME, imp.SECTOR, imp.LEVEL]
    report = run(agency, csv_bytes([["1.004227", "Cấp giấy phép hoạt động in (sửa tên)", "Xuất bản, In và Phát hành",
                                     "Cấp tỉnh"]], headers=headers), dry_run=False)
    assert report.ok and report.updated == 1
    assert Procedure.objects.get(code="1.004227").channels.count() == 2


def test_import_into_one_agency_never_touches_another(agency, other_agency):
    f.procedure(other_agency, "Cấp giấy phép hoạt động in (sở khác)", "1.004227")
    assert run(agency, csv_bytes(GOOD_ROWS), dry_run=False).created == 3
    assert Procedure.objects.get(agency=other_agency).name == "Cấp giấy phép hoạt động in (sở khác)"


# --- roles -----------------------------------------------------------------------------------------
def test_editor_cannot_change_a_published_procedure_by_import(agency, editor, approver):
    f.procedure(agency, "Tên cũ", "1.004227", field=f.sector(agency, "XB", "Xuất bản, In và Phát hành"),
                level="tinh")
    report = run(agency, csv_bytes([GOOD_ROWS[0]]), user=editor, dry_run=False)
    assert report.errors == ["Dòng 2: Thủ tục mã 1.004227 đang chờ duyệt hoặc đã xuất bản: chỉ Lãnh đạo duyệt mới "
                             "được sửa."]
    assert Procedure.objects.get().name == "Tên cũ"
    report = run(agency, csv_bytes([GOOD_ROWS[0]]), user=approver, dry_run=False)
    assert report.ok and report.updated == 1
    proc = Procedure.objects.get()
    assert proc.name == "Cấp giấy phép hoạt động in" and proc.status == Status.PUBLISHED
    assert proc.history.first().history_user == approver


def test_staff_of_another_agency_cannot_import_into_it(agency, other_editor):
    report = run(agency, csv_bytes(GOOD_ROWS), user=other_editor, dry_run=False)
    assert report.errors == ["Tệp: Bạn không có quyền nhập dữ liệu cho cơ quan này."]
    assert not Procedure.objects.exists()


# --- other shapes ------------------------------------------------------------------------------------
NATIONAL = [{
    "MATTHC": "1.000894",
    "TENTTHC": "Đăng ký kết hôn",
    "LINHVUCTHUCHIEN": [{"MALINHVUC": "G09-TP04", "TENLINHVUC": "Hộ tịch"}],
    "CAPTHUCHIEN": [{"CAPTHUCHIEN": 4, "TENCAPTHUCHIEN": "Cấp Xã"}],
    "TRINHTUTHUCHIEN": [{"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": "Nộp tờ khai"}, {"TENTRINHTU": "Nhận kết quả"}]}],
    "CACHTHUCTHUCHIEN": [
        {"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": 1, "DONVITINH": "Ngày làm việc", "MOTA": "",
                                  "PHILEPHI": [{"MAPHILEPHI": "", "SOTIEN": 0, "DONVI": "Đồng",
                                                "MOTA": "Miễn lệ phí"}]}]},
        {"KENH": 2, "THOIGIAN": [{"THOIGIANGIAIQUYET": 4, "DONVITINH": "Giờ làm việc", "MOTA": ""}]},
    ],
    "THANHPHANHOSO": [{"TRUONGHOP": "", "GIAYTO": [{"TENGIAYTO": "Tờ khai đăng ký kết hôn", "SOBANCHINH": 1,
                                                    "SOBANSAO": 0}]}],
    "DOITUONGTHUCHIEN": [{"MADOITUONG": "1", "TENDOITUONG": "Công dân Việt Nam"}],
    "COQUANTHUCHIEN": [{"MADONVI": "x", "TENDONVI": "Ủy ban nhân dân cấp xã"}],
    "KETQUATHUCHIEN": [{"MAKETQUA": "KQ1", "TENKETQUA": "Giấy chứng nhận kết hôn"}],
    "YEUCAU": "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi",
    "CANCUPHAPLY": [{"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật Hộ tịch", "NGAYBANHANH": "20/11/2014"}],
    "THOIHANGIAIQUYET": "01 ngày làm việc",
}]


def test_national_json_import(agency):
    law = f.document(agency, "60/2014/QH13", "Quốc hội", date(2014, 11, 20), doc_type="luat", summary="Luật Hộ tịch")
    content = json.dumps({"result": NATIONAL}, ensure_ascii=False).encode()
    report = run(agency, content, format_class=imp.NationalJSON, dry_run=False)
    assert report.ok, report.errors
    proc = Procedure.objects.get(code="1.000894")
    assert proc.name == "Đăng ký kết hôn" and proc.level == "xa" and proc.sector.code == "G09-TP04"
    assert proc.steps == "<ol><li>Nộp tờ khai</li><li>Nhận kết quả</li></ol>"
    assert "Tờ khai đăng ký kết hôn (bản chính: 1)" in proc.dossier
    direct, online = proc.channels.get(kind="truc-tiep"), proc.channels.get(kind="truc-tuyen")
    assert direct.time_limit == "1 ngày làm việc" and direct.fee == "Miễn lệ phí: 0 Đồng"
    assert online.working_days == 0.5 and online.time_limit == "4 giờ làm việc"
    assert list(proc.legal_documents.all()) == [law]
    assert proc.result == "Giấy chứng nhận kết hôn" and proc.applicants == ["cong-dan"]
    # idempotent in this shape too
    again = run(agency, content, format_class=imp.NationalJSON, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_national_json_errors_name_the_procedure(agency):
    broken = [dict(NATIONAL[0]), dict(NATIONAL[0], MATTHC="1.000895", CAPTHUCHIEN=[{"CAPTHUCHIEN": 3}])]
    report = run(agency, json.dumps(broken).encode(), format_class=imp.NationalJSON, dry_run=False)
    assert report.errors == ["Thủ tục thứ 2, cột “Cấp thực hiện”: “3” không rõ; hãy ghi “Cấp tỉnh” hoặc “Cấp xã”."]
    assert not Procedure.objects.exists()
    assert run(agency, b"{not json", format_class=imp.NationalJSON).errors == [
        "Không đọc được tệp: tệp JSON không đọc được (dòng 1, cột 2)."]


def test_xlsx_export_then_import_round_trips(agency):
    f.document(agency, "60/2014/NĐ-CP", issued_on=date(2014, 6, 19))
    assert run(agency, csv_bytes(GOOD_ROWS), dry_run=False).ok
    assert run(agency, json.dumps(NATIONAL).encode(), format_class=imp.NationalJSON, dry_run=False).ok
    dataset = imp.ProcedureResource(agency=agency).export(Procedure.objects.filter(agency=agency))
    content = base_formats.XLSX().export_data(dataset)
    report = run(agency, content, format_class=imp.XLSXFormat, dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4), report.errors


# --- legal documents ------------------------------------------------------------------------------
DOC_HEADERS = [imp.DOC_TYPE, imp.DOC_NUMBER, imp.DOC_ISSUER, imp.DOC_SIGNER, imp.DOC_ISSUED, imp.DOC_EFFECTIVE,
               imp.DOC_VALIDITY, imp.DOC_LAPSED, imp.DOC_SUMMARY, imp.DOC_SECRECY]
DOC_ROWS = [
    ["Nghị định", "63/2010/NĐ-CP", "Chính phủ", "Nguyễn Tấn Dũng", "08/06/2010", "14/08/2010", "Còn hiệu lực", "",
     "Về kiểm soát thủ tục hành chính", ""],
    ["Quyết định", "12/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Vĩnh Long", "", "02/03/2025", "", "Hết hiệu lực",
     "31/12/2025", "Quy chế phối hợp", ""],
]


def test_legal_document_import_and_idempotency(agency):
    report = run(agency, csv_bytes(DOC_ROWS, DOC_HEADERS), resource=imp.LegalDocumentResource, dry_run=False)
    assert report.ok and report.created == 2, report.errors
    decision = LegalDocument.objects.get(number="12/2025/QĐ-UBND")
    assert decision.doc_type == "quyet-dinh-ubnd" and decision.year == 2025 and decision.status == Status.DRAFT
    again = run(agency, csv_bytes(DOC_ROWS, DOC_HEADERS), resource=imp.LegalDocumentResource, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_classified_document_row_is_refused_by_row_number_only(agency):
    rows = [DOC_ROWS[0], ["Công văn", "5/UBND-VP", "UBND tỉnh", "", "01/02/2026", "", "", "",
                          "Nội dung bí mật không được lộ", "Tối mật"]]
    report = run(agency, csv_bytes(rows, DOC_HEADERS), resource=imp.LegalDocumentResource, dry_run=False)
    assert report.errors == [f"Dòng 3: {classified.MESSAGE}"]
    assert "bí mật" not in " ".join(report.errors)
    assert not LegalDocument.objects.exists()


def test_lapsed_document_needs_its_date(agency):
    row = list(DOC_ROWS[1])
    row[7] = ""
    report = run(agency, csv_bytes([row], DOC_HEADERS), resource=imp.LegalDocumentResource)
    assert report.errors == ["Dòng 2, cột “Ngày hết hiệu lực”: Hãy ghi ngày hết hiệu lực."]


def test_decree_30_exchange_names_are_accepted(agency):
    headers = ["TypeName", "CodeNumber", "CodeNotation", "OrganName", "IssuedDate", "Subject", "FullName"]
    rows = [["Thông tư", "04", "2020/TT-BTP", "Bộ Tư pháp", "2020-05-28", "Hướng dẫn Luật Hộ tịch", "Lê Thành Long"]]
    report = run(agency, csv_bytes(rows, headers), resource=imp.LegalDocumentResource, dry_run=False)
    assert report.ok, report.errors
    doc = LegalDocument.objects.get()
    assert (doc.number, doc.doc_type, doc.signer, doc.issued_on) == ("04/2020/TT-BTP", "thong-tu", "Lê Thành Long",
                                                                     date(2020, 5, 28))


# --- the command -----------------------------------------------------------------------------------
def test_command_previews_then_imports(agency, tmp_path):
    path = tmp_path / "thu-tuc.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    out = io.StringIO()
    call_command("import_procedures", str(path), agency=agency.slug, stdout=out)
    assert "Xem trước: 3 mới, 0 cập nhật, 0 không đổi" in out.getvalue()
    assert not Procedure.objects.exists()
    call_command("import_procedures", str(path), agency=agency.slug, commit=True, stdout=out)
    assert Procedure.objects.count() == 3


def test_command_reports_errors_and_fails(agency, tmp_path):
    rows = [list(GOOD_ROWS[0])]
    rows[0][imp_index(imp.LEVEL)] = "?"
    path = tmp_path / "thu-tuc.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match="Dòng 2, cột “Cấp thực hiện”"):
        call_command("import_procedures", str(path), agency=agency.slug, commit=True, stdout=io.StringIO())
    assert not Procedure.objects.exists()


# --- the admin -------------------------------------------------------------------------------------
def import_url():
    return reverse("admin:procedures_procedure_import")


def upload(content, name="thu-tuc.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


FORMAT_CSV = str(imp.PROCEDURE_FORMATS.index(imp.CSVFormat))


def test_admin_import_previews_then_confirms(login, editor, agency):
    client = login(editor)
    page = client.get(import_url())
    assert page.status_code == 200 and "Nhập thủ tục hành chính từ tệp" in page.text
    preview = client.post(import_url(), {"import_file": upload(csv_bytes(GOOD_ROWS)), "format": FORMAT_CSV,
                                         "resource": "0"})
    assert preview.status_code == 200
    assert "Bản xem trước: 3 mục mới, 0 mục cập nhật, 0 mục không đổi" in preview.text
    assert not Procedure.objects.exists()
    confirm = preview.context["confirm_form"]
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    response = client.post(reverse("admin:procedures_procedure_process_import"), data)
    assert response.status_code == 302
    assert Procedure.objects.filter(agency=agency).count() == 3
    assert Procedure.objects.first().history.first().history_user == editor


def test_admin_import_errors_are_listed_and_no_confirm_is_offered(login, editor):
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][imp_index(imp.LEVEL)] = "Cấp huyện"
    response = login(editor).post(import_url(), {"import_file": upload(csv_bytes(rows)), "format": FORMAT_CSV,
                                                 "resource": "0"})
    assert "Tệp có lỗi — chưa có gì được lưu" in response.text
    assert "Dòng 3, cột “Cấp thực hiện”" in response.text
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None


def test_admin_import_forces_the_single_agency_even_if_forged(login, editor, agency, other_agency):
    client = login(editor)
    preview = client.post(import_url(), {"import_file": upload(csv_bytes(GOOD_ROWS)), "format": FORMAT_CSV,
                                         "resource": "0", "agency": other_agency.pk})
    confirm = preview.context["confirm_form"]
    assert confirm.initial["agency"] == agency.pk


def test_admin_import_confirm_with_a_forged_agency_is_refused(login, editor, agency, other_agency):
    client = login(editor)
    preview = client.post(import_url(), {"import_file": upload(csv_bytes(GOOD_ROWS)), "format": FORMAT_CSV,
                                         "resource": "0"})
    confirm = preview.context["confirm_form"]
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    data["agency"] = other_agency.pk
    response = client.post(reverse("admin:procedures_procedure_process_import"), data)
    assert response.status_code == 403
    assert not Procedure.objects.exists()


def test_reviewers_cannot_import(login, provincial_reviewer):
    assert login(provincial_reviewer).get(import_url()).status_code == 403


def test_admin_document_import_page_lists_the_columns(login, editor):
    response = login(editor).get(reverse("admin:procedures_legaldocument_import"))
    assert response.status_code == 200
    assert "Số, ký hiệu" in response.text and "CSDL quốc gia" not in response.text
