"""iCalendar feeds of the weekly schedules (RFC 5545, written by the icalendar library).

``ICalFeed`` reads like ``django.contrib.syndication.Feed``: a feed declares ``items`` and
``item_*`` methods; the base class builds the calendar. Entries keep a stable UID (a UUID stored on
the entry) and a SEQUENCE that each amendment raises, so a phone that subscribed updates the event in
place; cancelled entries come through as STATUS:CANCELLED instead of disappearing.
"""

import uuid
from datetime import timedelta

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from organization.models import Official

from .models import Entry, official_name
from .views import LEADER_PARAM, WEEK_PARAM
from .weeks import IsoWeek

# Published weeks from this many weeks back onwards are in the feed (the future is bounded by what
# has been published, usually next week).
PAST_WEEKS = 8
PRODID = "-//Cong thong tin dieu hanh//Lich cong tac tuan//VI"


class ICalFeed:
    """Declarative iCalendar feed: subclasses define ``get_object``, ``title``, ``items`` and item_*."""

    filename = "lich-cong-tac.ics"
    refresh = timedelta(hours=1)

    def __call__(self, request, *args, **kwargs):
        obj = self.get_object(request, *args, **kwargs)
        calendar = Calendar.new(prodid=PRODID, name=self.title(obj), description=self.description(obj),
                                method="PUBLISH", refresh_interval=self.refresh, uid=self.uid(obj))
        calendar.add("X-WR-TIMEZONE", timezone.get_current_timezone_name())
        calendar.add("X-PUBLISHED-TTL", vDuration(self.refresh))
        for item in self.items(obj):
            calendar.add_component(self.item_event(request, item))
        calendar.add_missing_timezones()
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.filename}"'
        return response

    def description(self, obj):
        return ""

    def uid(self, obj):
        """The calendar's own UID: stable, so that a subscription keeps recognising it."""
        return uuid.uuid5(uuid.NAMESPACE_URL, self.title(obj))

    def item_event(self, request, item) -> Event:
        event = Event.new(
            uid=self.item_uid(item),
            stamp=self.item_updated(item),
            last_modified=self.item_updated(item),
            created=self.item_created(item),
            start=self.item_start(item),
            end=self.item_end(item),
            summary=self.item_summary(item),
            description=self.item_description(item),
            location=self.item_location(item) or None,
            sequence=self.item_sequence(item),
            status=self.item_status(item),
            url=request.build_absolute_uri(self.item_link(item)),
        )
        return event


class AgencyScheduleFeed(ICalFeed):
    """The published schedule of the request's agency, or of one of its leaders (``?lanh-dao=``)."""

    def get_object(self, request):
        agency = request.agency
        leader = request.GET.get(LEADER_PARAM, "").strip()
        first = IsoWeek.current() - PAST_WEEKS
        entries = list(
            Entry.objects.of_published_weeks().for_agency(agency)
            .filter(date__gte=first.monday).select_related("week").with_leaders()
        )
        leader_name = ""
        if leader:
            names = dict(key_name for entry in entries for key_name in entry.leaders())
            leader_name = names.get(leader) or self.official_name(agency, leader)
            entries = [entry for entry in entries if any(k == leader for k, _n in entry.leaders())]
        for entry in entries:
            entry.agency = agency  # links without a query per entry
        return {"agency": agency, "entries": entries, "leader": leader_name, "leader_key": leader}

    def uid(self, obj):
        return uuid.uuid5(uuid.NAMESPACE_URL, f"lich-cong-tac/{obj['agency'].pk}/{obj['leader_key']}")

    @staticmethod
    def official_name(agency, key):
        """A directory leader with nothing in the window still has a (then empty) feed."""
        if not key.isdigit():
            return ""  # a free-text leader with nothing published lately: an empty calendar
        official = Official.objects.public().for_agency(agency).filter(pk=int(key)).first()
        if official is None:
            raise Http404(_("Không có lãnh đạo này trong danh bạ của cơ quan."))
        return official_name(official)

    def title(self, obj):
        if obj["leader"]:
            return _("Lịch công tác — %(leader)s (%(agency)s)") % {
                "leader": obj["leader"], "agency": obj["agency"].short_name}
        return _("Lịch công tác — %(agency)s") % {"agency": obj["agency"].name}

    def description(self, obj):
        return _("Lịch công tác tuần của lãnh đạo %(agency)s, cập nhật theo các lần điều chỉnh.") % {
            "agency": obj["agency"].name}

    def items(self, obj):
        return obj["entries"]

    def item_uid(self, entry):
        return f"{entry.uid}@lich-cong-tac"

    def item_start(self, entry):
        return entry.start_datetime()

    def item_end(self, entry):
        return entry.end_datetime()

    def item_created(self, entry):
        return entry.created_at

    def item_updated(self, entry):
        return entry.updated_at

    def item_summary(self, entry):
        summary = " ".join(entry.content.split())
        if entry.is_cancelled:
            summary = _("[Hủy] %(content)s") % {"content": summary}
        return summary

    def item_description(self, entry):
        lines = []
        leaders = ", ".join(name for _key, name in entry.leaders())
        if leaders:
            lines.append(_("Chủ trì: %(value)s") % {"value": leaders})
        if entry.participants:
            lines.append(_("Thành phần: %(value)s") % {"value": entry.participants})
        if entry.preparing_unit:
            lines.append(_("Đơn vị chuẩn bị: %(value)s") % {"value": entry.preparing_unit})
        if entry.notes:
            lines.append(_("Ghi chú: %(value)s") % {"value": entry.notes})
        if entry.state != Entry.State.SCHEDULED:
            note = f" ({entry.amendment_note})" if entry.amendment_note else ""
            lines.append(_("Tình trạng: %(value)s") % {"value": entry.get_state_display() + note})
        return "\n".join(lines)

    def item_location(self, entry):
        return entry.location

    def item_sequence(self, entry):
        return entry.sequence

    def item_status(self, entry):
        return "CANCELLED" if entry.is_cancelled else "CONFIRMED"

    def item_link(self, entry):
        return f"{entry.agency.reverse('schedules:week')}?{WEEK_PARAM}={entry.week.iso_week}"
