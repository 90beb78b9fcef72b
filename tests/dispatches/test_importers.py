"""File import: both column vocabularies, encodings, Excel dates, all or nothing, idempotent."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from dispatches.importers import apply_rows, dataset_rows, prepare, read_csv, read_file, read_xlsx
from dispatches.models import Direction, Dispatch, DocumentType, Urgency
from dispatches.samples.make_samples import encode_cp1258

SAMPLES = Path(__file__).resolve().parents[2] / "dispatches" / "samples"
pytestmark = pytest.mark.django_db


def rows_of(text, encoding="utf-8"):
    return dataset_rows(read_csv(text.encode(encoding) if isinstance(text, str) else text))


def test_appendix_vi_columns_utf8_with_bom(agency):
    report = apply_rows(agency, dataset_rows(read_file((SAMPLES / "so-van-ban-di-phu-luc-vi.csv").read_bytes(),
                                                       "x.csv")))
    assert report.ok, report.errors
    assert report.created == 4
    decision = Dispatch.objects.get(agency=agency, external_id="MAU-DI-0002")
    assert decision.direction == Direction.OUTGOING
    assert decision.doc_type == DocumentType.QUYET_DINH
    assert decision.number_symbol == "15/QĐ-UBND"
    assert decision.issued_date == date(2026, 1, 8)
    assert decision.urgency == Urgency.URGENT
    assert decision.signer_position == "Phó Chủ tịch"


def test_windows_1258_csv_with_register_headings(agency):
    data = (SAMPLES / "so-van-ban-den-windows-1258.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = apply_rows(agency, dataset_rows(read_file(data, "den.csv")))
    assert report.ok, report.errors
    assert report.created == 4
    decree = Dispatch.objects.get(agency=agency, code_number="08")
    assert decree.direction == Direction.INCOMING  # has "Ngày đến"
    assert decree.doc_type == DocumentType.NGHI_DINH
    assert decree.code_notation == "2026/NĐ-CP"
    assert decree.organ_name == "Chính phủ"
    assert decree.arrival_date == date(2026, 1, 7) and decree.arrival_number == 3
    assert decree.summary == "quy định chi tiết về quản lý tài sản công"
    letter = Dispatch.objects.get(agency=agency, code_number="120")
    assert letter.organ_name == "Bộ Nội vụ"  # recomposed: equal to the NFC text
    assert letter.doc_type == DocumentType.CONG_VAN and letter.due_date == date(2026, 1, 20)


def test_xlsx_with_title_row_and_excel_date_cells(agency):
    report = apply_rows(agency, dataset_rows(read_file((SAMPLES / "so-van-ban.xlsx").read_bytes(), "s.xlsx")))
    assert report.ok, report.errors
    assert report.created == 3
    incoming = Dispatch.objects.get(agency=agency, external_id="MAU-XLSX-3")
    assert incoming.direction == Direction.INCOMING and incoming.arrival_date == date(2026, 2, 4)
    notice = Dispatch.objects.get(agency=agency, external_id="MAU-XLSX-2")
    assert notice.doc_type == DocumentType.THONG_BAO and notice.issued_date == date(2026, 2, 3)


def test_excel_serial_numbers_and_datetime_cells(agency):
    book = Workbook()
    sheet = book.active
    sheet.append(["CodeNumber", "CodeNotation", "IssuedDate", "Subject", "ArrivalDate", "OrganName"])
    sheet.append([5, "UBND-VP", 46028, "Serial date", None, None])  # Excel day 46028 = 06/01/2026
    sheet.append([6, "UBND-VP", datetime(2026, 1, 7, 0, 0), "Datetime cell", "2026-01-08T09:30:00+07:00", "Sở A"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = apply_rows(agency, dataset_rows(read_xlsx(buffer.getvalue())))
    assert report.ok, report.errors
    assert Dispatch.objects.get(agency=agency, code_number="5").issued_date == date(2026, 1, 6)
    second = Dispatch.objects.get(agency=agency, code_number="6")
    assert second.direction == Direction.INCOMING and second.arrival_date == date(2026, 1, 8)


def test_mixed_good_and_bad_rows_store_nothing_and_name_the_rows(agency):
    text = ("\"Số, ký hiệu\",Ngày tháng,Tên loại và trích yếu\n"
            "1/UBND-VP,15/03/2026,Công văn về việc tốt\n"
            "2/UBND-VP,31/02/2026,Công văn ngày sai\n"
            ",16/03/2026,Công văn thiếu số\n"
            "4/UBND-VP,17/03/2026,Sắc lệnh loại lạ\n")
    prepared = prepare(agency, rows_of(text))
    messages = [str(e) for e in prepared.errors]
    assert any(m.startswith("Dòng 3: cột “Ngày tháng”: “31/02/2026” không phải là ngày hợp lệ") for m in messages), messages
    assert any(m.startswith("Dòng 4: thiếu số văn bản") for m in messages), messages
    report = apply_rows(agency, rows_of(text))
    assert not report.ok
    assert Dispatch.objects.count() == 0


def test_unknown_type_name_is_an_error(agency):
    prepared = prepare(agency, rows_of("TypeName,CodeNumber,IssuedDate,Subject\nSắc lệnh,1,2026-03-01,Thử\n"))
    assert [str(e) for e in prepared.errors] == [
        "Dòng 2: cột “TypeName”: loại văn bản “Sắc lệnh” không có trong danh mục"]


def test_duplicate_rows_in_one_file_are_refused(agency):
    text = ("ExternalId,CodeNumber,CodeNotation,IssuedDate,Subject\n"
            "A,1,UBND-VP,2026-03-01,Một\n"
            "B,1,UBND-VP,2026-04-01,Trùng số trong năm\n"
            "A,2,UBND-VP,2026-04-01,Trùng mã\n")
    messages = [str(e) for e in prepare(agency, rows_of(text)).errors]
    assert "Dòng 3: trùng số, ký hiệu và năm với Dòng 2." in messages
    assert "Dòng 4: trùng mã văn bản với Dòng 2." in messages
    assert not apply_rows(agency, rows_of(text)).ok
    assert Dispatch.objects.count() == 0


def test_reimport_changes_nothing_and_updates_on_external_id(agency):
    data = (SAMPLES / "so-van-ban-di-phu-luc-vi.csv").read_bytes()
    assert apply_rows(agency, dataset_rows(read_csv(data))).created == 4
    before = list(Dispatch.objects.order_by("pk").values("pk", "updated_at", "summary"))
    history = Dispatch.history.count()
    again = apply_rows(agency, dataset_rows(read_csv(data)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert list(Dispatch.objects.order_by("pk").values("pk", "updated_at", "summary")) == before
    assert Dispatch.history.count() == history
    changed = data.decode("utf-8-sig").replace("Về việc triển khai chuyển đổi số năm 2026", "Nội dung đã sửa")
    report = apply_rows(agency, dataset_rows(read_csv(changed.encode())))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    assert Dispatch.objects.get(external_id="MAU-DI-0001").summary == "Nội dung đã sửa"


def test_without_external_id_rows_match_on_direction_year_number(agency):
    text = "\"Số, ký hiệu\",Ngày tháng,Tên loại và trích yếu\n9/UBND-VP,15/03/2026,Công văn về việc A\n"
    assert apply_rows(agency, rows_of(text)).created == 1
    report = apply_rows(agency, rows_of(text.replace("việc A", "việc B")))
    assert (report.created, report.updated) == (0, 1)
    assert Dispatch.objects.get().summary == "về việc B"


def test_same_number_with_another_external_id_is_a_conflict(agency):
    apply_rows(agency, rows_of("ExternalId,CodeNumber,CodeNotation,IssuedDate,Subject\nA,1,UBND-VP,2026-03-01,Một\n"))
    report = apply_rows(agency, rows_of(
        "ExternalId,CodeNumber,CodeNotation,IssuedDate,Subject\nB,1,UBND-VP,2026-05-01,Hai\n"))
    assert not report.ok
    assert "đã có trong sổ với mã văn bản khác" in str(report.errors[0])


def test_import_is_per_agency(agency, other_agency):
    text = "ExternalId,CodeNumber,CodeNotation,IssuedDate,Subject\nA,1,UBND-VP,2026-03-01,Một\n"
    apply_rows(agency, rows_of(text))
    report = apply_rows(other_agency, rows_of(text))
    assert report.created == 1
    assert Dispatch.objects.filter(agency=agency).count() == 1
    assert Dispatch.objects.filter(agency=other_agency).count() == 1


def test_incoming_row_without_arrival_date_uses_the_model_rule(agency):
    text = "Sổ,\"Số, ký hiệu\",Ngày tháng,Trích yếu,Tác giả\nĐến,5/BNV-VP,01/03/2026,Thử,Bộ Nội vụ\n"
    messages = [str(e) for e in prepare(agency, rows_of(text)).errors]
    assert messages == ["Dòng 2: ngày đến — Văn bản đến cần ngày đến."]


def test_a_file_without_known_headings_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="dòng tiêu đề"):
        read_csv(b"a,b,c\n1,2,3\n")


def test_windows_1258_encoder_round_trip():
    text = "Tối mật, Tuyệt mật, Quyết định, Hỏa tốc, Thượng khẩn, Đề án"
    from portal.importing.cells import decode_text

    assert decode_text(encode_cp1258(text)) == text
