"""The import framework's safety: size caps before parsing, unknown and duplicate columns, waiting files
removed after confirm, cancel, refusal or a day; and its shared cell parsers."""

import io
import os
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from dispatches.models import Dispatch
from ktxh_sync.models import Observation
from organization.models import Official, OrgUnit
from portal.importing import cells, files, storage
from procedures.models import LegalDocument, Procedure

pytestmark = pytest.mark.django_db
IMPORTS = [OrgUnit, Official, Procedure, LegalDocument, Dispatch, Observation]
FIFTY_MB = 50 * 1024 * 1024


@pytest.fixture
def waiting(tmp_path, monkeypatch):
    """The folder where uploads wait for their confirm, private to the test."""
    folder = tmp_path / "imports"
    folder.mkdir()
    monkeypatch.setattr(storage, "folder", lambda: str(folder))
    return folder


@pytest.fixture
def no_parsing(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("an oversized file must be refused before it is parsed")

    monkeypatch.setattr(files, "csv_rows", never)
    monkeypatch.setattr(files, "xlsx_rows", never)


def url(model, view="import"):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def csv_format(client, model):
    choices = client.get(url(model)).context["form"].fields["format"].choices
    return next(value for value, label in choices if str(label).lower() == "csv")


@pytest.mark.parametrize("model", IMPORTS, ids=lambda m: m._meta.model_name)
def test_a_50_mb_upload_is_refused_at_once_without_being_read(login, editor, agency, model, waiting, no_parsing):
    client = login(editor)
    response = client.post(url(model), {"agency": agency.pk, "format": "1"}, CONTENT_LENGTH=str(FIFTY_MB))
    assert response.status_code == 302 and response.url == url(model)
    page = client.get(response.url).content.decode()
    assert "Tệp quá lớn" in page and "tối đa 5 MB" in page
    assert not os.listdir(waiting)


@pytest.mark.parametrize("model", IMPORTS, ids=lambda m: m._meta.model_name)
def test_a_file_over_the_cap_is_refused_before_parsing(login, editor, agency, model, waiting, monkeypatch):
    client = login(editor)
    fmt = csv_format(client, model)
    monkeypatch.setattr(files, "csv_rows", lambda data: pytest.fail("parsed an oversized file"))
    big = SimpleUploadedFile("lon.csv", b"a" * (files.MAX_BYTES + 1), content_type="text/csv")
    response = client.post(url(model), {"agency": agency.pk, "format": fmt, "import_file": big})
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.content.decode()
    assert not os.listdir(waiting)


def test_the_command_refuses_an_oversized_file_before_parsing(agency, no_parsing):
    from procedures.importers import CSVFormat, ProcedureResource, run_import

    report = run_import(ProcedureResource, agency, b"a" * (files.MAX_BYTES + 1), CSVFormat)
    assert report.errors and "Tệp quá lớn" in report.errors[0]


UNITS = "Tên đơn vị,Loại đơn vị\nVăn phòng,Văn phòng\n"


def preview(client, agency, text, model=OrgUnit):
    upload = SimpleUploadedFile("don-vi.csv", text.encode("utf-8-sig"), content_type="text/csv")
    return client.post(url(model), {"agency": agency.pk, "format": csv_format(client, model), "import_file": upload})


def confirm_data(response):
    form = response.context["confirm_form"]
    return {name: form.initial.get(name, "") for name in form.fields}


def test_the_waiting_file_is_removed_after_the_confirm(login, agency_admin, agency, waiting):
    client = login(agency_admin)
    checked = preview(client, agency, UNITS)
    assert len(os.listdir(waiting)) == 1
    assert client.post(url(OrgUnit, "process_import"), confirm_data(checked)).status_code == 302
    assert OrgUnit.objects.count() == 1 and not os.listdir(waiting)
    # Confirming the same preview again finds nothing to read: a message, no 500, nothing more stored.
    again = client.post(url(OrgUnit, "process_import"), confirm_data(checked))
    assert again.status_code == 302 and OrgUnit.objects.count() == 1


def test_the_waiting_file_is_removed_on_cancel(login, agency_admin, agency, waiting):
    client = login(agency_admin)
    checked = preview(client, agency, UNITS)
    assert len(os.listdir(waiting)) == 1
    assert "import/cancel/" in checked.content.decode()
    response = client.post(url(OrgUnit, "import_cancel"), confirm_data(checked))
    assert response.status_code == 302 and not os.listdir(waiting) and not OrgUnit.objects.exists()


def test_a_refused_preview_keeps_no_file(login, agency_admin, agency, waiting):
    response = preview(login(agency_admin), agency, "Tên đơn vị,Loại đơn vị\nVăn phòng,Không có loại này\n")
    assert "Dòng 2, cột “Loại đơn vị”" in response.content.decode()
    assert not os.listdir(waiting)


def test_the_cancel_cannot_remove_files_outside_the_folder(login, agency_admin, tmp_path, waiting):
    victim = tmp_path / "giu-lai.txt"
    victim.write_text("x")
    login(agency_admin).post(url(OrgUnit, "import_cancel"), {"import_file_name": str(victim)})
    login(agency_admin).post(url(OrgUnit, "import_cancel"), {"import_file_name": "../giu-lai.txt"})
    assert victim.exists()


def test_files_nobody_confirmed_are_swept_after_a_day(login, agency_admin, agency, waiting):
    old, fresh = waiting / "import-old", waiting / "import-fresh"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    day_ago = time.time() - storage.MAX_AGE - 60
    os.utime(old, (day_ago, day_ago))
    login(agency_admin).get(url(OrgUnit))  # any import page sweeps, no cron needed
    assert not old.exists() and fresh.exists()
    os.utime(fresh, (day_ago, day_ago))
    out = io.StringIO()
    call_command("clear_import_files", stdout=out)  # the same sweep, for a timer or by hand
    assert not fresh.exists() and out.getvalue().strip() == "1"


# --- the shared cell parsers -------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("15/03/2026", date(2026, 3, 15)), ("5-3-2026", date(2026, 3, 5)), ("05.03.2026", date(2026, 3, 5)),
    ("2026-03-15", date(2026, 3, 15)), ("2026-03-15T08:00:00", date(2026, 3, 15)), (46096, date(2026, 3, 15)),
    (46096.0, date(2026, 3, 15)), ("46096", date(2026, 3, 15)), ("", None), (None, None),
])
def test_dates_are_read_in_every_spelling(value, expected):
    assert cells.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2026", "hôm qua", "2026/13/01", 0.5, -3])
def test_bad_dates_are_named(value):
    with pytest.raises(cells.CellError, match="không phải là ngày hợp lệ"):
        cells.parse_date(value)


@pytest.mark.parametrize("value, expected", [
    ("1.234,5", Decimal("1234.5")), ("1,234.5", Decimal("1234.5")), ("1234,5", Decimal("1234.5")),
    ("1.234.567", Decimal("1234567")), (" 12 ", Decimal("12")), (12.5, Decimal("12.5")), ("", None), (None, None),
])
def test_numbers_are_read_in_vietnamese_and_english_spelling(value, expected):
    assert cells.parse_number(value) == expected


@pytest.mark.parametrize("value", ["mười", "1,2,3x", "NaN", "Infinity", True])
def test_bad_numbers_are_named(value):
    with pytest.raises(cells.CellError, match="không phải là số"):
        cells.parse_number(value)


@pytest.mark.parametrize("value, expected", [("Có", True), ("co", True), ("x", True), (1, True), ("Không", False),
                                             ("KHÔNG", False), (0, False), ("", None)])
def test_yes_no(value, expected):
    assert cells.parse_yes_no(value) is expected


def test_csv_bytes_in_utf8_with_or_without_bom_and_in_windows_1258():
    text = "Số, ký hiệu;Trích yếu\n1/UBND;Về việc tổ chức Hội nghị\n"
    from tests.dispatches.test_importers import encode_cp1258

    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), encode_cp1258(text)):
        assert files.csv_rows(data) == [["Số, ký hiệu", "Trích yếu"], ["1/UBND", "Về việc tổ chức Hội nghị"]]


def test_the_header_row_is_found_below_title_rows_and_lines_keep_their_numbers():
    rows = [["SỔ ĐĂNG KÝ VĂN BẢN ĐI", None], [None, None], ["Số, ký hiệu", "Trích yếu"], ["1/UBND", "A"],
            [None, None], ["2/UBND", "B"]]
    dataset = files.rows_to_dataset(rows, lambda heading: heading in ("Số, ký hiệu", "Trích yếu"))
    assert dataset.headers == ["Số, ký hiệu", "Trích yếu"]
    assert dataset.row_numbers == [4, 6] and len(dataset) == 2
