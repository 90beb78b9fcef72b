"""Demo schedules: the past four weeks, this week and next week of every active demo agency.

Sample data: every week carries a note saying so. Leaders are the agency's leadership from the demo
directory (organization/demo.py, order 10); meetings chaired from outside are free text. A few entries
of past and current weeks are amended through ``schedules.amendments`` like an office would (moved,
cancelled, added), so the revision counts and marks are real. Idempotent: a week that exists is left
as it is.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from agencies.models import Agency
from organization.models import Official, OrgUnit
from portal.publishing import Status

from .amendments import amending
from .models import Entry, Week
from .weeks import IsoWeek

SAMPLE_NOTE = "Dữ liệu mẫu — lịch công tác trình diễn, không phải lịch thật của cơ quan."
PAST_WEEKS = 4

# (weekday, start, end, content, participants, location, preparing unit, leader index, recurring)
DEPARTMENT_ROUTINE = [
    (0, time(7, 30), time(9), "Giao ban Ban Giám đốc đầu tuần", "Ban Giám đốc; Chánh Văn phòng",
     "Phòng họp số 1", "Văn phòng", 0, True),
    (0, time(9, 30), time(11), "Họp giao ban cơ quan", "Ban Giám đốc; trưởng các phòng, đơn vị",
     "Hội trường", "Văn phòng", 0, True),
    (3, time(7, 30), time(11), "Tiếp công dân định kỳ", "Thanh tra; Văn phòng", "Phòng tiếp công dân",
     "Thanh tra", 1, True),
    (4, time(14), time(16), "Sinh hoạt chi bộ", "Đảng viên chi bộ cơ quan", "Hội trường", "Văn phòng", 0, True),
]
COMMUNE_ROUTINE = [
    (0, time(7, 30), time(9), "Giao ban Thường trực UBND đầu tuần", "Thường trực UBND; Văn phòng HĐND và UBND",
     "Phòng họp UBND", "Văn phòng HĐND và UBND", 0, True),
    (2, time(7, 30), time(11), "Tiếp công dân định kỳ", "Công chức Tư pháp - Hộ tịch; Địa chính",
     "Bộ phận tiếp công dân", "Văn phòng HĐND và UBND", 0, True),
    (4, time(14), time(16, 30), "Họp UBND thường kỳ tháng", "Thành viên UBND; các ban ngành đoàn thể",
     "Hội trường UBND", "Văn phòng HĐND và UBND", 0, True),
]
DEPARTMENT_VARIABLE = [
    (1, time(8), time(11), "Dự họp UBND tỉnh thường kỳ", "Giám đốc", "Hội trường UBND tỉnh", "Văn phòng",
     None, "Chủ tịch UBND tỉnh (dữ liệu mẫu)"),
    (1, time(14), time(16, 30), "Hội nghị sơ kết công tác chuyên môn quý", "Lãnh đạo các phòng, đơn vị",
     "Hội trường", "Phòng Kế hoạch - Tài chính", 1, ""),
    (2, time(8), time(11), "Kiểm tra cơ sở tại xã Cái Nhum", "Đại diện các phòng chuyên môn", "xã Cái Nhum",
     "Thanh tra", 2, ""),
    (2, time(14), time(17), "Làm việc với Đoàn kiểm tra của UBND tỉnh", "Ban Giám đốc; các phòng liên quan",
     "Phòng họp số 1", "Văn phòng", 0, ""),
    (3, time(14), time(16), "Họp Hội đồng thẩm định hồ sơ", "Thành viên Hội đồng", "Phòng họp số 2",
     "Phòng chuyên môn", 1, ""),
    (4, time(8), time(11), "Hội nghị triển khai chuyển đổi số", "Cán bộ đầu mối chuyển đổi số", "Hội trường",
     "Văn phòng", 2, ""),
    (5, time(7, 30), time(11), "Kiểm tra công tác phòng, chống thiên tai", "Tổ công tác", "phường Long Châu",
     "Phòng chuyên môn", 2, ""),
]
COMMUNE_VARIABLE = [
    (1, time(8), time(10, 30), "Kiểm tra công trình nông thôn mới tại ấp 3", "Công chức Địa chính - Xây dựng",
     "Ấp 3", "Công chức Địa chính - Xây dựng", 1, ""),
    (1, time(19), time(21), "Họp dân ấp về chỉnh trang đô thị", "Trưởng ấp; đại diện hộ dân", "Nhà văn hóa ấp 2",
     "Ban nhân dân ấp", 1, ""),
    (3, time(8), time(11), "Hội nghị tuyên truyền phổ biến pháp luật", "Các ban ngành đoàn thể", "Hội trường UBND",
     "Công chức Tư pháp - Hộ tịch", 0, ""),
    (3, time(14), time(16), "Dự họp trực tuyến với UBND tỉnh", "Chủ tịch UBND", "Phòng họp trực tuyến",
     "Văn phòng HĐND và UBND", None, "Chủ tịch UBND tỉnh (dữ liệu mẫu)"),
]


def _leaders(agency):
    """The agency's leadership from the directory (empty when it has none: free text then)."""
    return list(Official.objects.filter(agency=agency, unit__kind=OrgUnit.Kind.LEADERSHIP)
                .order_by("unit__tree_path", "order", "pk"))


def _fallback_chair(agency, index):
    title = "Chủ tịch UBND" if agency.kind == Agency.Kind.COMMUNE else "Giám đốc"
    deputy = "Phó Chủ tịch UBND" if agency.kind == Agency.Kind.COMMUNE else "Phó Giám đốc"
    return f"{title if index == 0 else deputy} (dữ liệu mẫu)"


def _entry(agency, week, leaders, plan, rng):
    weekday, start, end, content, participants, location, unit, leader, *rest = plan
    recurring = rest[0] if rest and isinstance(rest[0], bool) else False
    outside_chair = rest[0] if rest and isinstance(rest[0], str) else ""
    item = Entry.objects.create(
        agency=agency, week=week, date=week.iso_week.days[weekday], start_time=start, end_time=end,
        content=content, participants=participants, location=location, preparing_unit=unit,
        recurring=recurring,
        chair_text=outside_chair or ("" if leaders or leader is None else _fallback_chair(agency, leader)),
    )
    if leaders and leader is not None:
        item.chairs.add(leaders[min(leader, len(leaders) - 1)])
    return item


def _publication(iso: IsoWeek):
    """Friday 16:00 of the week before: when the office posts next week's schedule."""
    friday = iso.previous.days[4]
    return timezone.make_aware(datetime.combine(friday, time(16)))


def _amend(week, entries, rng, when):
    """Move one entry, cancel another, add a third: a typical day of amendments."""
    movable = [e for e in entries if not e.recurring]
    if len(movable) < 2:
        return
    moved, cancelled = rng.sample(movable, 2)
    with amending(week, now=when):
        moved.start_time = time(moved.start_time.hour + 1 if moved.start_time.hour < 16 else 8, 30)
        moved.end_time = None
        moved.location = "Phòng họp số 2"
        moved.save()
        cancelled.state = Entry.State.CANCELLED
        cancelled.notes = "Hoãn, sẽ bố trí lại sau (dữ liệu mẫu)"
        cancelled.save()
        Entry.objects.create(
            agency=week.agency, week=week, date=cancelled.date, start_time=time(15), end_time=time(16, 30),
            content="Làm việc với doanh nghiệp về tháo gỡ khó khăn (bổ sung)", participants="Phòng chuyên môn",
            location="Phòng họp số 1", preparing_unit="Văn phòng",
            chair_text="" if moved.chairs.exists() else moved.chair_text,
        ).chairs.set(moved.chairs.all())


LATE_AGENCY = "so-xay-dung"


def load_schedules(context):
    now = context.now
    this = IsoWeek.current(now)
    weeks_created = entries_created = 0
    for slug, agency in context.agencies.items():
        if not agency.is_active:
            continue
        rng = random.Random(f"lich-{slug}")
        leaders = _leaders(agency)
        commune = agency.kind == Agency.Kind.COMMUNE
        routine = COMMUNE_ROUTINE if commune else DEPARTMENT_ROUTINE
        variable = COMMUNE_VARIABLE if commune else DEPARTMENT_VARIABLE
        for offset in range(-PAST_WEEKS, 2):
            iso = this + offset
            if slug == LATE_AGENCY and offset >= 0:
                # The compliance demo's agency that is late: this week's schedule still awaits approval.
                state = {"status": Status.PENDING}
            elif offset < 1 or slug in ("vp-ubnd", "so-noi-vu", "so-tai-chinh", "phuong-thanh-duc"):
                state = {"status": Status.PUBLISHED, "published_at": min(_publication(iso), now)}
            elif slug in ("so-y-te", "xa-cai-nhum"):
                state = {"status": Status.PENDING}
            else:
                state = {"status": Status.DRAFT}
            if slug == "xa-cau-ngang" and offset < 0:
                continue  # joined 20 days ago: only recent weeks
            week, created = Week.objects.get_or_create(
                agency=agency, year=iso.year, week=iso.week, defaults={"note": SAMPLE_NOTE, **state})
            if not created:
                continue
            weeks_created += 1
            plans = routine + rng.sample(variable, k=min(len(variable), rng.randint(2, 4)))
            entries = [_entry(agency, week, leaders, plan, rng) for plan in plans]
            entries_created += len(entries)
            if week.status == Status.PUBLISHED and (offset == 0 or rng.random() < 0.3):
                when = min(now - timedelta(hours=2), _publication(iso) + timedelta(days=3, hours=2))
                if when > week.published_at:
                    _amend(week, entries, rng, when)
                    entries_created += 1
    context.log(f"Lịch công tác: {weeks_created} tuần, {entries_created} mục mới (dữ liệu mẫu).")
