"""The weekly entry form: fast entry, Vietnamese validation, amendments, tenancy vectors."""

from datetime import time

import pytest
from django.urls import reverse

from portal.publishing import Status
from schedules.models import Entry, Week
from schedules.weeks import IsoWeek

from .factories import draft_week, entry, official, published_week

pytestmark = pytest.mark.django_db

NEXT = IsoWeek.current().next


def url(name, *args):
    return reverse(f"admin:schedules_week_{name}", args=args)


def entry_data(index, item=None, **fields):
    """The POST fields of inline row ``index``; ``item`` is an existing entry."""
    values = {"id": item.pk if item else "", "date": "", "start_time": "", "end_time": "", "content": "",
              "chair_text": "", "participants": "", "location": "", "preparing_unit": "", "notes": ""}
    if item is not None:
        values.update(date=item.date.isoformat(), start_time=item.start_time.strftime("%H:%M"),
                      end_time=item.end_time.strftime("%H:%M") if item.end_time else "", content=item.content,
                      chair_text=item.chair_text, location=item.location, participants=item.participants,
                      preparing_unit=item.preparing_unit, notes=item.notes)
        if item.is_cancelled:
            values["cancelled"] = "on"
        values["chairs"] = [str(pk) for pk in item.chairs.values_list("pk", flat=True)]
    values.update(fields)
    return {f"entries-{index}-{key}": value for key, value in values.items() if value is not None}


def week_post(week=None, rows=(), **extra):
    initial = sum(1 for row in rows if any(k.endswith("-id") and v for k, v in row.items()))
    data = {"note": "", "published_at_0": "", "published_at_1": "", "review_note": "",
            "entries-TOTAL_FORMS": str(len(rows)), "entries-INITIAL_FORMS": str(initial),
            "entries-MIN_NUM_FORMS": "0", "entries-MAX_NUM_FORMS": "1000"}
    if week is None:
        data["iso_week"] = str(NEXT)
    for row in rows:
        data.update(row)
    data.update(extra)
    return data


def day(n, iso=NEXT):
    return iso.days[n].isoformat()


# --- fast entry --------------------------------------------------------------------------------
def test_editor_enters_a_whole_week_in_one_form(login, editor, agency):
    deputy = official(agency)
    response = login(editor).post(url("add"), week_post(rows=[
        entry_data(0, date=day(0), start_time="07:30", end_time="09:00", content="Giao ban lãnh đạo",
                   chairs=[str(deputy.pk)], participants="Trưởng các phòng", location="Phòng họp 1"),
        entry_data(1, date=day(3), start_time="14:00", content="Tiếp công dân định kỳ",
                   chair_text="Giám đốc Nguyễn Văn An", recurring="on"),
        entry_data(2),  # an untouched extra row
    ]))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    week = Week.objects.get()
    assert (week.agency, week.year, week.week, week.status) == (agency, NEXT.year, NEXT.week, Status.DRAFT)
    first, second = week.entries.all()
    assert first.period == Entry.Period.MORNING and list(first.chairs.all()) == [deputy]
    assert second.period == Entry.Period.AFTERNOON and second.recurring
    assert first.agency == agency and second.agency == agency


def test_the_form_offers_next_week_and_the_days_of_the_week(login, editor, agency):
    page = login(editor).get(url("add"))
    assert f'value="{NEXT}"' in page.text
    week = draft_week(agency, NEXT)
    page = login(editor).get(url("change", week.pk))
    assert f'<option value="{day(0)}">Thứ Hai {NEXT.monday:%d/%m}</option>' in page.text


def test_entries_are_grouped_by_day_in_the_form(login, editor, agency):
    week = draft_week(agency, NEXT)
    entry(week, 1, content="Thứ ba")
    entry(week, 0, start=time(14), content="Thứ hai chiều")
    entry(week, 0, start=time(8), content="Thứ hai sáng")
    page = login(editor).get(url("change", week.pk)).text
    assert page.count('class="schedule-day-row"') == 3  # Monday, Tuesday, then the blank row to add one
    assert "Mục mới" in page
    assert page.index("Thứ hai sáng") < page.index("Thứ hai chiều") < page.index("Thứ ba")


def test_copy_last_weeks_recurring_entries_when_adding(login, editor, agency):
    entry(published_week(agency, NEXT.previous), 2, content="Họp giao ban thứ Tư", recurring=True)
    response = login(editor).post(url("add"), week_post(copy_recurring="on"))
    assert response.status_code == 302
    copied = Week.objects.get(week=NEXT.week).entries.get()
    assert copied.content == "Họp giao ban thứ Tư" and copied.date.isoformat() == day(2)


def test_copy_button_on_an_existing_week(login, editor, agency):
    entry(published_week(agency, NEXT.previous), 4, content="Sinh hoạt chi bộ", recurring=True)
    week = draft_week(agency, NEXT)
    response = login(editor).post(url("change", week.pk), week_post(week, _copy_recurring="1"))
    assert response.status_code == 302
    assert week.entries.get().content == "Sinh hoạt chi bộ"


# --- bad input: a Vietnamese message naming the field, nothing saved ---------------------------
def test_entry_outside_its_week_is_refused(login, editor):
    outside = NEXT.next.days[1].isoformat()
    response = login(editor).post(url("add"), week_post(rows=[
        entry_data(0, date=outside, start_time="08:00", content="Lạc tuần")]))
    assert response.status_code == 200
    assert f"nằm ngoài tuần của lịch này: {NEXT.label}" in response.text
    assert not Week.objects.exists() and not Entry.objects.exists()


def test_end_before_start_is_refused(login, editor):
    response = login(editor).post(url("add"), week_post(rows=[
        entry_data(0, date=day(0), start_time="08:00", end_time="07:30", content="Giờ ngược")]))
    assert "Giờ kết thúc (07:30) phải sau giờ bắt đầu (08:00)." in response.text
    assert not Week.objects.exists()


@pytest.mark.parametrize("value, message", [("2025-W53", "Năm 2025 không có tuần 53"),
                                            ("tuan sau", "không phải là một tuần")])
def test_a_week_that_does_not_exist_is_refused(login, editor, value, message):
    response = login(editor).post(url("add"), week_post(iso_week=value))
    assert message in response.text
    assert not Week.objects.exists()


def test_a_second_schedule_for_the_same_week_is_refused(login, editor, agency):
    draft_week(agency, NEXT)
    response = login(editor).post(url("add"), week_post())
    assert f"đã có lịch {NEXT.label}" in response.text
    assert Week.objects.count() == 1


def test_same_leader_twice_at_once_is_a_warning_that_can_be_confirmed(login, editor, agency):
    rows = [entry_data(0, date=day(1), start_time="08:00", end_time="10:00", content="Họp A",
                       chair_text="Giám đốc Nguyễn Văn An"),
            entry_data(1, date=day(1), start_time="09:00", content="Họp B",
                       chair_text="Giám đốc Nguyễn Văn An, Phó Giám đốc Trần Thị Bích")]
    client = login(editor)
    response = client.post(url("add"), week_post(rows=rows))
    assert response.status_code == 200
    assert "Cảnh báo trùng giờ: Giám đốc Nguyễn Văn An chủ trì hai mục trùng giờ" in response.text
    assert "Vẫn lưu dù có lãnh đạo trùng giờ" in response.text
    assert not Week.objects.exists()
    response = client.post(url("add"), week_post(rows=rows, confirm_overlaps="on"))
    assert response.status_code == 302
    assert Entry.objects.count() == 2


# --- tenancy ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["change", "delete", "history", "preview"])
def test_other_agency_staff_get_404_on_a_week(login, other_editor, agency, view):
    week = draft_week(agency, NEXT)
    assert login(other_editor).get(url(view, week.pk)).status_code == 404


def test_other_agency_staff_cannot_post_to_a_week(login, other_approver, agency):
    week = draft_week(agency, NEXT)
    item = entry(week, 0, content="Của tôi")
    response = login(other_approver).post(url("change", week.pk), week_post(week, [
        entry_data(0, item, content="Bị sửa")]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.content == "Của tôi"


def test_other_agency_staff_get_404_on_an_entry_and_its_history(login, other_editor, agency):
    item = entry(draft_week(agency, NEXT), 0)
    client = login(other_editor)
    assert client.get(reverse("admin:schedules_entry_change", args=[item.pk])).status_code == 404
    assert client.get(reverse("admin:schedules_entry_history", args=[item.pk])).status_code == 404
    assert "Giao ban lãnh đạo" not in client.get(reverse("admin:schedules_entry_changelist")).text


def test_leaders_of_another_agency_are_not_offered_and_cannot_be_forged(login, editor, agency, other_agency):
    stranger = official(other_agency, "Lãnh đạo Sở Khác")
    official(agency, "Lãnh đạo của tôi")
    client = login(editor)
    week = draft_week(agency, NEXT)
    page = client.get(url("change", week.pk)).text
    assert "Lãnh đạo của tôi" in page and "Lãnh đạo Sở Khác" not in page
    response = client.post(url("change", week.pk), week_post(week, [
        entry_data(0, date=day(0), start_time="08:00", content="Họp", chairs=[str(stranger.pk)])]))
    assert response.status_code == 200
    assert not Entry.objects.exists()


def test_a_multi_agency_user_cannot_mix_leaders_across_agencies(login, agency, other_agency):
    from tests.factories import member

    member(agency, "editor", username="hai-co-quan")
    user = member(other_agency, "editor", username="hai-co-quan")  # the same account, in two agencies
    stranger = official(other_agency, "Lãnh đạo Sở Khác")
    week = draft_week(agency, NEXT)
    response = login(user).post(url("change", week.pk), week_post(week, [
        entry_data(0, date=day(0), start_time="08:00", content="Họp", chairs=[str(stranger.pk)])]))
    assert response.status_code == 200
    # Only the week's own agency's officials are choices, whatever else the user may edit.
    assert f"{stranger.pk} không phải là một trong các lựa chọn" in response.text
    assert not Entry.objects.exists()


# --- amendments through the admin ----------------------------------------------------------------
def test_approver_amends_a_published_week(login, approver, agency):
    week = published_week(agency, NEXT)
    kept = entry(week, 0, content="Giao ban", location="Phòng họp 1")
    dropped = entry(week, 1, content="Kiểm tra cơ sở")
    response = login(approver).post(url("change", week.pk), week_post(week, [
        entry_data(0, kept, location="Hội trường B"),
        entry_data(1, dropped, cancelled="on"),
        entry_data(2, date=day(2), start_time="15:00", content="Tiếp đoàn công tác"),
    ]), follow=True)
    assert "Đã ghi nhận điều chỉnh lần 1 (3 mục)." in response.text
    week.refresh_from_db()
    assert week.revision == 1 and week.amended_at is not None
    states = dict(week.entries.values_list("content", "state"))
    assert states == {"Giao ban": "amended", "Kiểm tra cơ sở": "cancelled", "Tiếp đoàn công tác": "added"}


def test_a_published_week_offers_no_delete_and_ignores_a_forged_one(login, approver, agency):
    week = published_week(agency, NEXT)
    item = entry(week, 0)
    client = login(approver)
    page = client.get(url("change", week.pk)).text
    assert 'name="entries-0-DELETE"' not in page
    response = client.post(url("change", week.pk), week_post(week, [entry_data(0, item, DELETE="on")]))
    assert response.status_code == 302
    assert Entry.objects.filter(pk=item.pk).exists()
    assert client.get(url("delete", week.pk)).status_code == 403


def test_entries_saved_with_the_first_publication_are_not_amendments(login, approver, agency):
    week = draft_week(agency, NEXT)
    response = login(approver).post(url("change", week.pk), week_post(week, [
        entry_data(0, date=day(0), start_time="08:00", content="Giao ban")], _transition="publish"))
    assert response.status_code == 302
    week.refresh_from_db()
    assert week.status == Status.PUBLISHED and week.revision == 0
    assert week.entries.get().state == Entry.State.SCHEDULED


def test_an_editor_cannot_change_a_published_week(login, editor, agency):
    """The editor's change is a proposed amendment (a revision awaiting approval): the week is untouched."""
    from portal.publishing import open_revision

    week = published_week(agency, NEXT)
    item = entry(week, 0, content="Đã đăng")
    response = login(editor).post(url("change", week.pk), week_post(week, [entry_data(0, item, content="Sửa")]))
    assert response.status_code == 302
    item.refresh_from_db()
    week.refresh_from_db()
    assert item.content == "Đã đăng" and week.revision == 0
    assert open_revision(week).status == Status.DRAFT


def test_history_of_an_entry_shows_before_and_after(login, approver, agency):
    week = published_week(agency, NEXT)
    item = entry(week, 0, location="Phòng họp 1")
    login(approver).post(url("change", week.pk), week_post(week, [entry_data(0, item, location="Hội trường B")]))
    page = login(approver).get(reverse("admin:schedules_entry_history", args=[item.pk])).text
    assert "Điều chỉnh lần 1" in page


def test_preview_shows_an_unpublished_week_to_its_own_staff(login, editor, agency):
    week = draft_week(agency, NEXT, status=Status.PENDING)
    entry(week, 0, content="Chờ duyệt")
    page = login(editor).get(url("preview", week.pk)).text
    assert "Chờ duyệt" in page and "Bản xem trước" in page
