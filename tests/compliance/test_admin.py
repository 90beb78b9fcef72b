"""Inspection notes, exemptions and rule overrides in the admin: who may write, read and answer."""

from datetime import date

import pytest

from compliance.models import Exemption, Finding, InspectionNote, SectionRule

NOTES = "/admin/compliance/inspectionnote/"


def inline(total=0, **rows):
    data = {"findings-TOTAL_FORMS": str(total), "findings-INITIAL_FORMS": "0",
            "findings-MIN_NUM_FORMS": "0", "findings-MAX_NUM_FORMS": "1000"}
    data.update(rows)
    return data


@pytest.fixture
def note(agency, provincial_reviewer, fake_sections):
    note = InspectionNote.objects.create(agency=agency, summary="Thiếu lịch công tác tuần 48",
                                         inspector=provincial_reviewer, inspected_on=date(2026, 11, 24),
                                         fix_by=date(2026, 12, 1))
    Finding.objects.create(note=note, section_key="lich-cong-tac", text="Chưa đăng trước 08:00 thứ Hai")
    return note


def test_reviewer_writes_a_note_with_findings(login, provincial_reviewer, agency, fake_sections):
    data = {"agency": agency.pk, "inspected_on": "24/11/2026", "inspector": provincial_reviewer.pk,
            "team": "Đoàn 1", "summary": "Tin tức chậm", "fix_by": "01/12/2026",
            **inline(1, **{"findings-0-section_key": "tin-tuc", "findings-0-state": "overdue",
                           "findings-0-text": "Tin mới nhất quá 7 ngày"})}
    response = login(provincial_reviewer).post(NOTES + "add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    note = InspectionNote.objects.get()
    assert note.agency == agency and note.created_by == provincial_reviewer
    assert note.findings.get().section_key == "tin-tuc"


def test_deadline_before_the_inspection_is_refused_and_nothing_saved(login, provincial_reviewer, agency,
                                                                      fake_sections):
    data = {"agency": agency.pk, "inspected_on": "24/11/2026", "inspector": provincial_reviewer.pk,
            "summary": "Tin tức chậm", "fix_by": "20/11/2026", **inline()}
    response = login(provincial_reviewer).post(NOTES + "add/", data)
    assert response.status_code == 200
    assert "Hạn khắc phục không được trước ngày kiểm tra." in response.content.decode()
    assert not InspectionNote.objects.exists()


def test_agency_admin_reads_and_answers_but_cannot_edit_the_note(login, agency_admin, note):
    client = login(agency_admin)
    page = client.get(f"{NOTES}{note.pk}/change/")
    assert page.status_code == 200
    assert "Thiếu lịch công tác tuần 48" in page.content.decode()
    response = client.post(f"{NOTES}{note.pk}/change/", {
        "answer": "Đã đăng lịch tuần 48 lúc 10:00.", "summary": "Sửa kết luận", "resolved": "on",
        **inline()})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.answer == "Đã đăng lịch tuần 48 lúc 10:00."
    assert note.answered_by == agency_admin and note.answered_at is not None
    assert note.summary == "Thiếu lịch công tác tuần 48" and not note.resolved


def test_agency_admin_cannot_add_or_delete_notes(login, agency_admin, note):
    client = login(agency_admin)
    assert client.get(NOTES + "add/").status_code == 403
    assert client.post(f"{NOTES}{note.pk}/delete/", {"post": "yes"}).status_code == 403
    assert InspectionNote.objects.filter(pk=note.pk).exists()


def test_editor_reads_the_note_but_cannot_answer(login, editor, note):
    client = login(editor)
    assert client.get(NOTES).status_code == 200
    client.post(f"{NOTES}{note.pk}/change/", {"answer": "Không được ghi", **inline()})
    note.refresh_from_db()
    assert note.answer == ""


def test_another_agencys_staff_get_404_on_change_and_history(login, other_approver, note):
    client = login(other_approver)
    assert client.get(f"{NOTES}{note.pk}/change/").status_code == 404
    assert client.get(f"{NOTES}{note.pk}/history/").status_code == 404
    listing = client.get(NOTES).content.decode()
    assert "Thiếu lịch công tác" not in listing and "Kiểm tra Sở TN" not in listing


def test_reviewer_sees_every_note(login, provincial_reviewer, note):
    assert "Sở TN" in login(provincial_reviewer).get(NOTES).content.decode()


def test_only_superusers_grant_exemptions(login, superuser, provincial_reviewer, agency_admin, agency, fake_sections):
    url = "/admin/compliance/exemption/add/"
    assert login(provincial_reviewer).get(url).status_code == 403
    assert login(agency_admin).get(url).status_code == 403
    missing_reason = login(superuser).post(url, {"agency": agency.pk, "section_key": "tin-tuc", "reason": " ",
                                                 "valid_from": "01/11/2026"})
    assert missing_reason.status_code == 200 and not Exemption.objects.exists()
    response = login(superuser).post(url, {"agency": agency.pk, "section_key": "tin-tuc",
                                           "reason": "Đơn vị đang sáp nhập", "valid_from": "01/11/2026"})
    assert response.status_code == 302
    assert Exemption.objects.get().reason == "Đơn vị đang sáp nhập"


def test_rule_override_admin_is_for_superusers_and_validates_parameters(login, superuser, provincial_reviewer,
                                                                        fake_sections):
    url = "/admin/compliance/sectionrule/add/"
    assert login(provincial_reviewer).get(url).status_code == 403
    client = login(superuser)
    page = client.get(url).content.decode()
    assert "Tin tức hoạt động" in page and "Tin tức thường xuyên" in page  # the defaults, shown
    bad = client.post(url, {"section_key": "tin-tuc", "params": '{"ngay": 5}', "note": ""})
    assert bad.status_code == 200
    assert "Tham số “ngay” không dùng cho quy tắc" in bad.content.decode()
    wrong_type = client.post(url, {"section_key": "tin-tuc", "params": '{"days": "năm"}', "note": ""})
    assert "Tham số “days”" in wrong_type.content.decode()
    assert not SectionRule.objects.exists()
    ok = client.post(url, {"section_key": "tin-tuc", "params": '{"days": 5}', "note": "Theo chỉ đạo mới"})
    assert ok.status_code == 302
    rule = SectionRule.objects.get()
    assert rule.params == {"days": 5} and rule.updated_by == superuser
    listing = client.get("/admin/compliance/sectionrule/").content.decode()
    assert "Có ít nhất một tin đăng trong 5 ngày gần nhất" in listing
