"""Admin: the import with preview, tokens shown once, and tenancy (another agency's rows are 404)."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dispatches.models import ApiToken, Dispatch, DispatchSettings, PeriodTotal

from .factories import outgoing, period

SAMPLES = Path(__file__).resolve().parents[2] / "dispatches" / "samples"
pytestmark = pytest.mark.django_db


def upload(name):
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


def test_import_previews_then_confirms(agency, editor, login):
    client = login(editor)
    response = client.post("/admin/dispatches/dispatch/import/", {
        "agency": agency.pk, "direction": "", "format": "1", "import_file": upload("so-van-ban.xlsx")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "import_file_name" in page, page[:4000]
    assert Dispatch.objects.count() == 0  # the preview stores nothing
    confirm = response.context["confirm_form"]
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    response = client.post("/admin/dispatches/dispatch/process_import/", data)
    assert response.status_code == 302
    assert Dispatch.objects.filter(agency=agency).count() == 3
    # Importing the same file again changes nothing.
    response = client.post("/admin/dispatches/dispatch/import/", {
        "agency": agency.pk, "direction": "", "format": "1", "import_file": upload("so-van-ban.xlsx")})
    result = response.context["result"]
    assert result.totals["skip"] == 3 and result.totals["new"] == 0


def test_import_direction_chosen_on_the_form_is_carried_to_the_confirm(agency, editor, login):
    # Rows without a direction column take the one chosen at upload, at the preview and at the confirm.
    text = ("CodeNumber,CodeNotation,IssuedDate,OrganName,ArrivalDate,Subject\n"
            "12,UBND-VP,2026-03-01,UBND tỉnh,2026-03-02,Một\n13,UBND-VP,2026-03-02,UBND tỉnh,2026-03-03,Hai\n")
    client = login(editor)
    response = client.post("/admin/dispatches/dispatch/import/", {
        "agency": agency.pk, "direction": "den", "format": "0",
        "import_file": SimpleUploadedFile("den.csv", text.encode())})
    confirm = response.context["confirm_form"]
    assert confirm.initial["direction"] == "den"
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    assert client.post("/admin/dispatches/dispatch/process_import/", data).status_code == 302
    assert list(Dispatch.objects.filter(agency=agency).values_list("direction", flat=True)) == ["den", "den"]


def test_import_shows_row_numbered_errors_and_stores_nothing(agency, editor, login):
    text = "CodeNumber,IssuedDate,Subject\n1,2026-03-01,Tốt\n2,32/01/2026,Ngày sai\n"
    response = login(editor).post("/admin/dispatches/dispatch/import/", {
        "agency": agency.pk, "format": "0", "import_file": SimpleUploadedFile("x.csv", text.encode())})
    page = response.content.decode()
    assert "Dòng 3: cột “IssuedDate”: “32/01/2026” không phải là ngày hợp lệ" in page
    assert Dispatch.objects.count() == 0


def test_import_cannot_target_another_agency(agency, other_agency, editor, login):
    response = login(editor).post("/admin/dispatches/dispatch/import/", {
        "agency": other_agency.pk, "format": "0", "import_file": upload("so-van-ban-di-phu-luc-vi.csv")})
    assert response.status_code == 200
    # One agency to edit: the choice is fixed and a forged one is ignored; rows would land in her own.
    assert response.context["form"].cleaned_data["agency"] == agency
    assert Dispatch.objects.count() == 0
    # Forging the confirm step with another agency's id is refused too.
    response = login(editor).post("/admin/dispatches/dispatch/process_import/", {
        "import_file_name": "x", "original_file_name": "x.csv", "format": "0", "agency": other_agency.pk})
    assert response.status_code in (403, 404)
    assert Dispatch.objects.count() == 0


@pytest.mark.parametrize("suffix", ["change/", "history/", "delete/"])
def test_other_agency_staff_get_404(agency, other_editor, login, suffix):
    dispatch = outgoing(agency, date(2026, 3, 2))
    response = login(other_editor).get(f"/admin/dispatches/dispatch/{dispatch.pk}/{suffix}")
    assert response.status_code == 404


def test_other_agency_rows_are_not_listed_or_pickable(agency, other_agency, other_editor, login):
    outgoing(agency, date(2026, 3, 2), summary="Của cơ quan kia")
    client = login(other_editor)
    page = client.get("/admin/dispatches/dispatch/").content.decode()
    assert "Của cơ quan kia" not in page
    mine = period(other_agency, date(2026, 3, 1), {})
    theirs = period(agency, date(2026, 4, 1), {})
    assert client.get(f"/admin/dispatches/periodtotal/{theirs.pk}/change/").status_code == 404
    # A line pointing at another agency's period is refused (TenantModel.clean).
    from dispatches.models import PeriodTotalLine

    line = PeriodTotalLine(agency=other_agency, period=theirs, direction="di", doc_type="cong-van", count=1)
    with pytest.raises(Exception, match="chính cơ quan mình"):
        line.full_clean()
    assert mine.agency == other_agency


def test_agency_admin_creates_a_token_shown_once_and_revokes_it(agency, agency_admin, editor, login):
    client = login(agency_admin)
    response = client.post("/admin/dispatches/apitoken/add/", {"agency": agency.pk, "name": "iOffice"}, follow=True)
    page = response.content.decode()
    token = ApiToken.objects.get()
    assert "chỉ hiện một lần" in page and token.prefix in page
    key = re.search(r"vbdd_[A-Za-z0-9_-]{43}", page).group()  # the whole key, shown this once
    assert key.startswith(token.prefix)
    change = client.get(f"/admin/dispatches/apitoken/{token.pk}/change/").content.decode()
    # Never shown again: the change page shows only the prefix.
    assert token.prefix in change and key not in change and key[12:] not in change
    client.post("/admin/dispatches/apitoken/", {"action": "revoke_selected", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    # Editors do not manage keys.
    assert login(editor).get("/admin/dispatches/apitoken/add/").status_code == 403


def test_settings_and_periods_in_the_admin(agency, agency_admin, editor, login):
    response = login(agency_admin).post("/admin/dispatches/dispatchsettings/add/", {
        "agency": agency.pk, "mode": "totals", "sync_url": "", "sync_format": "auto"})
    assert response.status_code == 302
    assert DispatchSettings.objects.get(agency=agency).mode == "totals"
    data = {"agency": agency.pk, "kind": "month", "start": "01/03/2026", "note": "",
            "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-direction": "den", "lines-0-doc_type": "quyet-dinh", "lines-0-count": "5",
            "lines-1-direction": "di", "lines-1-doc_type": "cong-van", "lines-1-count": "7"}
    response = login(editor).post("/admin/dispatches/periodtotal/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PeriodTotal.objects.get().lines.count() == 2
    # An overlapping week is refused with a message on the field.
    data.update({"kind": "week", "start": "30/03/2026"})
    response = login(editor).post("/admin/dispatches/periodtotal/add/", data)
    assert response.status_code == 200 and "trùng với kỳ đã nhập" in response.content.decode()
    assert PeriodTotal.objects.count() == 1
