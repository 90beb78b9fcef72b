"""Public pages: statistics, register list and entries, downloads, sitemap; flat SQL counts."""

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from dispatches.models import Direction, DocumentType
from tests.sitemaps import sitemap_text

from .factories import incoming, outgoing, period, totals_mode

pytestmark = pytest.mark.django_db
BASE = "/so-thu-nghiem/van-ban-di-den/"


def get(path, **params):
    cache.clear()
    return Client().get(path, params)


def test_statistics_page_shows_periods_types_and_trend(agency):
    today = timezone.localdate()
    incoming(agency, today, doc_type=DocumentType.QUYET_DINH)
    outgoing(agency, today)
    outgoing(agency, today, doc_type=DocumentType.KE_HOACH)
    response = get(BASE, ky="nam")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and 'role="img"' in page
    rows = {row.label: (row.incoming, row.outgoing) for row in response.context["type_rows"]}
    assert rows == {"Công văn": (0, 1), "Quyết định": (1, 0), "Kế hoạch": (0, 1)}
    assert response.context["selected_totals"] == {"incoming": 1, "outgoing": 2, "total": 3}
    assert [totals["total"] for _p, totals in response.context["summary"]] == [3, 3, 3, 3]
    assert len(response.context["trend"]) == 12 and response.context["trend"][-1][1:] == (1, 2)
    assert 'scope="col"' in page and 'scope="row"' in page and "<caption>" in page
    assert "style=" not in page and "<script" not in page


def test_chosen_range_and_bad_range(agency):
    outgoing(agency, date(2024, 5, 2))
    response = get(BASE, tu_ngay="01/01/2024", den_ngay="31/12/2024")
    assert response.context["selected"].key == "khoang"
    assert response.context["selected_totals"]["total"] == 1
    response = get(BASE, tu_ngay="2024-12-31", den_ngay="2024-01-01")
    assert "“Đến ngày” phải sau “Từ ngày”" in response.content.decode()
    assert response.context["selected"].key == "thang"


def test_totals_mode_page(agency):
    totals_mode(agency)
    start = timezone.localdate().replace(day=1)
    period(agency, start, {(Direction.INCOMING, DocumentType.CHI_THI): 4, (Direction.OUTGOING, "cong-van"): 6})
    response = get(BASE)
    assert response.context["totals_mode"]
    assert response.context["selected_totals"] == {"incoming": 4, "outgoing": 6, "total": 10}
    assert "số liệu tổng hợp theo tuần hoặc tháng" in response.content.decode()


def test_csv_and_xlsx_downloads(agency):
    outgoing(agency, timezone.localdate(), doc_type=DocumentType.QUYET_DINH)
    response = get(BASE + "thong-ke.csv", ky="nam")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Quyết định", "0", "1", "1"] in rows and ["Tổng cộng", "0", "1", "1"] in rows
    assert any("Không bao gồm văn bản mật" in row[0] for row in rows if row)
    response = get(BASE + "thong-ke.xlsx", ky="nam")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Quyết định", 0, 1, 1] in values
    assert get(BASE + "thong-ke.pdf").status_code == 404


def test_register_lists_only_published_details_with_filters(agency, other_agency):
    public = incoming(agency, date(2026, 3, 2), summary="Về việc Thủ tục Đất đai", code_number="41",
                      code_notation="BNV-VP", doc_type=DocumentType.THONG_TU)
    outgoing(agency, date(2026, 3, 3), summary="Chỉ đếm, không công khai", publish_details=False)
    outgoing(other_agency, date(2026, 3, 3), summary="Của cơ quan khác")
    response = get(BASE + "so-van-ban/")
    page = response.content.decode()
    assert "Thủ tục Đất đai" in page
    assert "không công khai" not in page and "cơ quan khác" not in page
    assert list(get(BASE + "so-van-ban/", q="thu tuc dat dai").context["dispatches"]) == [public]
    assert list(get(BASE + "so-van-ban/", q="41/bnv").context["dispatches"]) == [public]
    assert list(get(BASE + "so-van-ban/", so="di").context["dispatches"]) == []
    assert list(get(BASE + "so-van-ban/", loai="thong-tu", tu_ngay="2026-03-01", den_ngay="2026-03-31")
                .context["dispatches"]) == [public]
    assert list(get(BASE + "so-van-ban/", tu_ngay="2026-03-03").context["dispatches"]) == []


def test_entry_page_and_file_only_when_published(agency, other_agency):
    public = outgoing(agency, date(2026, 3, 2), summary="Công khai")
    public.file.save("qd.pdf", ContentFile(b"%PDF-1.4\n%mau\n"), save=True)
    hidden = outgoing(agency, date(2026, 3, 2), summary="Không công khai", publish_details=False)
    hidden.file.save("an.pdf", ContentFile(b"%PDF-1.4\n%an\n"), save=True)
    foreign = outgoing(other_agency, date(2026, 3, 2), summary="Cơ quan khác")
    response = get(f"{BASE}so-van-ban/{public.pk}/")
    assert response.status_code == 200 and "Tải tệp văn bản" in response.content.decode()
    download = get(f"{BASE}so-van-ban/{public.pk}/tep/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    for pk in (hidden.pk, foreign.pk):
        assert get(f"{BASE}so-van-ban/{pk}/").status_code == 404
        assert get(f"{BASE}so-van-ban/{pk}/tep/").status_code == 404


def test_sitemap_lists_only_published_entries(agency):
    public = outgoing(agency, date(2026, 3, 2))
    hidden = outgoing(agency, date(2026, 3, 2), publish_details=False)
    xml = sitemap_text(Client())
    assert f"/so-van-ban/{public.pk}/" in xml
    assert f"/so-van-ban/{hidden.pk}/" not in xml


def test_province_page_sums_agencies_with_a_table_by_agency(agency, other_agency):
    today = timezone.localdate()
    outgoing(agency, today)
    incoming(other_agency, today)
    incoming(other_agency, today)
    response = get("/van-ban-di-den/", ky="nam")
    assert response.status_code == 200
    assert response.context["selected_totals"] == {"incoming": 2, "outgoing": 1, "total": 3}
    rows = {row.agency.slug: (row.incoming, row.outgoing) for row in response.context["agency_rows"]}
    assert rows == {"so-thu-nghiem": (0, 1), "so-khac": (2, 0)}
    page = response.content.decode()
    assert "/so-thu-nghiem/van-ban-di-den/" in page and "openapi.json" in page


def test_agency_home_block_and_section_navigation(agency):
    outgoing(agency, timezone.localdate())
    page = get("/so-thu-nghiem/").content.decode()
    assert "Công văn đi - đến" in page and "1 văn bản đi" in page


def test_cached_statistics_turn_over_when_the_register_changes(agency):
    cache.clear()
    client = Client()
    assert client.get(BASE, {"ky": "nam"}).context["selected_totals"]["total"] == 0
    outgoing(agency, timezone.localdate())
    response = client.get(BASE, {"ky": "nam"})
    assert "1</td>" in response.content.decode()


def _bulk(agency, count):
    from dispatches.bulk import seed_dispatches
    from dispatches.models import Dispatch

    have = Dispatch.objects.filter(agency=agency).count()
    seed_dispatches([agency], {"dispatches": have + count}, io.StringIO())


def _queries(path, params=None):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_100_or_100000_dispatches(agency, other_agency, django_assert_num_queries):
    _bulk(agency, 100)
    _bulk(other_agency, 20)
    # One row the search below always finds: the seeded rows' subjects depend on the agency's id, and
    # a search that finds nothing skips the page query (an order-dependent count otherwise).
    detail = outgoing(agency, date(2026, 3, 2), summary="Kế hoạch thử nghiệm đếm truy vấn")
    pages = [(BASE, {"ky": "nam"}), (BASE, {"tu_ngay": "01/01/2020", "den_ngay": "31/12/2030"}),
             (BASE + "so-van-ban/", {"q": "ke hoach"}), (BASE + "so-van-ban/", {"page": "2"}),
             (f"{BASE}so-van-ban/{detail.pk}/", {}), ("/van-ban-di-den/", {"ky": "nam"}),
             (BASE + "thong-ke.csv", {}), ("/van-ban-di-den/thong-ke.xlsx", {})]
    small = [_queries(path, params) for path, params in pages]
    assert max(small) <= 12, small
    _bulk(agency, 100_000 - 101)
    for (path, params), expected in zip(pages, small, strict=True):
        cache.clear()
        with django_assert_num_queries(expected):
            assert Client().get(path, params).status_code == 200
