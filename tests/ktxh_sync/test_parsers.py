"""Each parser on the shipped samples and on broken payloads: a broken one applies nothing."""

import json
from datetime import date

import pytest

from ktxh_sync.demo import MONTHLY_MAPPING, QUARTERLY_MAPPING
from ktxh_sync.models import Observation, Source
from ktxh_sync.parsers import FeedError, MappingError, check_mapping, parse_csv, parse_json, parse_jsonstat, parse_xlsx
from ktxh_sync.sync import run_source, validate_rows

TODAY = date(2026, 11, 28)


def test_jsonstat_monthly_sample(sample_bytes, catalogue):
    parsed = parse_jsonstat(sample_bytes("vp-ubnd-thang.jsonstat.json"), MONTHLY_MAPPING)
    assert len(parsed.rows) == 6 * 24 and parsed.skipped == 0
    assert "dữ liệu mẫu" in parsed.source_name
    validated = validate_rows(parsed.rows, TODAY)
    assert validated.errors == []
    retail = {(r.indicator.code, r.period): r for r in validated.rows}[("BLHH", date(2026, 11, 1))]
    assert retail.is_estimate and retail.cumulative_value > retail.value > 10000 and retail.change_yoy is not None
    october = {(r.indicator.code, r.period): r for r in validated.rows}[("BLHH", date(2026, 10, 1))]
    assert not october.is_estimate


def test_jsonstat_quarterly_sample_and_role_defaults(sample_bytes, catalogue):
    payload = sample_bytes("vp-ubnd-quy.jsonstat.json")
    parsed = parse_jsonstat(payload, QUARTERLY_MAPPING)
    assert len(parsed.rows) == 4 * 8
    assert validate_rows(parsed.rows, TODAY).errors == []
    # Without names the dataset's roles (metric, time) pick the dimensions.
    default = parse_jsonstat(payload, {"measure_dimension": "DoLuong", "measures": {"KyBaoCao": "value"},
                                       "filters": {"DiaBan": "86"}})
    assert len(default.rows) == 32 and all(r.cumulative is None for r in default.rows)


def test_jsonstat_sparse_values_index_objects_and_nulls(catalogue):
    data = {
        "version": "2.0", "class": "dataset", "id": ["ChiTieu", "Ky"], "size": [1, 3],
        "dimension": {"ChiTieu": {"category": {"label": {"XK": "Xuất khẩu"}}},
                      "Ky": {"category": {"index": {"2026M09": 0, "2026M10": 1, "2026M11": 2}}}},
        "value": {"0": 301.5, "2": 310.2}, "status": {"2": "e"},
    }
    parsed = parse_jsonstat(json.dumps(data).encode(), {"indicator_dimension": "ChiTieu", "period_dimension": "Ky"})
    assert [(r.period, str(r.value), r.estimate) for r in parsed.rows] == [("2026M09", "301.5", False),
                                                                            ("2026M11", "310.2", True)]
    assert parsed.skipped == 1  # 2026M10 has no figure (null)


def test_jsonstat_mapping_can_rename_and_select_codes(sample_bytes, catalogue):
    mapping = {**MONTHLY_MAPPING, "indicators": {"XK": "XK", "NK": "NK"}}
    parsed = parse_jsonstat(sample_bytes("vp-ubnd-thang.jsonstat.json"), mapping)
    assert {r.indicator for r in parsed.rows} == {"XK", "NK"} and parsed.skipped > 0


def _monthly(sample_bytes):
    return json.loads(sample_bytes("vp-ubnd-thang.jsonstat.json"))


@pytest.mark.parametrize("breakage,message", [
    (lambda d: d.update({"class": "collection"}), "JSON-stat 2.0"),
    (lambda d: d["dimension"].pop("Ky"), "không được mô tả"),
    (lambda d: d.update({"value": d["value"][:-5]}), "dữ liệu bị thiếu"),
    (lambda d: d["size"].__setitem__(2, 23), "“size” ghi 23"),
    (lambda d: d.update({"id": ["DiaBan", "ChiTieuX", "Ky", "DoLuong"],
                         "dimension": {**d["dimension"], "ChiTieuX": d["dimension"]["ChiTieu"]}}),
     "Không có chiều “ChiTieu”"),
])
def test_broken_jsonstat_structure_is_refused(sample_bytes, breakage, message):
    data = _monthly(sample_bytes)
    breakage(data)
    with pytest.raises(FeedError, match=message):
        parse_jsonstat(json.dumps(data).encode(), MONTHLY_MAPPING)


def test_unpinned_dimension_is_refused(sample_bytes):
    mapping = {k: v for k, v in MONTHLY_MAPPING.items() if k != "measure_dimension"}
    mapping.pop("measures")
    with pytest.raises(FeedError, match="Chiều “DoLuong” có nhiều giá trị"):
        parse_jsonstat(sample_bytes("vp-ubnd-thang.jsonstat.json"), mapping)


def test_bad_json_is_refused(sample_bytes):
    payload = sample_bytes("vp-ubnd-thang.jsonstat.json")
    with pytest.raises(FeedError, match="JSON hỏng"):
        parse_jsonstat(payload[: len(payload) // 2], MONTHLY_MAPPING)
    with pytest.raises(FeedError, match="UTF-8"):
        parse_json(b"\xff\xfe\x00bad")


def test_csv_samples_english_and_vietnamese_headers(sample_bytes, catalogue):
    yearly = parse_csv(sample_bytes("vp-ubnd-nam.csv"))
    assert len(yearly.rows) == 12 and validate_rows(yearly.rows, TODAY).errors == []
    quarterly = parse_csv(sample_bytes("so-nnmt-quy.csv"))
    validated = validate_rows(quarterly.rows, TODAY)
    assert validated.errors == [] and len(validated.rows) == 16
    paddy = next(r for r in validated.rows if r.indicator.code == "SL_LUA" and r.period == date(2025, 1, 1))
    assert paddy.value > 900  # "1016,4" read with a decimal comma


def test_json_and_xlsx_samples(sample_bytes, catalogue):
    budget = parse_json(sample_bytes("so-tai-chinh-ngan-sach.json"))
    assert validate_rows(budget.rows, TODAY).errors == [] and len(budget.rows) == 36
    tourism = parse_xlsx(sample_bytes("so-vhttdl-du-lich.xlsx"))
    validated = validate_rows(tourism.rows, TODAY)
    assert validated.errors == [] and len(validated.rows) == 22
    assert any(r.is_estimate for r in validated.rows)


def test_csv_missing_column_names_it():
    with pytest.raises(FeedError, match="Thiếu cột bắt buộc: kỳ"):
        parse_csv(b"ma_chi_tieu,gia_tri\nIIP,108\n")


@pytest.mark.parametrize("line,message", [
    ("KHONG_CO,2025,1,,,0,%", "Dòng 2: Chỉ tiêu “KHONG_CO” không có trong danh mục"),
    ("GRDP_Y,,6.1,,,0,%", "Dòng 2: Thiếu kỳ báo cáo"),
    ("GRDP_Y,2025Q3,6.1,,,0,%", "Dòng 2: Kỳ “2025Q3” là một quý"),
    ("GRDP_Y,2025,sáu phẩy một,,,0,%", "Dòng 2: giá trị “sáu phẩy một” không phải là số"),
    ("GRDP_Y,2025,6.1,,,0,tỷ đồng", "Dòng 2: Đơn vị “tỷ đồng” khác đơn vị của chỉ tiêu GRDP_Y (%)"),
    ("GRDP_Y,2030,6.1,,,0,%", "Dòng 2: Kỳ Năm 2030 chưa tới"),
    ("GRDP_Y,2025,,,,0,%", "Dòng 2: Thiếu giá trị"),
    ("GRDP_Y,2025,6.1,,,có lẽ,%", "Dòng 2: Cột ước tính “có lẽ”"),
])
def test_bad_rows_are_named_by_row_number(catalogue, line, message):
    payload = ("ma_chi_tieu,ky,gia_tri,luy_ke,so_cung_ky,uoc_tinh,don_vi\n" + line + "\n").encode()
    validated = validate_rows(parse_csv(payload).rows, TODAY)
    assert validated.rows == [] and any(message in e for e in validated.errors), validated.errors


def test_duplicate_rows_are_refused(catalogue):
    payload = "ma_chi_tieu,ky,gia_tri\nGRDP_Y,2025,6.1\nGRDP_Y,Năm 2025,6.2\n".encode()
    assert "Dòng 3: trùng chỉ tiêu và kỳ với Dòng 2." in validate_rows(parse_csv(payload).rows, TODAY).errors


@pytest.mark.parametrize("name,kind,mutate,message", [
    ("bad-json.json", "json", lambda b: b[:-40], "JSON hỏng"),
    ("wrong-dim.json", "jsonstat", lambda b: b.replace(b'"DoLuong"', b'"Do_Luong"'), "Không có chiều “DoLuong”"),
    ("missing-period.csv", "csv", lambda b: b.replace(b"GRDP_Y,2024,", b"GRDP_Y,,"), "Thiếu kỳ báo cáo"),
    ("text.csv", "csv", lambda b: b.replace(b"GRDP_Y,2024,6.94", b"GRDP_Y,2024,sau"), "không phải là số"),
    ("unit.json", "jsonstat", lambda b: b.replace('"label": "triệu USD"'.encode(), '"label": "tỷ đồng"'.encode()),
     "khác đơn vị của chỉ tiêu XK"),
])
def test_broken_files_through_the_sync_apply_nothing(tmp_path, settings, sample_bytes, agency, catalogue,
                                                     name, kind, mutate, message):
    original = {"json": "so-tai-chinh-ngan-sach.json", "jsonstat": "vp-ubnd-thang.jsonstat.json",
                "csv": "vp-ubnd-nam.csv"}[kind]
    settings.KTXH_SYNC_FILE_ROOTS = [tmp_path]
    broken = tmp_path / name
    broken.write_bytes(mutate(sample_bytes(original)))
    source = Source.objects.create(agency=agency, name=name, kind=kind, url=broken.as_uri(),
                                   mapping=MONTHLY_MAPPING if kind == "jsonstat" else {})
    report = run_source(source)
    assert report.status == "failed" and message in report.error + " ".join(report.errors), report.error
    assert Observation.objects.count() == 0
    source.refresh_from_db()
    assert source.last_error and source.last_success_at is None and source.last_run_at is not None


def test_mapping_is_checked():
    check_mapping("jsonstat", MONTHLY_MAPPING)
    with pytest.raises(MappingError, match="Khóa không dùng được"):
        check_mapping("csv", {"measure_dimension": "X"})
    with pytest.raises(MappingError, match="measures"):
        check_mapping("jsonstat", {"measures": {"A": "gia_tri"}})
    with pytest.raises(MappingError, match="đối tượng JSON"):
        check_mapping("json", ["a"])
