"""The indicator catalogue of the demo and the generator of the shipped sample feeds (DỮ LIỆU MẪU).

The files in ``ktxh_sync/samples/`` are this module's output for the month given; they are used by
the demo (through the real sync) and by the tests. Re-create them for another last month with::

    .venv/bin/python -m ktxh_sync.samplegen 2026-11

Values are invented but of a realistic size for the merged Vĩnh Long province (retail sales of
about 14.000 tỷ đồng a month, exports of about 300 triệu USD, IIP and CPI around 103-110 %, GRDP
growth of 6-8 %). Every file says it is sample data.
"""

import csv
import io
import json
import random
import sys
from datetime import date, datetime
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
SAMPLE_NOTE = "DỮ LIỆU MẪU — không phải số liệu chính thức"
SOURCE_NAME = "Cục Thống kê tỉnh Vĩnh Long (dữ liệu mẫu)"

# code, name, name_en, unit, frequency, group, decimals, direction, change_kind, chart, is_main, method note
CATALOGUE = [
    ("IIP", "Chỉ số sản xuất công nghiệp (IIP) so với cùng kỳ",
     "Index of industrial production, same period of previous year = 100",
     "%", "month", "cong-nghiep", 1, "up", "none", "line", True,
     "Chỉ số sản xuất công nghiệp tháng báo cáo so với cùng tháng năm trước (cùng kỳ = 100%), tính theo "
     "phương pháp bình quân gia quyền các chỉ số sản phẩm đại diện với quyền số giá trị tăng thêm năm gốc."),
    ("BLHH", "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "Retail sales of goods and services",
     "tỷ đồng", "month", "thuong-mai", 0, "up", "percent", "columns", True,
     "Theo giá hiện hành, tổng hợp từ điều tra mẫu cơ sở kinh doanh cá thể và báo cáo của doanh nghiệp; "
     "số tháng báo cáo là số ước tính, được điều chỉnh ở tháng sau."),
    ("XK", "Kim ngạch xuất khẩu hàng hóa", "Exports of goods", "triệu USD", "month", "thuong-mai", 1, "up",
     "percent", "columns", True, "Trị giá xuất khẩu theo giá FOB của doanh nghiệp trên địa bàn."),
    ("NK", "Kim ngạch nhập khẩu hàng hóa", "Imports of goods", "triệu USD", "month", "thuong-mai", 1, "neutral",
     "percent", "columns", False, "Trị giá nhập khẩu theo giá CIF của doanh nghiệp trên địa bàn."),
    ("CPI", "Chỉ số giá tiêu dùng (CPI) so với cùng kỳ", "Consumer price index, same period of previous year = 100",
     "%", "month", "gia-ca", 2, "neutral", "none", "line", True,
     "Chỉ số giá tiêu dùng tháng báo cáo so với cùng tháng năm trước, công thức Laspeyres bình quân nhân, "
     "quyền số theo khảo sát mức sống dân cư."),
    ("VDT", "Vốn đầu tư thực hiện trên địa bàn", "Realised investment", "tỷ đồng", "month", "dau-tu", 0, "up",
     "percent", "columns", True, "Vốn đầu tư thực hiện theo giá hiện hành, mọi nguồn vốn."),
    ("GRDP_Q", "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) theo quý", "GRDP growth, quarter, constant prices",
     "%", "quarter", "kinh-te", 2, "up", "points", "columns", True,
     "Tốc độ tăng GRDP theo giá so sánh 2010 của quý báo cáo so với cùng quý năm trước; lũy kế là tốc độ "
     "tăng của các quý từ đầu năm."),
    ("GRDP_NN", "Tăng trưởng khu vực nông, lâm nghiệp và thủy sản", "Growth of agriculture, forestry and fishery",
     "%", "quarter", "kinh-te", 2, "up", "points", "columns", False, "Giá so sánh 2010, so với cùng kỳ."),
    ("GRDP_CN", "Tăng trưởng khu vực công nghiệp và xây dựng", "Growth of industry and construction",
     "%", "quarter", "kinh-te", 2, "up", "points", "columns", False, "Giá so sánh 2010, so với cùng kỳ."),
    ("GRDP_DV", "Tăng trưởng khu vực dịch vụ", "Growth of services", "%", "quarter", "kinh-te", 2, "up", "points",
     "columns", False, "Giá so sánh 2010, so với cùng kỳ."),
    ("GRDP_Y", "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) cả năm", "GRDP growth, year, constant prices",
     "%", "year", "kinh-te", 2, "up", "points", "columns", True, "Giá so sánh 2010, so với năm trước."),
    ("GRDP_BQ", "GRDP bình quân đầu người", "GRDP per capita", "triệu đồng", "year", "kinh-te", 1, "up", "percent",
     "columns", False, "GRDP theo giá hiện hành chia dân số trung bình."),
    ("THU_NS_Y", "Tổng thu ngân sách nhà nước trên địa bàn cả năm", "State budget revenue, year", "tỷ đồng", "year",
     "ngan-sach", 0, "up", "percent", "columns", True, "Số quyết toán; năm gần nhất là số ước thực hiện."),
    ("HO_NGHEO", "Tỷ lệ hộ nghèo đa chiều", "Multidimensional poverty rate", "%", "year", "xa-hoi", 2, "down",
     "points", "columns", False, "Theo chuẩn nghèo đa chiều giai đoạn 2022-2025."),
    # Department-owned sector figures.
    ("THU_NS", "Thu ngân sách nhà nước trên địa bàn", "State budget revenue", "tỷ đồng", "month", "ngan-sach", 0,
     "up", "percent", "columns", True, "Số thu nộp vào Kho bạc Nhà nước trong tháng; lũy kế từ đầu năm."),
    ("CHI_NS", "Chi ngân sách địa phương", "Local budget expenditure", "tỷ đồng", "month", "ngan-sach", 0,
     "neutral", "percent", "columns", False, "Chi cân đối ngân sách địa phương trong tháng."),
    ("GN_DTC", "Tỷ lệ giải ngân vốn đầu tư công so với kế hoạch", "Public investment disbursed, share of plan",
     "% kế hoạch", "month", "dau-tu", 1, "up", "points", "line", True,
     "Vốn đã giải ngân lũy kế từ đầu năm chia kế hoạch vốn Thủ tướng Chính phủ giao."),
    ("SL_LUA", "Sản lượng lúa", "Paddy output", "nghìn tấn", "quarter", "nong-nghiep", 1, "up", "percent",
     "columns", True, "Sản lượng thu hoạch trong quý (vụ Đông Xuân thu hoạch chủ yếu quý I)."),
    ("SL_THUYSAN", "Sản lượng thủy sản", "Fishery output", "nghìn tấn", "quarter", "nong-nghiep", 1, "up",
     "percent", "columns", True, "Nuôi trồng và khai thác."),
    ("KHACH_DL", "Lượt khách du lịch", "Tourist arrivals", "nghìn lượt", "month", "xa-hoi", 1, "up", "percent",
     "columns", True, "Khách lưu trú và khách trong ngày tại các cơ sở kinh doanh du lịch."),
    ("DT_DL", "Doanh thu du lịch", "Tourism revenue", "tỷ đồng", "month", "xa-hoi", 0, "up", "percent",
     "columns", False, "Doanh thu lưu trú, lữ hành và dịch vụ du lịch."),
]


def _months(end: date, count: int) -> list[date]:
    index = end.year * 12 + end.month - 1
    return [date((i) // 12, (i) % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _quarters(end_month: date, count: int) -> list[date]:
    """The ``count`` complete quarters before the quarter containing ``end_month``."""
    q_start = date(end_month.year, 3 * ((end_month.month - 1) // 3) + 1, 1)
    index = q_start.year * 12 + q_start.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - 3 * count, index, 3)]


SEASON = {1: 1.08, 2: 1.12, 3: 0.95, 4: 0.96, 5: 0.97, 6: 0.98, 7: 0.98, 8: 0.99, 9: 0.98, 10: 1.0, 11: 1.02, 12: 1.1}


def _level_series(rng, months, base, growth, noise=0.02):
    """{month: value} for a level indicator growing by ``growth`` a year with seasonality."""
    values = {}
    for month in months:
        years = (month.year - months[0].year) + (month.month - 1) / 12
        values[month] = base * (1 + growth) ** years * SEASON[month.month] * (1 + rng.uniform(-noise, noise))
    return values


def _monthly_province(rng, end):
    months = _months(end, 36)  # a year more than published, for the change against last year
    shown = months[12:]
    series = {
        "BLHH": _level_series(rng, months, 12400, 0.095),
        "XK": _level_series(rng, months, 255, 0.12, 0.05),
        "NK": _level_series(rng, months, 128, 0.08, 0.06),
        "VDT": _level_series(rng, months, 4600, 0.10, 0.04),
    }
    rows = {}
    for code, values in series.items():
        for month in shown:
            ytd = sum(v for m, v in values.items() if m.year == month.year and m <= month)
            last = month.replace(year=month.year - 1)
            rows[(code, month)] = (round(values[month], 1), round(ytd, 1),
                                   round((values[month] / values[last] - 1) * 100, 1))
    for code, centre, spread in (("IIP", 108.6, 2.2), ("CPI", 103.25, 0.6)):
        for month in shown:
            value = centre + rng.uniform(-spread, spread)
            rows[(code, month)] = (round(value, 2), round(centre + rng.uniform(-spread / 2, spread / 2), 2), None)
    return shown, rows


def jsonstat_monthly(end: date, rng) -> dict:
    months, rows = _monthly_province(rng, end)
    codes = ["IIP", "BLHH", "XK", "NK", "CPI", "VDT"]
    names = {c[0]: c[1] for c in CATALOGUE}
    units = {c[0]: (c[3], c[6]) for c in CATALOGUE}
    measures = ["KyBaoCao", "LuyKe", "SoCungKy"]
    values, status = [], {}
    for code in codes:
        for month in months:
            figure = rows[(code, month)]
            for position, _measure in enumerate(measures):
                if month == months[-1]:
                    status[str(len(values))] = "e"  # the month being reported is an estimate
                values.append(figure[position])
    return _dataset(
        "Một số chỉ tiêu kinh tế - xã hội chủ yếu theo tháng — " + SAMPLE_NOTE,
        codes, names, units, [(f"{m.year}M{m.month:02d}", f"Tháng {m.month}/{m.year}") for m in months],
        [("KyBaoCao", "Thực hiện tháng"), ("LuyKe", "Lũy kế từ đầu năm"), ("SoCungKy", "So với cùng kỳ (%)")],
        values, status)


def jsonstat_quarterly(end: date, rng) -> dict:
    quarters = _quarters(end, 8)
    codes = ["GRDP_Q", "GRDP_NN", "GRDP_CN", "GRDP_DV"]
    names = {c[0]: c[1] for c in CATALOGUE}
    units = {c[0]: (c[3], c[6]) for c in CATALOGUE}
    centres = {"GRDP_Q": 7.1, "GRDP_NN": 3.4, "GRDP_CN": 10.8, "GRDP_DV": 7.6}
    values = []
    for code in codes:
        running = []
        for quarter in quarters:
            value = round(centres[code] + rng.uniform(-0.9, 0.9) + (quarter.year - quarters[0].year) * 0.3, 2)
            running = running if quarter.month != 1 else []
            running.append(value)
            values += [value, round(sum(running) / len(running), 2)]
    labels = [(f"{q.year}Q{(q.month - 1) // 3 + 1}", f"Quý {'I II III IV'.split()[(q.month - 1) // 3]}/{q.year}")
              for q in quarters]
    return _dataset("Tốc độ tăng GRDP theo quý (giá so sánh 2010) — " + SAMPLE_NOTE, codes, names, units, labels,
                    [("KyBaoCao", "Quý báo cáo"), ("LuyKe", "Lũy kế từ đầu năm")], values, {})


def _dataset(label, codes, names, units, periods, measures, values, status):
    return {
        "version": "2.0", "class": "dataset", "label": label, "source": SOURCE_NAME,
        "updated": "2026-11-28T08:00:00+07:00",
        "id": ["DiaBan", "ChiTieu", "Ky", "DoLuong"],
        "size": [1, len(codes), len(periods), len(measures)],
        "role": {"geo": ["DiaBan"], "metric": ["ChiTieu"], "time": ["Ky"]},
        "dimension": {
            "DiaBan": {"label": "Địa bàn", "category": {"index": ["86"], "label": {"86": "Tỉnh Vĩnh Long"}}},
            "ChiTieu": {"label": "Chỉ tiêu", "category": {
                "index": codes, "label": {c: names[c] for c in codes},
                "unit": {c: {"label": units[c][0], "decimals": units[c][1]} for c in codes}}},
            "Ky": {"label": "Kỳ", "category": {"index": [p[0] for p in periods], "label": dict(periods)}},
            "DoLuong": {"label": "Đo lường", "category": {"index": [m[0] for m in measures], "label": dict(measures)}},
        },
        "value": values,
        "status": status,
        "extension": {"sample": True, "note": SAMPLE_NOTE},
    }


def csv_yearly(end: date) -> str:
    last = end.year - 1 if end.month < 12 else end.year
    years = [last - 2, last - 1, last]
    data = {
        "GRDP_Y": ("%", [6.12, 6.94, 7.58], [None, None, None]),
        "GRDP_BQ": ("triệu đồng", [72.5, 79.8, 87.9], [None, None, None]),
        "THU_NS_Y": ("tỷ đồng", [21450, 23980, 26310], [None, None, None]),
        "HO_NGHEO": ("%", [3.12, 2.45, 1.86], [None, None, None]),
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["ma_chi_tieu", "ky", "gia_tri", "luy_ke", "so_cung_ky", "uoc_tinh", "don_vi", "ghi_chu"])
    for code, (unit, values, _changes) in data.items():
        for year, value in zip(years, values, strict=True):
            estimate = "1" if year == last and code == "THU_NS_Y" else "0"
            writer.writerow([code, str(year), value, "", "", estimate, unit, SAMPLE_NOTE])
    return out.getvalue()


def json_budget(end: date, rng) -> dict:
    months = _months(end, 24)
    revenue = _level_series(rng, months, 1750, 0.09, 0.08)
    spending = _level_series(rng, months, 2900, 0.07, 0.06)
    items = []
    for month in months[12:]:
        for code, values in (("THU_NS", revenue), ("CHI_NS", spending)):
            ytd = sum(v for m, v in values.items() if m.year == month.year and m <= month)
            items.append({"indicator": code, "period": f"{month.year}-{month.month:02d}",
                          "value": round(values[month]), "cumulative": round(ytd), "change_yoy": None,
                          "estimate": month == months[-1], "unit": "tỷ đồng"})
        disbursed = min(95.0, round(month.month * 6.9 + rng.uniform(-1.5, 1.5), 1))
        items.append({"indicator": "GN_DTC", "period": f"{month.year}-{month.month:02d}", "value": disbursed,
                      "cumulative": None, "change_yoy": None, "estimate": month == months[-1], "unit": "% kế hoạch"})
    return {"source": "Sở Tài chính tỉnh Vĩnh Long (dữ liệu mẫu)", "note": SAMPLE_NOTE, "observations": items}


def csv_agriculture(end: date, rng) -> str:
    quarters = _quarters(end, 12)  # the earlier ones only feed the year-to-date totals
    shown = quarters[4:]
    paddy = {1: 1050, 4: 310, 7: 760, 10: 260}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Mã chỉ tiêu", "Kỳ", "Giá trị", "Lũy kế", "Ước tính", "Đơn vị", "Ghi chú"])
    totals = {}
    for quarter in quarters:
        for code, value in (("SL_LUA", paddy[quarter.month] * (1 + rng.uniform(-0.04, 0.04))),
                            ("SL_THUYSAN", 112 * (1 + rng.uniform(-0.05, 0.08)))):
            key = (code, quarter.year)
            totals[key] = (totals.get(key, 0) if quarter.month != 1 else 0) + value
            if quarter not in shown:
                continue
            writer.writerow([code, f"Quý {'I II III IV'.split()[(quarter.month - 1) // 3]}/{quarter.year}",
                             f"{value:.1f}".replace(".", ","), f"{totals[key]:.1f}".replace(".", ","), "không",
                             "nghìn tấn", SAMPLE_NOTE])
    return out.getvalue()


def xlsx_tourism(end: date, rng) -> bytes:
    from openpyxl import Workbook

    months = _months(end, end.month)  # January to the last month: year-to-date totals stay right
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So lieu"
    sheet.append(["Mã chỉ tiêu", "Kỳ", "Giá trị", "Lũy kế", "So cùng kỳ", "Ước tính", "Đơn vị", "Ghi chú"])
    for code, base, unit in (("KHACH_DL", 640, "nghìn lượt"), ("DT_DL", 515, "tỷ đồng")):
        ytd = 0
        for month in months:
            value = round(base * SEASON[month.month] * (1 + rng.uniform(-0.06, 0.06)), 1)
            ytd = value if month.month == 1 else ytd + value
            sheet.append([code, f"{month.month:02d}/{month.year}", value, round(ytd, 1),
                          round(rng.uniform(4, 14), 1), "x" if month == months[-1] else "", unit, SAMPLE_NOTE])
    stamp = datetime(2026, 11, 28, 8, 0)
    workbook.properties.created = workbook.properties.modified = stamp
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


FILES = {
    "vp-ubnd-thang.jsonstat.json": "PX-Web JSON-stat 2: chỉ tiêu tháng của tỉnh",
    "vp-ubnd-quy.jsonstat.json": "PX-Web JSON-stat 2: tăng trưởng GRDP theo quý",
    "vp-ubnd-nam.csv": "CSV: chỉ tiêu năm của tỉnh",
    "so-tai-chinh-ngan-sach.json": "JSON theo mẫu của cổng: thu, chi ngân sách và giải ngân",
    "so-nnmt-quy.csv": "CSV (dấu chấm phẩy, tiêu đề tiếng Việt): sản lượng lúa, thủy sản",
    "so-vhttdl-du-lich.xlsx": "Excel để nhập trong trang quản trị: khách và doanh thu du lịch",
}


def write_samples(directory: Path, end: date) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261128)

    def dump(name, data):
        (directory / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    dump("vp-ubnd-thang.jsonstat.json", jsonstat_monthly(end, rng))
    dump("vp-ubnd-quy.jsonstat.json", jsonstat_quarterly(end, rng))
    (directory / "vp-ubnd-nam.csv").write_text(csv_yearly(end), encoding="utf-8")
    dump("so-tai-chinh-ngan-sach.json", json_budget(end, rng))
    (directory / "so-nnmt-quy.csv").write_text(csv_agriculture(end, rng), encoding="utf-8")
    (directory / "so-vhttdl-du-lich.xlsx").write_bytes(xlsx_tourism(end, rng))


if __name__ == "__main__":
    year, month = (int(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "2026-11").split("-"))
    write_samples(SAMPLES_DIR, date(year, month, 1))
    print(f"Đã ghi các tệp mẫu vào {SAMPLES_DIR}")
