"""Admin: tenancy vectors, manual entry and spreadsheet import with the sync's validation, run now."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ktxh_sync.models import Indicator, Observation, Report, Source
from ktxh_sync.samplegen import SAMPLES_DIR
from portal.publishing import Status
from tests.factories import member


@pytest.fixture
def figure(agency, catalogue):
    return Observation.objects.create(agency=agency, indicator=catalogue["XK"], period=date(2026, 10, 1),
                                      value=Decimal("300.5"), fetched_at=timezone.now())


@pytest.fixture
def agency_source(agency, catalogue):
    return Source.objects.create(agency=agency, name="Nguồn CSV", kind="csv",
                                 url=(SAMPLES_DIR / "vp-ubnd-nam.csv").as_uri())


def admin_url(model, view, *args):
    return reverse(f"admin:ktxh_sync_{model}_{view}", args=args)


def test_other_agency_staff_get_404_on_change_history_preview_and_run(login, other_editor, other_agency, agency,
                                                                      figure, agency_source):
    foreign_admin = member(other_agency, "agency_admin")
    rep = Report.objects.create(agency=agency, title="Báo cáo", frequency="month", period=date(2026, 10, 1))
    client = login(other_editor)
    for path in (admin_url("observation", "change", figure.pk), admin_url("observation", "history", figure.pk),
                 admin_url("report", "change", rep.pk), admin_url("report", "history", rep.pk),
                 admin_url("report", "preview", rep.pk)):
        assert client.get(path).status_code == 404, path
    manager = login(foreign_admin)
    assert manager.get(admin_url("source", "change", agency_source.pk)).status_code == 404
    assert manager.post(admin_url("source", "run", agency_source.pk)).status_code == 404
    assert not agency_source.observations.exists()
    listing = client.get(admin_url("observation", "changelist")).content.decode()
    assert "300,5" not in listing and "300.5" not in listing


def test_editor_enters_a_figure_and_cannot_pick_another_agency(login, editor, agency, other_agency, catalogue):
    client = login(editor)
    data = {"agency": other_agency.pk, "indicator": catalogue["XK"].pk, "period_text": "Tháng 10/2026",
            "value": "301,5", "cumulative_value": "", "change_yoy": "", "source_name": ""}
    response = client.post(admin_url("observation", "add"), data)
    assert response.status_code == 302  # the disabled agency field keeps the editor's own agency
    obs = Observation.objects.get()
    assert obs.agency == agency and obs.period == date(2026, 10, 1) and obs.value == Decimal("301.5")
    assert obs.feed is None and "nhập trực tiếp" in obs.source_name


@pytest.mark.parametrize("changes,message", [
    ({"period_text": "Quý III/2026"}, "là một quý, nhưng chỉ tiêu này báo cáo theo tháng"),
    ({"period_text": "tháng mười"}, "Không hiểu kỳ báo cáo"),
    ({"period_text": "12/2030"}, "chưa tới"),
    ({"value": "ba trăm"}, "Nhập một số, ví dụ 1234,5"),
])
def test_manual_entry_bad_input_is_refused_in_vietnamese(login, editor, catalogue, changes, message):
    data = {"indicator": catalogue["XK"].pk, "period_text": "10/2026", "value": "301", "source_name": "",
            "cumulative_value": "", "change_yoy": "", **changes}
    response = login(editor).post(admin_url("observation", "add"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Observation.objects.exists()


def test_manual_entry_of_an_existing_period_points_to_the_row(login, editor, figure, catalogue):
    data = {"indicator": catalogue["XK"].pk, "period_text": "2026M10", "value": "1", "source_name": "",
            "cumulative_value": "", "change_yoy": ""}
    response = login(editor).post(admin_url("observation", "add"), data)
    assert "Đã có số liệu Tháng 10/2026" in response.content.decode() and Observation.objects.count() == 1


def test_revision_in_the_admin_keeps_history(login, editor, figure):
    client = login(editor)
    data = {"indicator": figure.indicator_id, "period_text": "10/2026", "value": "310", "source_name": "x",
            "cumulative_value": "", "change_yoy": ""}
    assert client.post(admin_url("observation", "change", figure.pk), data).status_code == 302
    assert list(figure.history.order_by("history_date").values_list("value", flat=True)) == [
        Decimal("300.5"), Decimal("310")]
    assert client.get(admin_url("observation", "history", figure.pk)).status_code == 200


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def _preview(client, agency, name, payload, fmt=None, **extra):
    fmt = fmt or ("0" if name.endswith(".xlsx") else "1")
    return client.post(admin_url("observation", "import"),
                       {"agency": agency.pk, "import_file": _upload(name, payload), "format": fmt, **extra})


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(admin_url("observation", "process_import"),
                       {name: form.initial.get(name, "") for name in form.fields})


def test_xlsx_import_previews_then_applies(login, editor, agency, catalogue):
    client = login(editor)
    payload = (SAMPLES_DIR / "so-vhttdl-du-lich.xlsx").read_bytes()
    preview = _preview(client, agency, "du-lich.xlsx", payload, source_name="")
    html = preview.content.decode()
    assert preview.status_code == 200 and "Bản xem trước: 22 mục mới" in html and not Observation.objects.exists()
    done = _confirm(client, preview)
    assert done.status_code == 302 and Observation.objects.filter(agency=agency).count() == 22
    again = _preview(client, agency, "du-lich.xlsx", payload)
    assert "22 mục không đổi" in again.content.decode()


def test_import_source_name_chosen_on_the_form_is_carried_to_the_confirm(login, editor, agency, catalogue):
    client = login(editor)
    payload = (SAMPLES_DIR / "so-vhttdl-du-lich.xlsx").read_bytes()
    preview = _preview(client, agency, "du-lich.xlsx", payload, source_name="Cục Thống kê tỉnh")
    assert preview.context["confirm_form"].initial["source_name"] == "Cục Thống kê tỉnh"
    assert _confirm(client, preview).status_code == 302
    names = set(Observation.objects.filter(agency=agency).values_list("source_name", flat=True))
    assert names == {"Cục Thống kê tỉnh"}


STAMPED_SOURCE = "Báo cáo MẬT của Cục Thống kê"  # a stamp: refused as the shown source of any figure


def test_a_stamped_source_name_is_refused_at_the_upload_and_at_a_tampered_confirm(login, editor, agency, catalogue):
    client = login(editor)
    payload = (SAMPLES_DIR / "so-vhttdl-du-lich.xlsx").read_bytes()
    refused = _preview(client, agency, "du-lich.xlsx", payload, source_name=STAMPED_SOURCE)
    assert "Văn bản mật" in refused.content.decode() and "confirm_form" not in refused.context
    preview = _preview(client, agency, "du-lich.xlsx", payload, source_name="Cục Thống kê tỉnh")
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    for hostile in (STAMPED_SOURCE, "x" * 256):  # the hidden field edited before the confirm
        response = client.post(admin_url("observation", "process_import"), {**data, "source_name": hostile})
        assert response.status_code in (200, 302)
        assert not Observation.objects.exists(), hostile


def test_a_stamped_source_name_is_refused_in_manual_entry_and_on_a_sync_source(login, editor, agency_admin, catalogue,
                                                                              agency_source):
    data = {"indicator": catalogue["XK"].pk, "period_text": "10/2026", "value": "301", "source_name": STAMPED_SOURCE,
            "cumulative_value": "", "change_yoy": ""}
    response = login(editor).post(admin_url("observation", "add"), data)
    assert response.status_code == 200 and "Văn bản mật" in response.content.decode()
    assert not Observation.objects.exists()
    source = {"name": agency_source.name, "kind": "csv", "url": agency_source.url, "source_name": STAMPED_SOURCE,
              "timeout": 5, "enabled": "on", "mapping": "{}"}
    response = login(agency_admin).post(admin_url("source", "change", agency_source.pk), source)
    assert response.status_code == 200 and "Văn bản mật" in response.content.decode()
    agency_source.refresh_from_db()
    assert agency_source.source_name == ""


def test_a_stamped_source_name_writes_no_figure_whatever_the_door(agency, catalogue, agency_source):
    from ktxh_sync.parsers import FeedError
    from ktxh_sync.sync import apply_rows, run_source

    with pytest.raises(FeedError):
        apply_rows(agency, [], source_name=STAMPED_SOURCE)
    Source.objects.filter(pk=agency_source.pk).update(source_name=STAMPED_SOURCE)  # stored before this check
    agency_source.refresh_from_db()
    run_source(agency_source)
    agency_source.refresh_from_db()
    assert agency_source.failed and not Observation.objects.exists()


def test_import_template_is_a_workbook_the_import_reads(login, editor, catalogue):
    from ktxh_sync.parsers import parse_xlsx
    from ktxh_sync.sync import validate_rows

    response = login(editor).get(admin_url("observation", "import_template"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    validated = validate_rows(parse_xlsx(response.content).rows, date(2026, 11, 28))
    assert validated.errors == [] and len(validated.rows) == 1


def test_import_with_a_bad_row_saves_nothing_and_names_the_row(login, editor, agency, catalogue):
    csv = "Mã chỉ tiêu;Kỳ;Giá trị;Đơn vị\nXK;10/2026;300;triệu USD\nXK;11/2026;ba trăm;triệu USD\n"
    response = _preview(login(editor), agency, "x.csv", csv.encode())
    html = response.content.decode()
    assert "Dòng 3: giá trị “ba trăm” không phải là số" in html and "chưa có gì được lưu" in html
    assert not response.context.get("confirm_form")
    assert not Observation.objects.exists()


def test_import_refuses_a_forged_or_foreign_confirm(login, editor, other_editor, agency, catalogue):
    client = login(editor)
    csv = "ma_chi_tieu,ky,gia_tri\nXK,10/2026,300\n"
    preview = _preview(client, agency, "x.csv", csv.encode())
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    # Another agency's staff cannot confirm it into this agency, nor can the file name lead elsewhere.
    assert login(other_editor).post(admin_url("observation", "process_import"), data).status_code == 403
    forged = client.post(admin_url("observation", "process_import"), {**data, "import_file_name": "../../etc/passwd"})
    assert forged.status_code in (200, 302, 403) and not Observation.objects.exists()
    foreign = client.post(admin_url("observation", "process_import"), {**data, "agency": agency.pk + 999})
    assert foreign.status_code == 403 and not Observation.objects.exists()


def test_agency_admin_runs_a_source_now_and_sees_its_state(login, agency_admin, agency_source):
    client = login(agency_admin)
    response = client.post(admin_url("source", "run", agency_source.pk), follow=True)
    assert "tạo mới 12" in response.content.decode()
    page = client.get(admin_url("source", "change", agency_source.pk)).content.decode()
    assert "Chạy đồng bộ ngay" in page and "Tốt" in page
    assert client.get(admin_url("source", "run", agency_source.pk)).status_code == 405


def test_editors_see_sources_read_only_and_cannot_run_them(login, editor, agency_source):
    client = login(editor)
    page = client.get(admin_url("source", "change", agency_source.pk))
    assert page.status_code == 200 and "Chạy đồng bộ ngay" not in page.content.decode()
    assert client.post(admin_url("source", "change", agency_source.pk), {"name": "Đổi"}).status_code == 403
    assert client.post(admin_url("source", "run", agency_source.pk)).status_code == 403


def test_source_form_checks_url_and_mapping(login, agency_admin, agency):
    client = login(agency_admin)
    response = client.post(admin_url("source", "add"), {
        "agency": agency.pk, "name": "X", "kind": "jsonstat", "url": "file:///etc/passwd",
        "mapping": '{"measures": {"A": "gia_tri"}}', "timeout": 20, "enabled": "on"})
    html = response.content.decode()
    assert "thư mục dữ liệu mẫu" in html and "measures" in html and not Source.objects.exists()


def test_indicator_catalogue_is_read_only_for_members(login, editor, superuser, catalogue):
    indicator = catalogue["XK"]
    client = login(editor)
    assert client.get(reverse("admin:ktxh_sync_indicator_changelist")).status_code == 200
    client.post(reverse("admin:ktxh_sync_indicator_change", args=[indicator.pk]), {"name": "Đổi"})
    assert Indicator.objects.get(pk=indicator.pk).name == indicator.name
    assert client.get(reverse("admin:ktxh_sync_indicator_add")).status_code == 403
    assert login(superuser).get(reverse("admin:ktxh_sync_indicator_add")).status_code == 200


def test_report_preview_for_own_staff_and_publish_by_approver(login, editor, approver, agency):
    rep = Report.objects.create(agency=agency, title="Báo cáo tháng 10", frequency="month", period=date(2026, 10, 1))
    preview = login(editor).get(admin_url("report", "preview", rep.pk))
    assert preview.status_code == 200 and "Xem trước" in preview.content.decode()
    client = login(approver)
    response = client.post(admin_url("report", "change", rep.pk), {
        "title": rep.title, "frequency": "month", "period_text": "Tháng 10/2026", "summary": "",
        "published_at": "", "review_note": "", "_transition": "publish"})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.status == Status.PUBLISHED


def test_report_period_must_fit_its_kind(login, editor):
    response = login(editor).post(admin_url("report", "add"), {
        "title": "Báo cáo", "frequency": "quarter", "period_text": "10/2026", "summary": ""})
    assert "là một tháng, nhưng chỉ tiêu này báo cáo theo quý" in response.content.decode()
    assert not Report.objects.exists()


def test_report_file_is_checked_by_content(login, editor):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = login(editor).post(admin_url("report", "add"), {
        "title": "Báo cáo", "frequency": "month", "period_text": "10/2026", "summary": "", "file": fake})
    assert "không đúng là tệp PDF" in response.content.decode() and not Report.objects.exists()


