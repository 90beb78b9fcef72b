"""Write the sample import files of this folder (run: python dispatches/samples/make_samples.py).

- so-van-ban-di-phu-luc-vi.csv: outgoing register, UTF-8 with BOM, columns named as in Decree
  30/2020 appendix VI (TypeName, CodeNumber, CodeNotation, IssuedDate, ...), ISO dates.
- so-van-ban-den-windows-1258.csv: incoming register, Windows-1258, Vietnamese register headings,
  dd/mm/yyyy dates, semicolon separated (as Excel on a Vietnamese Windows saves it).
- so-van-ban.xlsx: both registers in one sheet under a title row, Vietnamese headings, real Excel
  date cells and a "Sổ" column.
Every row is sample data.
"""

import csv
import io
import unicodedata
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 keeps â, ê, ô, ơ, ư, ă, đ precomposed and writes tone marks as combining characters."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        marks = "".join(c for c in decomposed if c in TONE_MARKS)
        out.append((base + marks).encode("cp1258"))
    return b"".join(out)


APPENDIX_VI = ["ExternalId", "TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "Subject", "Position",
               "FullName", "ToPlaces", "Priority", "DueDate", "Description"]
OUTGOING = [
    ["MAU-DI-0001", "Công văn", "12", "UBND-VP", "2026-01-06", "Về việc triển khai chuyển đổi số năm 2026",
     "Chủ tịch", "Nguyễn Văn An (mẫu)", "Các phòng chuyên môn; Lưu: VT.", "Thường", "", "Dữ liệu mẫu"],
    ["MAU-DI-0002", "Quyết định", "15", "QĐ-UBND", "2026-01-08", "Về việc ban hành quy chế làm việc",
     "Phó Chủ tịch", "Trần Thị Bích (mẫu)", "Như Điều 3; Lưu: VT.", "Khẩn", "", "Dữ liệu mẫu"],
    ["MAU-DI-0003", "Kế hoạch", "3", "KH-UBND", "2026-01-12", "Kế hoạch cải cách hành chính năm 2026",
     "Chủ tịch", "Nguyễn Văn An (mẫu)", "Các phòng, ban; Lưu: VT.", "Thường", "2026-03-31", "Dữ liệu mẫu"],
    ["MAU-DI-0004", "Giấy mời", "20", "GM-UBND", "2026-01-15", "Mời dự họp sơ kết công tác tháng 01",
     "Chánh Văn phòng", "Võ Thị Hồng (mẫu)", "Thành phần theo danh sách", "Hỏa tốc", "", "Dữ liệu mẫu"],
]
REGISTER_IN = ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu",
               "Đơn vị hoặc người nhận", "Hạn giải quyết", "Ghi chú"]
INCOMING = [
    ["05/01/2026", "1", "Bộ Nội vụ", "120/BNV-VP", "02/01/2026", "Công văn về việc báo cáo thống kê biên chế năm 2025",
     "Phòng Tổ chức", "20/01/2026", "Dữ liệu mẫu"],
    ["06/01/2026", "2", "Ủy ban nhân dân tỉnh Vĩnh Long", "35/QĐ-UBND", "05/01/2026",
     "Quyết định về việc giao chỉ tiêu kinh tế - xã hội năm 2026", "Văn phòng", "", "Dữ liệu mẫu"],
    ["07/01/2026", "3", "Chính phủ", "08/2026/NĐ-CP", "03/01/2026",
     "Nghị định quy định chi tiết về quản lý tài sản công", "Phòng Kế hoạch - Tài chính", "", "Dữ liệu mẫu"],
    ["09/01/2026", "4", "Bộ Tài chính", "02/2026/TT-BTC", "06/01/2026",
     "Thông tư hướng dẫn lập dự toán ngân sách nhà nước", "Phòng Kế hoạch - Tài chính", "", "Dữ liệu mẫu"],
]


def main():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(APPENDIX_VI)
    writer.writerows(OUTGOING)
    (HERE / "so-van-ban-di-phu-luc-vi.csv").write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(REGISTER_IN)
    writer.writerows(INCOMING)
    (HERE / "so-van-ban-den-windows-1258.csv").write_bytes(encode_cp1258(out.getvalue()))

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "So van ban"
    sheet.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐI, ĐẾN NĂM 2026 (DỮ LIỆU MẪU)"])
    sheet.append(["Sổ", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu", "Người ký", "Nơi nhận",
                  "Tác giả", "Ngày đến", "Số đến", "Mã văn bản"])
    sheet.append(["Đi", "25/UBND-VP", date(2026, 2, 2), "Công văn về việc chuẩn bị Tết Nguyên đán",
                  "Nguyễn Văn An (mẫu)", "Các phòng, ban", None, None, None, "MAU-XLSX-1"])
    sheet.append(["Đi", "7/TB-UBND", date(2026, 2, 3), "Thông báo lịch nghỉ Tết Nguyên đán Bính Ngọ",
                  "Võ Thị Hồng (mẫu)", "Cán bộ, công chức", None, None, None, "MAU-XLSX-2"])
    sheet.append(["Đến", "210/UBND-KGVX", date(2026, 2, 2), "Công văn về việc tổ chức đón Tết", None, None,
                  "Ủy ban nhân dân tỉnh Vĩnh Long", date(2026, 2, 4), 15, "MAU-XLSX-3"])
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    book.save(HERE / "so-van-ban.xlsx")


if __name__ == "__main__":
    main()
