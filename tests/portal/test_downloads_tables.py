"""portal.downloads: XLSX tables (typed cells, filter, frozen header, print set-up) and PDF."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook

from portal import downloads
from portal.downloads import excel_value, format_table, pdf_bytes, xlsx_response

pypdf = pytest.importorskip("pypdf")
needs_pdf = pytest.mark.skipif(downloads.pdf_engine_error() is not None,
                               reason=f"PDF engine missing: {downloads.pdf_engine_error()}")


def test_excel_value_keeps_types_and_drops_time_zones():
    aware = datetime(2026, 3, 1, 1, 30, tzinfo=ZoneInfo("UTC"))
    assert excel_value(aware) == datetime(2026, 3, 1, 8, 30)  # Asia/Ho_Chi_Minh, naive for Excel
    assert excel_value(date(2026, 3, 1)) == date(2026, 3, 1)
    assert excel_value(12) == 12 and excel_value(1.5) == 1.5 and excel_value(None) is None
    assert excel_value(type("Lazy", (), {"__str__": lambda self: "Đạt"})()) == "Đạt"


def test_format_table_makes_a_filtered_frozen_printable_table():
    book = Workbook()
    sheet = book.active
    sheet.append(["Tiêu đề"])
    sheet.append(["Cơ quan", "Số", "Ngày", "Lúc"])
    sheet.append(["Sở Y tế", 3, date(2026, 3, 1), datetime(2026, 3, 1, 8, 30)])
    sheet.append(["=HYPERLINK(\"http://x\")", -2, None, None])
    format_table(sheet, 2, [30, 8, 12, 16])
    response = xlsx_response(book, "x.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.auto_filter.ref == "A2:D4"
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$2:$2"
    assert sheet["B3"].data_type == "n" and sheet["B3"].value == 3
    assert sheet["C3"].is_date and sheet["C3"].number_format == "dd/mm/yyyy"
    assert sheet["D3"].is_date and sheet["D3"].value == datetime(2026, 3, 1, 8, 30)
    assert sheet["A4"].value.startswith("'=")  # still inert
    assert sheet.column_dimensions["A"].width == 30


@needs_pdf
def test_pdf_embeds_the_vietnamese_font_and_keeps_the_text():
    text = "Ủy ban nhân dân tỉnh Vĩnh Long — Độc lập - Tự do - Hạnh phúc; Phường Trường An"
    html = (f"<!doctype html><html><head><style>{downloads.pdf_font_css()} body {{ font-family: "
            f"'Be Vietnam Pro'; }}</style></head><body><p>{text}</p><p><b>Đậm</b> <i>Nghiêng</i></p></body></html>")
    pdf = pdf_bytes(html)
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert text in " ".join(reader.pages[0].extract_text().split())
    fonts = [str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert any("Be-Vietnam-Pro" in name for name in fonts), fonts


@needs_pdf
def test_pdf_fetches_nothing_but_our_static_files(monkeypatch):
    asked = []
    monkeypatch.setattr(downloads, "_static_file", lambda name: asked.append(name))
    html = ('<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd">'
            '<link rel="stylesheet" href="/static/css/khong-co.css"><p>Xin chào</p>')
    assert pdf_bytes(html).startswith(b"%PDF")
    assert asked == ["css/khong-co.css"]


def test_pdf_without_the_engine_raises_a_clear_error(monkeypatch):
    monkeypatch.setattr(downloads, "pdf_engine_error", lambda: "OSError: cannot load library 'pango-1.0-0'")
    with pytest.raises(downloads.PdfEngineMissing, match="pango"):
        pdf_bytes("<p>x</p>")
