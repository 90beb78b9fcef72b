"""The dashboard, the agency page and the admin home: who sees what, filters, flat SQL counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from compliance.models import Confirmation, InspectionNote
from compliance.snapshots import take_snapshot
from portal.sections import all_sections
from tests.factories import AgencyFactory, UserFactory, member

DASHBOARD = "/admin/compliance/dashboard/"


@pytest.fixture
def states(agency, other_agency, fake_sections, complete):
    now = timezone.now()
    complete(agency, now)
    complete(other_agency, now)
    fake_sections.set("tin-tuc", other_agency, 4, now - timedelta(days=30))
    return agency, other_agency


def test_url_names():
    assert reverse("admin:compliance_dashboard_changelist") == DASHBOARD
    assert reverse("admin:compliance_dashboard_agency", args=["so-y-te"]) == DASHBOARD + "co-quan/so-y-te/"


def test_anonymous_is_sent_to_the_login(client, states):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_reviewer_sees_every_agency_with_states_and_reasons(login, provincial_reviewer, states):
    response = login(provincial_reviewer).get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sở Thử nghiệm" in html or "Sở TN" in html
    assert "Sở Khác" in html
    assert "quá 7 ngày" in html
    assert "1/2 cơ quan đạt tất cả các chuyên mục." in html


def test_superuser_sees_the_dashboard(login, superuser, states):
    assert login(superuser).get(DASHBOARD).status_code == 200


def test_agency_staff_are_sent_to_their_own_checklist(login, editor, states):
    response = login(editor).get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD + "co-quan/so-thu-nghiem/"


def test_staff_without_agency_or_review_right_get_403(login, states):
    stranger = UserFactory(username="khach")
    assert login(stranger).get(DASHBOARD).status_code == 403


def test_agency_staff_see_their_agency_page_and_404_for_another(login, editor, states):
    client = login(editor)
    own = client.get(DASHBOARD + "co-quan/so-thu-nghiem/")
    assert own.status_code == 200
    assert "Giới thiệu chung" in own.content.decode()
    assert client.get(DASHBOARD + "co-quan/so-khac/").status_code == 404


def test_agency_page_shows_counts_links_and_notes(login, provincial_reviewer, states):
    _own, other = states
    InspectionNote.objects.create(agency=other, summary="Tin tức chậm cập nhật", inspector=provincial_reviewer)
    html = login(provincial_reviewer).get(DASHBOARD + "co-quan/so-khac/").content.decode()
    assert "Tin tức chậm cập nhật" in html
    assert f'href="/{other.slug}/"' in html  # the section's public page (agency_home in the fakes)
    assert "quá 7 ngày" in html


def test_filters_by_kind_and_state(login, provincial_reviewer, states, fake_sections, complete):
    commune = AgencyFactory(slug="xa-moi", name="UBND xã Mới", short_name="Xã Mới", kind=Agency.Kind.COMMUNE)
    complete(commune, timezone.now())
    client = login(provincial_reviewer)
    by_kind = client.get(DASHBOARD, {"kind": "commune"}).content.decode()
    assert "Xã Mới" in by_kind and "Sở Khác" not in by_kind
    overdue = client.get(DASHBOARD, {"state": "overdue"}).content.decode()
    assert "Sở Khác" in overdue and "Xã Mới" not in overdue
    bad = client.get(DASHBOARD, {"state": "khong-ton-tai"})
    assert bad.status_code == 200 and "Bộ lọc không hợp lệ" in bad.content.decode()


def test_sorting_puts_most_problems_first(login, provincial_reviewer, states):
    html = login(provincial_reviewer).get(DASHBOARD, {"sort": "problems"}).content.decode()
    assert html.index("Sở Khác") < html.index("Sở TN")


def test_trend_from_snapshots(login, provincial_reviewer, states):
    now = timezone.now()
    for weeks in (3, 2, 1, 0):
        take_snapshot(now - timedelta(days=7 * weeks))
    html = login(provincial_reviewer).get(DASHBOARD).content.decode()
    trends = re.findall(r'class="trend">([^<]*)', html)
    # Four weekly points per agency, the last one being today's problems (the late agency has one).
    assert sorted(t.split(" → ")[-1] for t in trends) == ["0", "1"]
    assert all(len(t.split(" → ")) == 4 for t in trends)
    assert (now - timedelta(days=21)).astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y") in html


def _dashboard_queries(client):
    client.get(DASHBOARD)  # warm the per-process caches (province, agency host names, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_agencies(login, provincial_reviewer, fake_sections, complete):
    now = timezone.now()
    client = login(provincial_reviewer)
    for index in range(5):
        complete(AgencyFactory(slug=f"co-quan-{index}"), now)
    take_snapshot(now)
    small = _dashboard_queries(client)
    for index in range(5, 150):
        complete(AgencyFactory(slug=f"co-quan-{index}"), now)
    take_snapshot(now)
    InspectionNote.objects.create(agency=Agency.objects.last(), summary="x")
    for agency in Agency.objects.all():  # "still current" confirmations, two of each: read in one query
        Confirmation.objects.create(agency=agency, section_key="gioi-thieu", confirmed_at=now - timedelta(days=2))
        Confirmation.objects.create(agency=agency, section_key="gioi-thieu", confirmed_at=now - timedelta(days=1))
    assert Agency.objects.count() == 150
    large = _dashboard_queries(client)
    assert small == large
    # one query per section; overrides, exemptions, confirmations, notes, trend and the request's own
    # (session, user, permissions, and the two-factor device look-up of accounts/ middleware: two queries)
    assert large <= 14 + len(all_sections())


def test_admin_home_shows_the_agency_its_own_checklist_only(login, editor, states):
    html = login(editor).get("/admin/").content.decode()
    assert "Danh sách kiểm tra của cơ quan" in html
    assert "Sở Thử nghiệm tỉnh Vĩnh Long" in html
    assert "Sở Khác tỉnh Vĩnh Long" not in html


def test_admin_home_shows_reviewers_the_province_summary(login, provincial_reviewer, states):
    html = login(provincial_reviewer).get("/admin/").content.decode()
    assert "1/2 cơ quan đạt tất cả các chuyên mục." in html
    assert DASHBOARD in html


def test_agency_admin_home_for_staff_of_two_agencies(login, states):
    _own, other = states
    member(states[0], "editor", username="hai-co-quan")
    user = member(other, "approver", username="hai-co-quan")
    html = login(user).get("/admin/").content.decode()
    assert "Sở Thử nghiệm tỉnh Vĩnh Long" in html and "Sở Khác tỉnh Vĩnh Long" in html


def _dashboard(client, query=""):
    client.get(DASHBOARD + query)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD + query)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_dashboard_pages_agencies_keeps_filters_and_stays_under_100_kb(login, provincial_reviewer):
    """Real sections, agencies with no content: every cell a problem with its reason, the heaviest table."""
    client = login(provincial_reviewer)
    for index in range(5):
        AgencyFactory(slug=f"co-quan-{index}", short_name=f"Cơ quan {index}", order=index,
                      kind=Agency.Kind.COMMUNE if index % 2 else Agency.Kind.DEPARTMENT)
    take_snapshot(timezone.now())
    small = {query: _dashboard(client, query)[0] for query in ("", "?kind=commune&state=overdue&page=2")}
    for index in range(5, 150):
        AgencyFactory(slug=f"co-quan-{index}", short_name=f"Cơ quan {index}", order=index,
                      kind=Agency.Kind.COMMUNE if index % 2 else Agency.Kind.DEPARTMENT)
    take_snapshot(timezone.now())
    queries, page = _dashboard(client)
    assert queries == small[""]
    assert len(page.encode()) < 100 * 1024
    assert "0/150 cơ quan đạt tất cả các chuyên mục." in page  # the summary covers all 150
    assert "150 cơ quan phù hợp bộ lọc. Đang hiển thị 1–30 (trang 1/5)." in page
    assert page.count('<th scope="row"><a href="/admin/compliance/dashboard/co-quan/') == 30
    queries, filtered = _dashboard(client, "?kind=commune&state=overdue&page=2")
    assert queries == small["?kind=commune&state=overdue&page=2"]
    assert len(filtered.encode()) < 100 * 1024
    assert "75 cơ quan phù hợp bộ lọc. Đang hiển thị 31–60 (trang 2/3)." in filtered
    # the page links keep the kind and the state
    assert 'href="?kind=commune&amp;state=overdue&amp;page=3"' in filtered
    assert 'href="?kind=commune&amp;state=overdue&amp;page=1"' in filtered
    assert "Cơ quan 0<" not in filtered  # a department
    assert _dashboard(client, "?page=999")[1].count("(trang 5/5)") == 1
    assert "(trang 1/5)" in _dashboard(client, "?page=%3Cscript%3E")[1]


def test_dashboard_does_not_build_the_hidden_side_bar_menu(login, superuser, states, monkeypatch):
    """The dashboard hides the admin side bar: its app list (every model's permissions) is not built;
    a page showing the side bar still lists the models."""
    from desk.sites import PortalAdminSite

    built = []
    original = PortalAdminSite._build_app_dict
    monkeypatch.setattr(PortalAdminSite, "_build_app_dict",
                        lambda site, request, label=None: built.append(label) or original(site, request, label))
    client = login(superuser)
    assert client.get(DASHBOARD).status_code == 200
    assert built == []
    html = client.get("/admin/compliance/inspectionnote/").content.decode()
    assert built and 'id="nav-sidebar"' in html and 'href="/admin/compliance/inspectionnote/"' in html
