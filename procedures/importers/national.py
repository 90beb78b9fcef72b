"""The JSON export of the national procedures database, flattened into the spreadsheet columns."""

import json
from decimal import Decimal, InvalidOperation

import tablib
from django.utils.html import escape

from portal.importing.cells import text as _text
from portal.importing.files import ImportFormat
from portal.text import fold

from ..models import ChannelKind
from .columns import (
    APPLICANTS,
    BODY,
    CHANNEL_COLUMNS,
    CODE,
    CONDITIONS,
    COPIES,
    DOSSIER,
    EFFECTIVE_ON,
    LEGAL_BASIS,
    LEVEL,
    NAME,
    ONLINE_URL,
    PROCEDURE_COLUMNS,
    RESULT,
    SECTOR,
    SECTOR_CODE,
    STEPS,
    channel_column,
)

KENH = {1: ChannelKind.DIRECT, 2: ChannelKind.ONLINE, 3: ChannelKind.POSTAL}


def _get(record, *keys):
    upper = {str(k).upper(): v for k, v in record.items()}
    for key in keys:
        if key in upper and upper[key] not in (None, ""):
            return upper[key]
    return None


def _names(value, *keys):
    """A list of objects (or a string) from the national JSON as a list of their names."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        value = [value]
    names = []
    for item in value:
        if isinstance(item, dict):
            name = _get(item, *keys)
            if name is not None:
                names.append(_text(name))
        elif _text(item):
            names.append(_text(item))
    return names


def _money(amount, unit):
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        return f"{_text(amount)} {_text(unit)}".strip()
    text = f"{number:,.0f}".replace(",", ".")
    return f"{text} {_text(unit) or 'đồng'}".strip()


def _channel_kind(value):
    if isinstance(value, (int, float)) or _text(value).isdigit():
        return KENH.get(int(float(value)))
    folded = fold(_text(value))
    if "truc tuyen" in folded or "mang" in folded:
        return ChannelKind.ONLINE
    if "buu chinh" in folded:
        return ChannelKind.POSTAL
    if "truc tiep" in folded:
        return ChannelKind.DIRECT
    return None


def _ways_to_columns(ways, default_time, default_fee):
    row = {}
    if isinstance(ways, str):
        ways = []
    for way in ways or []:
        if not isinstance(way, dict):
            continue
        kind = _channel_kind(_get(way, "KENH", "TENKENH", "HINHTHUC"))
        if kind is None:
            raise ValueError(f"Không rõ kênh nộp “{_text(_get(way, 'KENH', 'TENKENH'))}” (1 trực tiếp, "
                             "2 trực tuyến, 3 bưu chính).")
        times, fees, days = [], [], []
        for entry in _get(way, "THOIGIAN") or []:
            if not isinstance(entry, dict):
                continue
            amount, unit = _get(entry, "THOIGIANGIAIQUYET"), _text(_get(entry, "DONVITINH")) or "Ngày làm việc"
            note = _text(_get(entry, "MOTA"))
            if amount is not None:
                times.append(f"{_text(amount)} {unit.lower()}" + (f" ({note})" if note else ""))
                try:
                    value = Decimal(str(amount))
                    days.append(value / 8 if "gio" in fold(unit) else value)
                except InvalidOperation:
                    pass
            for fee in _get(entry, "PHILEPHI") or []:
                if isinstance(fee, dict):
                    label = _text(_get(fee, "MOTA", "TENPHILEPHI")) or "Phí, lệ phí"
                    fees.append(f"{label}: {_money(_get(fee, 'SOTIEN') or 0, _get(fee, 'DONVI'))}")
        row[channel_column(kind, "time_limit")] = "; ".join(times) or _text(default_time)
        row[channel_column(kind, "working_days")] = str(min(days).quantize(Decimal("0.1"))) if days else ""
        row[channel_column(kind, "fee")] = "; ".join(fees) or _text(default_fee)
        row[channel_column(kind, "description")] = _text(_get(way, "MOTA"))
    return row


def _cases_html(value, case_html):
    """A field given case by case (TRUONGHOP) as HTML: each case's title, then ``case_html(case)``;
    a plain string is kept as it is."""
    if isinstance(value, str) or value is None:
        return _text(value)
    parts = []
    for case in value:
        if not isinstance(case, dict):
            continue
        title = _text(_get(case, "TRUONGHOP"))
        if title:
            parts.append(f"<p><strong>{escape(title)}</strong></p>")
        parts.append(case_html(case))
    return "".join(parts)


def _steps(case):
    steps = [escape(n) for n in _names(_get(case, "TRINHTU"), "TENTRINHTU")]
    return "<ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>" if steps else ""


def _papers(case):
    items = []
    for paper in _get(case, "GIAYTO") or []:
        if not isinstance(paper, dict):
            continue
        name = escape(_text(_get(paper, "TENGIAYTO")))
        copies = [f"{label}: {_text(_get(paper, key))}" for key, label in
                  (("SOBANCHINH", "bản chính"), ("SOBANSAO", "bản sao")) if _get(paper, key) not in (None, 0, "0")]
        items.append(f"<li>{name}" + (f" ({escape(', '.join(copies))})" if copies else "") + "</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else ""


def _steps_html(value):
    return _cases_html(value, _steps)


def _dossier_html(value):
    return _cases_html(value, _papers)


def _legal_lines(value):
    if isinstance(value, str) or value is None:
        return _text(value)
    lines = []
    for item in value:
        if not isinstance(item, dict):
            lines.append(_text(item))
            continue
        number, title = _text(_get(item, "SOVANBAN")), _text(_get(item, "TENVANBAN", "TRICHYEU"))
        issued = _text(_get(item, "NGAYBANHANH"))
        line = title if number and fold(number) in fold(title) else " ".join(p for p in (title, number) if p)
        if issued and issued not in line:
            line += f" ngày {issued}"
        lines.append(line)
    return "\n".join(line for line in lines if line)


def national_record_to_row(record) -> dict:
    """One procedure of the national database's JSON as a row of the spreadsheet columns."""
    if not isinstance(record, dict):
        raise ValueError("mỗi mục phải là một thủ tục (một đối tượng JSON).")
    sector = _get(record, "LINHVUCTHUCHIEN", "LINHVUC")
    if isinstance(sector, list):
        sector = sector[0] if sector else None
    sector_code = _text(_get(sector, "MALINHVUC")) if isinstance(sector, dict) else ""
    sector_name = _text(_get(sector, "TENLINHVUC")) if isinstance(sector, dict) else _text(sector)
    levels = _names(_get(record, "CAPTHUCHIEN"), "TENCAPTHUCHIEN", "TENCAP", "CAPTHUCHIEN")
    row = {
        CODE: _text(_get(record, "MATTHC", "MATHUTUC")),
        NAME: _text(_get(record, "TENTTHC", "TENTHUTUC")),
        SECTOR_CODE: sector_code,
        SECTOR: sector_name,
        LEVEL: "; ".join(levels),
        STEPS: _steps_html(_get(record, "TRINHTUTHUCHIEN")),
        DOSSIER: _dossier_html(_get(record, "THANHPHANHOSO")),
        COPIES: _text(_get(record, "SOBOHOSO", "SOLUONGHOSO")),
        APPLICANTS: "; ".join(_names(_get(record, "DOITUONGTHUCHIEN"), "TENDOITUONG")),
        BODY: "; ".join(_names(_get(record, "COQUANTHUCHIEN"), "TENDONVI", "TENCOQUAN")),
        RESULT: "\n".join(_names(_get(record, "KETQUATHUCHIEN"), "TENKETQUA")),
        CONDITIONS: _text(_get(record, "YEUCAU", "YEUCAUDIEUKIEN")),
        LEGAL_BASIS: _legal_lines(_get(record, "CANCUPHAPLY")),
        ONLINE_URL: _text(_get(record, "LINKDVC", "URLDVC", "DIACHIDVC")),
        EFFECTIVE_ON: _text(_get(record, "NGAYHIEULUC")),
    }
    row.update({column: "" for column in CHANNEL_COLUMNS})
    row.update(_ways_to_columns(_get(record, "CACHTHUCTHUCHIEN"), _get(record, "THOIHANGIAIQUYET"),
                                _get(record, "PHILEPHI", "LEPHI")))
    return row


class NationalJSON(ImportFormat):
    """The JSON export of the national procedures database, read into the spreadsheet columns."""

    title = "json (CSDL quốc gia về TTHC)"
    extension = "json"
    content_type = "application/json"
    binary = False
    row_word, line_offset = "Thủ tục thứ", 0

    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        try:
            data = json.loads(in_stream)
        except json.JSONDecodeError as error:
            raise ValueError(f"tệp JSON không đọc được (dòng {error.lineno}, cột {error.colno}).") from None
        if isinstance(data, dict):
            data = _get(data, "RESULT", "DATA", "ITEMS", "THUTUC")
        if not isinstance(data, list):
            raise ValueError("tệp JSON phải là một danh sách thủ tục (hoặc có khóa “result”).")
        dataset = tablib.Dataset(headers=PROCEDURE_COLUMNS)
        for index, record in enumerate(data, 1):
            try:
                row = national_record_to_row(record)
            except ValueError as error:
                raise ValueError(f"thủ tục thứ {index}: {error}") from None
            dataset.append([row.get(column, "") for column in PROCEDURE_COLUMNS])
        return dataset
