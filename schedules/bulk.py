"""``seed_bulk --schedule-weeks N``: N published weeks of schedule per agency (bulk_create), for benchmarks.

The weeks end with next week, so the week page, the feeds and the province page all have data. Each
week holds ``--schedule-entries`` entries (default 15: three a day from Monday to Friday).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from portal.publishing import Status

from .models import Entry, Week
from .weeks import IsoWeek

TOPICS = ["Giao ban lãnh đạo", "Tiếp công dân định kỳ", "Hội nghị triển khai nhiệm vụ", "Kiểm tra cơ sở",
          "Làm việc với đoàn công tác", "Họp hội đồng thẩm định", "Dự họp UBND tỉnh"]
LEADERS = ["Giám đốc Nguyễn Văn An", "Phó Giám đốc Trần Thị Bích", "Phó Giám đốc Lê Minh Châu"]


def seed_schedules(agencies, options, stdout):
    wanted = options.get("schedule_weeks") or 0
    if not wanted:
        return None
    per_week = options.get("schedule_entries") or 15
    now = timezone.now()
    last = IsoWeek.current(now).next
    isos = [last - i for i in range(wanted)]
    weeks_created = entries_created = 0
    for agency in agencies:
        have = set(Week.objects.filter(agency=agency).values_list("year", "week"))
        new_weeks = []
        for iso in isos:
            if (iso.year, iso.week) in have:
                continue
            published_at = min(now - timedelta(minutes=5),
                               timezone.make_aware(datetime.combine(iso.previous.days[4], time(16))))
            new_weeks.append(Week(agency=agency, year=iso.year, week=iso.week, status=Status.PUBLISHED,
                                  published_at=published_at, first_published_at=published_at,
                                  note="Lịch thử tải"))
        Week.objects.bulk_create(new_weeks, batch_size=500)
        weeks_created += len(new_weeks)
        entries = []
        for week in new_weeks:  # bulk_create sets their ids on PostgreSQL and SQLite alike
            days = week.iso_week.days[:5]
            for i in range(per_week):
                start = time(7 + (i // len(days)) * 3 % 12, 30 if i % 2 else 0)
                entries.append(Entry(
                    agency=agency, week=week, date=days[i % len(days)], start_time=start,
                    end_time=time(start.hour + 1, start.minute), period=Entry.period_for(start),
                    content=f"{TOPICS[i % len(TOPICS)]} (thử tải)", chair_text=LEADERS[i % len(LEADERS)],
                    participants="Lãnh đạo các phòng", location="Phòng họp số 1", preparing_unit="Văn phòng",
                    recurring=i < 2,
                ))
        Entry.objects.bulk_create(entries, batch_size=1000)
        entries_created += len(entries)
    stdout.write(f"Lịch công tác: {weeks_created} tuần, {entries_created} mục tạo mới cho {len(agencies)} cơ quan.")
    return None
