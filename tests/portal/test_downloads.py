"""Every CSV/XLSX download neutralises spreadsheet formulas (issue 12 item 5), through portal.downloads.

The payloads of the report: an official named ``=HYPERLINK(...)``, title ``+cmd|' /C calc'!A0``,
phone ``@SUM(1+1)``; plus ``-`` and a leading tab or carriage return. "Inert" means: no cell of a CSV
starts with a formula character, and no XLSX cell is a formula (data type "f") or starts with one.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from portal.downloads import csv_response, neutralise, xlsx_response
from tests.organization.test_factories import make_official, make_unit

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://evil.example/","Bấm")'
TITLE = "+cmd|' /C calc'!A0"
PHONE = "@SUM(1+1)"
OTHERS = ["-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
PAYLOADS = [NAME, TITLE, PHONE, *OTHERS]


def csv_cells(response):
    return [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(response):
    book = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_csv_inert(response, *expected):
    cells = csv_cells(response)
    assert not [c for c in cells if neutralise(c) != c], cells  # plain numbers like -1.5 are not formulas
    for payload in expected:
        assert "'" + payload in cells  # kept, readable, inert


def assert_xlsx_inert(response, *expected):
    cells = xlsx_cells(response)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells if isinstance(c.value, str)]
    assert not [v for v in values if neutralise(v) != v], values
    for payload in expected:
        assert "'" + payload in values
    return cells


@pytest.mark.parametrize("value,expected", [
    (NAME, "'" + NAME), (TITLE, "'" + TITLE), (PHONE, "'" + PHONE), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-1+A1", "'-1+A1"), ("Nguyễn Văn A", "Nguyễn Văn A"), ("a=b", "a=b"), ("", ""),
    ("-1.5", "-1.5"), ("+84", "+84"), ("-12,5", "-12,5"), (-3, -3), (Decimal("-1.5"), Decimal("-1.5")), (None, None),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_helpers_keep_xlsx_numbers_and_dates_typed():
    book = Workbook()
    book.active.append([NAME, 12, Decimal("-1.5"), date(2026, 11, 1), "-7"])
    cells = assert_xlsx_inert(xlsx_response(book, "x.xlsx"), NAME)
    assert [c.data_type for c in cells] == ["s", "n", "n", "d", "s"]
    assert_csv_inert(csv_response([[NAME, TITLE, PHONE, 3]], "x.csv"), NAME, TITLE, PHONE)


@pytest.fixture
def hostile_official(agency):
    unit = make_unit(agency, "Văn phòng")
    return make_official(unit, NAME, TITLE, phone=PHONE, email="a@so.gov.vn")


def test_public_directory_csv_and_xlsx_are_inert(client, agency, hostile_official):
    base = "/so-thu-nghiem/co-cau-to-chuc/"
    assert_csv_inert(client.get(base + "danh-ba.csv"), NAME, TITLE, PHONE)
    assert_xlsx_inert(client.get(base + "danh-ba.xlsx"), NAME, TITLE, PHONE)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_import_export_exports_are_inert_and_typed(login, approver, agency, hostile_official, settings, fmt):
    # django-import-export's own switch is on, and the admin's formats neutralise the OWASP way.
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True
    client = login(approver)
    data = {"format": "1" if fmt == "csv" else "0"}
    response = client.post("/admin/organization/official/export/", data)
    assert response.status_code == 200
    if fmt == "csv":
        assert_csv_inert(response, NAME, TITLE, PHONE)
        return
    cells = assert_xlsx_inert(response, NAME, TITLE, PHONE)
    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False  # what the library writes without neutralising
    raw = xlsx_cells(client.post("/admin/organization/official/export/", data))
    assert [c.data_type for c in cells] == [c.data_type if c.data_type != "f" else "s" for c in raw]


def test_procedures_export_action_is_inert(login, editor, agency):
    from tests.procedures import factories as f

    document = f.document(agency, number="1/QĐ-UBND", issuer=TITLE, summary=NAME, signer=PHONE)
    response = login(editor).post("/admin/procedures/legaldocument/", {
        "action": "export_xlsx", "_selected_action": [document.pk]})
    assert response.status_code == 200
    assert_xlsx_inert(response, NAME, TITLE, PHONE)


def test_dispatch_statistics_downloads_are_inert(client, agency):
    agency.name = NAME
    agency.save()
    base = "/so-thu-nghiem/van-ban-di-den/"
    assert_csv_inert(client.get(base + "thong-ke.csv", {"ky": "nam"}))
    cells = assert_xlsx_inert(client.get(base + "thong-ke.xlsx", {"ky": "nam"}))
    assert any(c.data_type == "n" for c in cells)  # counts stay numbers


def test_ktxh_indicator_csv_is_inert(client, agency, db):
    from ktxh_sync.demo import load_catalogue
    from ktxh_sync.models import Indicator, Observation

    load_catalogue()
    indicator = Indicator.objects.get(code="XK")
    Observation.objects.create(agency=agency, indicator=indicator, period=date(2026, 10, 1), value=Decimal("-3.5"),
                               source_name=NAME, fetched_at=timezone.now())
    response = client.get(agency.reverse("ktxh_sync:indicator_csv", code="XK"))
    assert_csv_inert(response, NAME)
    assert "-3.5" in csv_cells(response)  # a negative figure is a number, not a formula: unchanged


def test_import_templates_are_built_by_the_helper(login, approver):
    response = login(approver).get("/admin/organization/official/import-template/", {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert_csv_inert(response)
