"""The one classified check (portal/classified.py): its judgement, then every marking × every door.

Each door is tried with each marking an officer or a document system might send; every attempt
must be refused with the Vietnamese message, must not echo the record's content, and must leave
nothing behind: no row, no history row, no admin log entry.
"""

import json
import unicodedata

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dispatches.models import ApiToken, Dispatch, DispatchSettings
from ktxh_sync.models import Observation, Report, Source
from organization.models import Official, OrgUnit
from portal import classified
from procedures.models import LegalDocument, Procedure
from tests.dispatches.test_api_and_sync import ITEM, feed, serve  # noqa: F401  (the local feed fixture)

pytestmark = pytest.mark.django_db

SECRET = "Kế hoạch tác chiến phòng thủ khu vực"  # what a classified record says: never stored nor echoed


def nfd(text):
    return unicodedata.normalize("NFD", text)


# --- the judgement -------------------------------------------------------------------------------
@pytest.mark.parametrize("value, level", [
    ("Mật", "mat"), ("MẬT", "mat"), (nfd("MẬT"), "mat"), ("mat", "mat"), ("  mật. ", "mat"), ("M", "mat"),
    ("1", "mat"), (1, "mat"), (1.0, "mat"), ("01", "mat"), ("C", "mat"), ("secret", "mat"), (True, "mat"),
    ("Tối mật", "toi_mat"), ("TỐI-MẬT", "toi_mat"), ("toi_mat", "toi_mat"), ("TM", "toi_mat"), ("2", "toi_mat"),
    (2, "toi_mat"), ("B", "toi_mat"), ("Top Secret", "toi_mat"),
    ("Tuyệt mật", "tuyet_mat"), (nfd("TUYỆT MẬT"), "tuyet_mat"), ("TUM", "tuyet_mat"), ("TuM", "tuyet_mat"),
    ("3", "tuyet_mat"), ("A", "tuyet_mat"), ("Khẩn, Mật", "mat"), ("Mật (M)", "mat"),
])
def test_a_secrecy_field_names_its_level(value, level):
    assert classified.marking_level(value) == level


@pytest.mark.parametrize("value", [None, "", "  ", "0", "00", 0, False, "Thường", "thuong", "Bình thường", "Không",
                                   "Không mật", "Công khai", "Normal", "-"])
def test_a_secrecy_field_that_says_ordinary_passes(value):
    assert classified.marking_level(value) is None


@pytest.mark.parametrize("value", ["Hạn chế", "7", 7, "cao", ["Mật"], {"level": 1}])
def test_a_secrecy_field_the_portal_cannot_read_is_refused(value):
    with pytest.raises(ValidationError) as error:
        classified.marking_level(value)
    assert error.value.messages == [str(classified.UNKNOWN_MESSAGE)]
    assert classified.is_classified(value, "marking")


@pytest.mark.parametrize("value, classified_", [
    ("Khẩn, Mật", True), ("Hỏa tốc - Tối mật", True), ("Mật", True), ("Thượng khẩn; Tuyệt mật", True),
    ("Khẩn", False), ("Thượng khẩn", False), ("Hỏa tốc", False), ("Thường", False), ("1", False), (2, False), ("", False),
])
def test_a_priority_field_hides_a_level_only_in_its_secrecy_words(value, classified_):
    assert classified.is_classified(value, "priority") is classified_


STAMPS = ["MẬT", nfd("MẬT"), "(Mật) Báo cáo quý III", "[TỐI MẬT] Kế hoạch", "Độ mật: Mật", "Độ mật: 1",
          "Mức độ mật - M", "Độ khẩn, mật: Khẩn, Mật", "Báo cáo Mật về tình hình an ninh",
          "Tài liệu Tối mật về quốc phòng", "Tuyệt mật", "MẬT - Kế hoạch bảo vệ", "Mật: Kế hoạch",
          "Công văn MẬT số 12", "Thông báo kết quả MẬT", "Về việc quản lý văn bản mật", nfd("Tài liệu Tối mật")]
ORDINARY = ["Mật độ dân số tăng 2%", "Báo cáo mật độ dân số và lao động", "BÁO CÁO MẬT ĐỘ DÂN SỐ",
            "Bảo vệ bí mật kinh doanh của doanh nghiệp", "Giá mật ong Bến Tre tăng", "Nuôi ong lấy mật",
            "Hướng dẫn bảo vệ bí mật nhà nước", "Đổi mật khẩu hộp thư công vụ", "Bảo mật thông tin cá nhân",
            "Quan hệ mật thiết giữa các ngành", "Khám mắt miễn phí", "Mặt trận Tổ quốc", "Độ mật: Thường",
            "Báo cáo tình hình kinh tế - xã hội tháng 10", "Sỏi mật và túi mật", "Mật mã dân sự"]


@pytest.mark.parametrize("text", STAMPS)
def test_stamps_in_titles_and_summaries_are_refused(text):
    assert classified.free_text_level(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_words_with_mat_in_free_text_pass(text):
    assert classified.free_text_level(text) is None


def test_headings_that_hold_a_secrecy_level():
    for heading in ("Độ mật", "ĐỘ MẬT", "Mức độ mật", "Mức độ bảo mật", "Secrecy", "SecurityLevel", "Security",
                    "Classification", "DoMat", "do_mat"):
        assert classified.is_marking_header(heading), heading
    for heading in ("Độ khẩn", "Độ khẩn, mật", "Priority", "DoKhanMat"):
        assert classified.is_priority_header(heading), heading
    for heading in ("Trích yếu", "Mật độ", "Tên đơn vị"):
        assert classified.kind_of_header(heading) == "text", heading


# --- every marking × every door --------------------------------------------------------------------
# (id, where, value): "marking" goes into a secrecy column/key/field, "priority" into a combined
# urgency column/key, "stamp" into the record's title or summary. Doors without a secrecy input
# receive markings as a labelled stamp ("Độ mật: M").
MARKINGS = [
    ("Mat", "marking", "Mật"), ("MAT-NFD", "marking", nfd("MẬT")), ("toi-mat-lower", "marking", "tối mật"),
    ("Tuyet-Mat", "marking", "Tuyệt Mật"), ("M", "marking", "M"), ("TM", "marking", "TM"), ("TuM", "marking", "TuM"),
    ("code-1", "marking", "1"), ("code-2", "marking", "2"), ("code-3", "marking", "3"),
    ("Khan-Mat", "priority", "Khẩn, Mật"),
    ("stamp-MAT-NFD", "stamp", nfd("MẬT") + " "), ("stamp-(Mat)", "stamp", "(Mật) "),
    ("stamp-Do-mat", "stamp", "Độ mật: Mật. "), ("stamp-Bao-cao-Mat", "stamp", "Báo cáo Mật về "),
    ("stamp-Tai-lieu-Toi-mat", "stamp", "Tài liệu Tối mật: "),
]


def as_text(where, value):
    """The marking as it would appear in a title or summary."""
    if where == "stamp":
        return value + SECRET
    label = "Độ khẩn, mật" if where == "priority" else "Độ mật"
    return f"{label}: {value}. {SECRET}"


def csv_upload(headers, row, name="tep.csv"):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerow(row)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


def file_columns(where, value, headers, row, text_column, priority_column=None):
    """Headers and row of a file: the secrecy in its own column, or a stamp in ``text_column``."""
    headers, row = list(headers), list(row)
    index = headers.index(text_column)
    if where == "marking":
        headers.append("Độ mật")
        row.append(value)
        row[index] = SECRET
    elif where == "priority" and priority_column:
        headers.append(priority_column)
        row.append(value)
        row[index] = SECRET
    else:
        row[index] = as_text(where, value)
    return headers, row


class Env:
    def __init__(self, request, agency, editor, login):
        self.request, self.agency, self.editor = request, agency, editor
        self.client = login(editor)

    def catalogue(self):
        from ktxh_sync.demo import load_catalogue

        load_catalogue()


def admin_import(env, model, upload, **extra):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
    choices = env.client.get(url).context["form"].fields["format"].choices
    fmt = next(value for value, label in choices if str(label).lower().startswith("csv"))
    return env.client.post(url, {"agency": env.agency.pk, "import_file": upload, "format": fmt, **extra})


# --- the doors -------------------------------------------------------------------------------------
def door_dispatch_admin_form(env, where, value):
    data = {"agency": env.agency.pk, "direction": "di", "doc_type": "cong-van", "code_number": "9",
            "code_notation": "UBND-VP", "issued_date": "15/03/2026", "summary": SECRET, "secrecy": "thuong",
            "urgency": "thuong"}
    if where in ("marking", "priority"):
        data["secrecy"] = value
    else:
        data["summary"] = as_text(where, value)
    return env.client.post("/admin/dispatches/dispatch/add/", data)


def door_report_admin_form(env, where, value):
    return env.client.post(reverse("admin:ktxh_sync_report_add"), {
        "agency": env.agency.pk, "title": as_text(where, value), "frequency": "month", "period_text": "10/2026",
        "summary": ""})


def door_legal_document_admin_form(env, where, value):
    return env.client.post(reverse("admin:procedures_legaldocument_add"), {
        "agency": env.agency.pk, "doc_type": "cong-van", "number": "5/UBND-VP", "issuer": "UBND tỉnh", "signer": "",
        "issued_on": "01/02/2026", "effective_on": "", "summary": as_text(where, value),
        "validity": "con-hieu-luc", "lapsed_on": "", "sector": "", "published_at_0": "", "published_at_1": "",
        "review_note": ""})


def door_units_import(env, where, value):
    headers, row = file_columns(where, value, ["Tên đơn vị", "Loại đơn vị"], ["", "Khác"], "Tên đơn vị")
    return admin_import(env, OrgUnit, csv_upload(headers, row))


def door_officials_import(env, where, value):
    OrgUnit.objects.create(agency=env.agency, name="Văn phòng", kind=OrgUnit.Kind.OFFICE)
    headers, row = file_columns(where, value, ["Đơn vị", "Họ và tên", "Chức vụ"],
                                ["Văn phòng", "Nguyễn Văn Một", ""], "Chức vụ")
    return admin_import(env, Official, csv_upload(headers, row))


PROCEDURE_HEADERS = ["Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực", "Lĩnh vực", "Cấp thực hiện"]
PROCEDURE_ROW = ["1.000001", "", "HT", "Hộ tịch", "Cấp tỉnh"]


def door_procedures_import(env, where, value):
    headers, row = file_columns(where, value, PROCEDURE_HEADERS, PROCEDURE_ROW, "Tên thủ tục")
    return admin_import(env, Procedure, csv_upload(headers, row))


def door_procedures_command(env, where, value):
    from procedures.importers import CSVFormat, ProcedureResource, run_import

    headers, row = file_columns(where, value, PROCEDURE_HEADERS, PROCEDURE_ROW, "Tên thủ tục")
    report = run_import(ProcedureResource, env.agency, csv_upload(headers, row).read(), CSVFormat, dry_run=False)
    return "\n".join(report.errors)


DOCUMENT_HEADERS = ["Loại văn bản", "Số, ký hiệu", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"]
DOCUMENT_ROW = ["Công văn", "5/UBND-VP", "UBND tỉnh", "01/02/2026", ""]


def door_legal_documents_import(env, where, value):
    headers, row = file_columns(where, value, DOCUMENT_HEADERS, DOCUMENT_ROW, "Trích yếu", "Priority")
    return admin_import(env, LegalDocument, csv_upload(headers, row))


def door_dispatches_import(env, where, value):
    headers, row = file_columns(where, value, ["Số, ký hiệu", "Ngày tháng", "Trích yếu"],
                                ["2/UBND-VP", "16/03/2026", ""], "Trích yếu", "Độ khẩn, mật")
    return admin_import(env, Dispatch, csv_upload(headers, row), direction="")


def door_ktxh_import(env, where, value):
    env.catalogue()
    headers, row = file_columns(where, value, ["Mã chỉ tiêu", "Kỳ", "Giá trị", "Ghi chú"],
                                ["XK", "10/2026", "300", ""], "Ghi chú")
    return admin_import(env, Observation, csv_upload(headers, row))


def api_item(where, value):
    item = {**ITEM, "ExternalId": "SECRET-9", "Subject": SECRET}
    if where == "marking":
        item["Secrecy"] = value
    elif where == "priority":
        item["Priority"] = value
    else:
        item["Subject"] = as_text(where, value)
    return item


def door_dispatch_api(env, where, value):
    token = ApiToken(agency=env.agency, name="iOffice")
    key = token.generate()
    token.save()
    return Client().post("/so-thu-nghiem/van-ban-di-den/api/v1/van-ban/", json.dumps([api_item(where, value)]),
                         content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def door_dispatch_sync(env, where, value):
    from dispatches.sync import sync_agency

    url = env.request.getfixturevalue("feed")
    config = DispatchSettings.objects.create(agency=env.agency, sync_url=url)
    serve("json", json.dumps([api_item(where, value)]).encode())
    sync_agency(config, timeout=2)
    config.refresh_from_db()
    return config.last_sync_message


def door_ktxh_sync(env, where, value):
    from ktxh_sync.sync import run_source

    env.catalogue()
    item = {"indicator": "XK", "period": "2026-10", "value": 300, "note": SECRET}
    if where == "marking":
        item["Độ mật"] = value
    else:
        item["note"] = as_text(where, value)
    source = Source.objects.create(agency=env.agency, name="Nguồn", kind=Source.Kind.JSON,
                                   url="https://thong-ke.example/so-lieu.json")
    payload = json.dumps({"source": "Cục Thống kê", "observations": [item]}, ensure_ascii=False).encode()
    report = run_source(source, fetcher=lambda url, timeout: payload)
    source.refresh_from_db()
    return f"{report.summary()}\n{source.last_error}\n{json.dumps(source.last_report, ensure_ascii=False)}"


DOORS = {name.removeprefix("door_"): door for name, door in globals().items() if name.startswith("door_")}
STORED = [Dispatch, OrgUnit, Official, Procedure, LegalDocument, Observation, Report]


def snapshot():
    counts = {model.__name__: model.objects.count() for model in STORED}
    counts.update({f"history {model.__name__}": model.history.count() for model in STORED})
    counts["admin log"] = LogEntry.objects.count()
    return counts


def text_of(response):
    if isinstance(response, str):
        return response
    return response.content.decode()


@pytest.mark.parametrize("door", sorted(DOORS))
@pytest.mark.parametrize("marking_id, where, value", MARKINGS, ids=[m[0] for m in MARKINGS])
def test_every_door_refuses_every_marking_and_keeps_nothing(request, agency, editor, login, door, marking_id, where,
                                                            value):
    env = Env(request, agency, editor, login)
    before = snapshot()
    if door == "officials_import":
        before["OrgUnit"] += 1  # the unit the file names, made by the door itself
        before["history OrgUnit"] += 1
    answer = text_of(DOORS[door](env, where, value))
    assert str(classified.MESSAGE) in answer or str(classified.UNKNOWN_MESSAGE) in answer or (
        "Độ mật và độ khẩn phải là chuỗi" in answer), answer[:3000]
    assert SECRET not in answer  # the record's content is never echoed
    assert snapshot() == before  # no row, no history, no admin log entry


def test_the_doors_accept_the_same_record_when_it_is_not_classified(request, agency, editor, login):
    """The table above is not passing because the doors refuse everything."""
    env = Env(request, agency, editor, login)
    assert door_dispatch_admin_form(env, "marking", "thuong").status_code == 302
    assert door_report_admin_form(env, "marking", "Thường").status_code == 302
    response = door_dispatch_api(env, "marking", "Thường")
    assert response.status_code == 200, response.content
    response = door_procedures_import(env, "marking", "Thường")
    assert response.context["confirm_form"] is not None, response.content.decode()[:2000]


def test_api_refuses_non_string_secrecy_and_unknown_keys(agency):
    token = ApiToken(agency=agency, name="iOffice")
    key = token.generate()
    token.save()

    def post(item):
        return Client().post("/so-thu-nghiem/van-ban-di-den/api/v1/van-ban/", json.dumps([item]),
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")

    for value in (True, 2, 1.0, ["Mật"], {"level": "M"}):
        response = post({**ITEM, "Secrecy": value})
        assert response.status_code == 400, value
    # The push API's item schema names its keys (additionalProperties: false): any other key, a
    # spelling of the secrecy field included, is refused by name and nothing is stored.
    for unknown in ("Classification", "DoMat", "MucDoBaoMat", "Phân loại"):
        for value in ("Thường", "M"):
            response = post({**ITEM, "ExternalId": "X-2", unknown: value})
            assert response.status_code == 400 and unknown in response.content.decode(), unknown
    assert not Dispatch.objects.filter(external_id="X-2").exists()


@pytest.mark.parametrize("headers", [
    ["Số, ký hiệu", "Ngày tháng", "Trích yếu", "Phân loại"],
    ["Số, ký hiệu", "Ngày tháng", "Trích yếu", "Độ khẩn", "Độ khẩn, mật"],
    ["Số, ký hiệu", "Ngày tháng", "Trích yếu", "Trích yếu nội dung"],
])
def test_imports_refuse_unknown_and_duplicate_columns_naming_them(agency, editor, login, headers):
    row = ["2/UBND-VP", "16/03/2026", "Về việc bình thường", "Thường", "Khẩn"][:len(headers)]
    response = admin_import(Env(None, agency, editor, login), Dispatch, csv_upload(headers, row), direction="")
    page = response.content.decode()
    assert f"“{headers[-1]}”" in page and "không có gì được lưu" in page.lower()
    assert not Dispatch.objects.exists()
