"""Classified records are refused at every door and nothing of them is stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dispatches.importers import apply_rows, dataset_rows, read_csv
from dispatches.models import ApiToken, Dispatch, DispatchSettings
from dispatches.sync import sync_agency
from portal import classified

from .test_api_and_sync import ITEM, Feed, feed, serve  # noqa: F401  (the local server fixture)

pytestmark = pytest.mark.django_db
SECRET_SUMMARY = "Kế hoạch tác chiến bảo vệ biên giới"


def nothing_stored():
    assert not Dispatch.objects.filter(summary__contains="tác chiến").exists()
    assert not Dispatch.history.filter(summary__contains="tác chiến").exists()
    assert Dispatch.objects.count() == 0


@pytest.mark.parametrize("value", ["Mật", "TỐI MẬT", "Tuyệt mật", "Khẩn, Mật", "mat", "toi_mat", "secret"])
def test_secrecy_levels_are_recognised(value):
    assert classified.is_classified(value, "priority") and classified.is_classified(value, "marking")


@pytest.mark.parametrize("value", ["", None, "Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc", "thuong", "2"])
def test_ordinary_values_pass(value):
    assert not classified.is_classified(value, "priority")


def test_admin_form_refuses_a_classified_dispatch(agency, editor, login):
    client = login(editor)
    response = client.post("/admin/dispatches/dispatch/add/", {
        "agency": agency.pk, "direction": "di", "doc_type": "cong-van", "code_number": "1", "code_notation": "UBND-M",
        "issued_date": "15/03/2026", "summary": SECRET_SUMMARY, "secrecy": "toi_mat", "urgency": "thuong"})
    assert response.status_code == 200
    assert "không được đưa lên cổng thông tin" in response.content.decode()
    nothing_stored()
    # The same form with an ordinary level is saved.
    response = client.post("/admin/dispatches/dispatch/add/", {
        "agency": agency.pk, "direction": "di", "doc_type": "cong-van", "code_number": "1", "code_notation": "UBND-VP",
        "issued_date": "15/03/2026", "summary": "Về việc bình thường", "secrecy": "thuong", "urgency": "thuong"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Dispatch.objects.get().created_by == editor


def test_import_refuses_the_file_and_names_only_the_row(agency):
    text = ("Số, ký hiệu;Ngày tháng;Trích yếu;Độ mật\n"
            "1/UBND-VP;15/03/2026;Về việc bình thường;\n"
            f"2/UBND-M;16/03/2026;{SECRET_SUMMARY};Mật\n")
    report = apply_rows(agency, dataset_rows(read_csv(text.encode())))
    assert not report.ok
    assert [str(e) for e in report.errors] == [f"Dòng 3: {classified.MESSAGE}"]
    assert "tác chiến" not in report.summary() and "2/UBND-M" not in report.summary()
    nothing_stored()


def test_admin_import_refuses_a_classified_file_before_keeping_it(agency, editor, login, monkeypatch):
    from dispatches.admin import DispatchAdmin

    def never(*args, **kwargs):
        raise AssertionError("a refused file must not be written to temporary storage")

    monkeypatch.setattr(DispatchAdmin, "write_to_tmp_storage", never)
    text = ("CodeNumber,CodeNotation,IssuedDate,Subject,Priority\n"
            f"2,UBND-M,2026-03-16,{SECRET_SUMMARY},Tuyệt mật\n")
    upload = SimpleUploadedFile("mat.csv", text.encode(), content_type="text/csv")
    response = login(editor).post("/admin/dispatches/dispatch/import/", {
        "agency": agency.pk, "direction": "", "format": "0", "resource": "", "import_file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 2:" in page and "không được đưa lên cổng thông tin" in page
    assert "import_file_name" not in page
    nothing_stored()


def test_api_refuses_a_batch_with_a_classified_item(agency):
    token = ApiToken(agency=agency, name="iOffice")
    key = token.generate()
    token.save()
    payload = [ITEM, {**ITEM, "ExternalId": "SECRET-9", "CodeNumber": "9", "Subject": SECRET_SUMMARY,
                      "Priority": "Mật"}]
    response = Client().post("/so-thu-nghiem/van-ban-di-den/api/v1/van-ban/", json.dumps(payload),
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400
    body = response.json()
    assert body["items"] == [{"item": 2, "external_id": "SECRET-9", "errors": [str(classified.MESSAGE)]}]
    assert "tác chiến" not in response.content.decode()
    nothing_stored()


def test_sync_refuses_a_feed_with_a_classified_item(agency, feed):  # noqa: F811
    config = DispatchSettings.objects.create(agency=agency, sync_url=feed)
    serve("json", json.dumps([ITEM, {**ITEM, "ExternalId": "S-1", "Subject": SECRET_SUMMARY,
                                     "Secrecy": "Tối mật"}]).encode())
    report = sync_agency(config, timeout=1)
    assert not report.ok
    config.refresh_from_db()
    assert "Mục 2" in config.last_sync_message and "tác chiến" not in config.last_sync_message
    nothing_stored()


def test_public_statistics_say_classified_documents_are_not_included(agency):
    page = Client().get("/so-thu-nghiem/van-ban-di-den/").content.decode()
    assert "không bao gồm văn bản mật" in page.lower()
    page = Client().get("/van-ban-di-den/").content.decode()
    assert "không bao gồm văn bản mật" in page.lower()
