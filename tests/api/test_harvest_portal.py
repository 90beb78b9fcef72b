"""``manage.py harvest_portal``: a portal under a live server is harvested, edited, published,
unpublished, deleted, harvested again incrementally, and the mirror equals a fresh full harvest."""

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from agencies.models import Agency
from content.models import Article
from organization.models import Official, OrgUnit
from portal.harvest import Harvester
from portal.publishing import apply_transition
from procedures.models import Procedure
from schedules.models import Entry
from tests.api.conftest import populate
from tests.content.factories import published_article
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _mirror(folder):
    return {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))
            if path.stem != "state"}


def test_incremental_harvest_loses_nothing(live_server, tmp_path):
    first = AgencyFactory(slug="so-mot", name="Sở Một", short_name="Sở Một")
    second = AgencyFactory(slug="so-hai", name="Sở Hai", short_name="Sở Hai")
    world = populate(first, "A")
    populate(second, "B")
    approver = UserFactory(username="duyet", is_superuser=True)
    mirror = tmp_path / "mirror"

    full = Harvester(live_server.url, mirror).run()
    assert full.full and full.upserted["news"] == 2 and full.upserted["officials"] == 2
    assert _mirror(mirror) == _mirror(_fresh(live_server, tmp_path / "check1"))

    # A day of work on the first portal.
    world["article"].title = "CONGKHAI tin A (đã sửa)"
    world["article"].save()
    draft = Article.objects.get(title__startswith="BIMAT tin nháp A")
    apply_transition(draft, "publish", approver)
    apply_transition(Article.objects.get(agency=second, title__startswith="CONGKHAI tin"), "unpublish", approver)
    Procedure.objects.get(name="CONGKHAI thủ tục B").delete()
    person = world["official"]
    person.is_public = False
    person.save()
    apply_transition(OrgUnit.objects.get(name="CONGKHAI Ban Giám đốc B"), "unpublish", approver)
    Entry.objects.filter(content__startswith="CONGKHAI họp giao ban A").update(location="Hội trường")  # no signal
    entry = Entry.objects.get(content__startswith="CONGKHAI họp chủ trì ẩn A")
    entry.location = "Phòng 2"
    entry.save()
    published_article(first, title="CONGKHAI tin mới A", published_at=timezone.now() - timedelta(seconds=1))
    third = AgencyFactory(slug="xa-moi", name="Xã Mới", short_name="Xã Mới")
    published_article(third, title="CONGKHAI tin xã mới")

    again = Harvester(live_server.url, mirror).run()
    assert not again.full
    harvested = _mirror(mirror)
    expected = _mirror(_fresh(live_server, tmp_path / "check2"))
    # The entry changed without a signal is the one thing an incremental harvest cannot see.
    for item in harvested["schedule-entries"].values():
        item["location"] = expected["schedule-entries"][str(item["id"])]["location"] \
            if item["content"].startswith("CONGKHAI họp giao ban A") else item["location"]
    assert harvested == expected
    titles = {n["title"] for n in harvested["news"].values()}
    assert "CONGKHAI tin A (đã sửa)" in titles and "BIMAT tin nháp A" in titles  # published now
    assert "CONGKHAI tin xã mới" in titles
    assert not any(o["full_name"].startswith("CONGKHAI Nguyễn Văn") for o in harvested["officials"].values())

    # An agency taken off the portal disappears from the mirror with everything of it.
    second.is_active = False
    second.save()
    Harvester(live_server.url, mirror).run()
    assert not any(item.get("agency") == "so-hai" for items in _mirror(mirror).values() for item in items.values())
    assert _mirror(mirror) == _mirror(_fresh(live_server, tmp_path / "check3"))
    assert Agency.objects.filter(is_active=True).count() == 2 and Official.objects.exists()


def _fresh(live_server, folder):
    Harvester(live_server.url, folder).run()
    return folder


def test_the_command_reports_and_refuses_a_bad_address(live_server, tmp_path, capsys):
    AgencyFactory(slug="so-mot", name="Sở Một", short_name="Sở Một")
    call_command("harvest_portal", live_server.url, "--into", str(tmp_path / "m"))
    assert "Thu thập toàn bộ xong" in capsys.readouterr().out
    call_command("harvest_portal", live_server.url, "--into", str(tmp_path / "m"))
    assert "Thu thập tăng dần xong" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("harvest_portal", "ftp://example.invalid", "--into", str(tmp_path / "x"))
