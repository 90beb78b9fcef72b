"""The site-wide search (portal/search.py): what it finds, what it never shows, what it costs."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal.models import SearchDocument
from portal.publishing import Status, apply_transition
from portal.search import rebuild_index, search, update_index
from schedules.weeks import IsoWeek
from tests.content.factories import ArticleFactory, bulk_articles, category_of, published_article
from tests.dispatches.factories import outgoing
from tests.factories import AgencyFactory
from tests.procedures.factories import document, many_procedures, procedure, sector
from tests.schedules.factories import draft_week, entry, official, published_week

pytestmark = pytest.mark.django_db
KHAM = "Cấp giấy phép hành nghề khám bệnh, chữa bệnh"


def titles(results):
    return [d.title for d in results.documents]


def page(path):
    return Client().get(path).content.decode()


# --- what it finds ------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["khám bệnh", "kham benh", "KHAM BENH", "khám bện"])
def test_a_procedure_is_found_by_words_of_its_name_with_or_without_diacritics(agency, query):
    procedure(agency, name=KHAM, code="1.004227", field=sector(agency, "KCB", "Khám bệnh, chữa bệnh"))
    procedure(agency, name="Đăng ký khai sinh")
    assert titles(search(query)) == [KHAM]
    html = page(f"/tim-kiem/?q={query}")
    assert KHAM in html and "Đăng ký khai sinh" not in html
    assert KHAM in page(f"/so-thu-nghiem/tim-kiem/?q={query}")


def test_a_procedure_is_found_by_code_field_and_applicant(agency):
    procedure(agency, name=KHAM, code="1.004227", field=sector(agency, "KCB", "Y tế dự phòng"),
              applicants=("doanh-nghiep",))
    for query in ("1.004227", "y te du phong", "doanh nghiệp"):
        assert titles(search(query)) == [KHAM], query


@pytest.mark.parametrize("query", ["15/2023/QH15", "15/2023/qh15", "15 2023 QH15", "15-2023-qh15"])
def test_a_legal_document_is_found_by_its_number_in_any_spelling_exact_match_first(agency, other_agency, query):
    document(other_agency, number="112/2024/NĐ-CP", summary="Quy định chi tiết 15 điều của luật năm 2023 (QH15)",
             issued_on=date(2024, 9, 11))
    document(agency, number="15/2023/QH15", issuer="Quốc hội", doc_type="luat", summary="Luật Khám bệnh, chữa bệnh",
             issued_on=date(2023, 1, 9))
    results = search(query)
    assert results.documents[0].number == "15/2023/QH15"
    assert page(f"/tim-kiem/?q={query}").index("15/2023/QH15") < page(f"/tim-kiem/?q={query}").index("112/2024")


def test_an_official_is_found_by_name_without_diacritics_and_hidden_ones_are_not(agency):
    official(agency, full_name="Nguyễn Thị Hồng Đào", title="Giám đốc")
    hidden = official(agency, full_name="Nguyễn Thị Hồng Điệp", title="Chuyên viên")
    hidden.is_public = False
    hidden.save()
    official(agency, full_name="Nguyễn Thị Hồng Diễm", published=False)
    assert titles(search("nguyen thi hong dao")) == ["Nguyễn Thị Hồng Đào"]
    assert titles(search("nguyen thi hong")) == ["Nguyễn Thị Hồng Đào"]
    html = page("/so-thu-nghiem/tim-kiem/?q=hong+dao")
    assert "Nguyễn Thị Hồng Đào" in html and "Giám đốc, Ban Giám đốc" in html


def test_word_order_is_kept_in_the_ranking(agency):
    published_article(agency, title="Bệnh nhân được khám tại nhà")
    published_article(agency, title="Tổ chức khám bệnh miễn phí")
    assert titles(search("khám bệnh"))[0] == "Tổ chức khám bệnh miễn phí"


@pytest.mark.parametrize("query", ["kham benhh", "khámm bệnh", "khám bệnhh"])
def test_a_misspelt_word_is_corrected_to_a_word_of_an_indexed_title(agency, query):
    procedure(agency, name=KHAM)
    procedure(agency, name="Đăng ký khai sinh")
    results = search(query)
    # The lexicon's folded words are shown as the title found writes them.
    assert results.fuzzy and results.suggestion == "khám bệnh" and titles(results) == [KHAM]
    html = page(f"/tim-kiem/?q={query}")
    assert "Kết quả cho từ gần đúng “khám bệnh”" in html and KHAM in html and "Đăng ký khai sinh" not in html


def test_a_correction_is_shown_in_lower_case_as_written_and_never_as_markup(agency):
    procedure(agency, name="<b>HỘI NGHỊ</b> Tổng kết <script>alert(1)</script>")
    results = search("hoi nghii")
    assert results.suggestion == "hội nghị"
    html = page("/tim-kiem/?q=hoi+nghii")
    assert "Kết quả cho từ gần đúng “hội nghị”" in html and "<script>alert(1)" not in html


def test_the_last_word_is_a_word_start_only_when_the_words_as_typed_find_nothing(agency):
    procedure(agency, name="Đăng ký khai sinh cho trẻ em")
    procedure(agency, name="Đăng ký khai sinh và chọn quốc tịch")
    procedure(agency, name="Đăng ký kết hôn")
    assert titles(search("dang ky khai sinh cho")) == ["Đăng ký khai sinh cho trẻ em"]  # not "chọn"
    assert titles(search("đăng ký kết hô")) == ["Đăng ký kết hôn"]
    assert titles(search("chon quoc ti")) == ["Đăng ký khai sinh và chọn quốc tịch"]
    assert not search("chon quoc ti").fuzzy


def test_the_lexicon_holds_words_of_public_titles_only_and_a_correction_shows_only_public_rows(agency):
    from portal.models import SearchWord

    procedure(agency, name="Cấp phép khai thác khoáng sản", status=Status.DRAFT)
    procedure(agency, name="Khai thác thủy sản", status=Status.PUBLISHED)
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"khai", "thac", "thuy", "san"} <= words and not words & {"khoang", "cap", "phep"}
    assert titles(search("khai thac thuy sann")) == ["Khai thác thủy sản"]
    results = search("khai thac khoangg")  # close to no public word: nothing, rather than "khai thac"
    assert results.total == 0 and not results.fuzzy and not results.suggestion
    assert search("thuy sann xqzwv").total == 0
    rebuild_index()
    assert set(SearchWord.objects.values_list("word", flat=True)) == words


def test_every_section_is_searched(agency):
    from content.models import Functions, Introduction
    from ktxh_sync.models import Indicator, Report

    AgencyFactory(slug="vp-ubnd", kind="provincial_office", short_name="VP")
    when = timezone.now() - timedelta(days=1)
    basis = {"basis_type": "Quyết định", "basis_number": "12/2025/QĐ-UBND", "basis_date": date(2025, 1, 5),
             "basis_issuer": "UBND tỉnh", "status": Status.PUBLISHED, "published_at": when}
    Introduction.objects.create(agency=agency, title="Giới thiệu", body="<p>Quản lý nhà nước về xạ hiếm</p>", **basis)
    Functions.objects.create(agency=agency, title="Chức năng", body="<p>Tham mưu về dược liệu quý</p>", **basis)
    published_article(agency, title="Tin về hội chợ nông sản")
    Indicator.objects.create(code="IIP", name="Chỉ số sản xuất công nghiệp", unit="%", frequency="month")
    Report.objects.create(agency=agency, title="Báo cáo tình hình quý ba", frequency="quarter",
                          period=date(2026, 7, 1), status=Status.PUBLISHED, published_at=when)
    outgoing(agency, date(2026, 3, 16), code_number="459", code_notation="UBND-TTTH", summary="Về trang điều hành")
    week = published_week(agency)
    entry(week, content="Họp bàn về đê bao chống lũ")
    for query, kind in [("xa hiem", "gioi-thieu"), ("duoc lieu quy", "chuc-nang"), ("hoi cho nong san", "tin-tuc"),
                        ("IIP", "chi-tieu"), ("quy ba", "bao-cao"), ("459/UBND-TTTH", "cong-van"),
                        ("de bao chong lu", "lich")]:
        results = search(query)
        assert [d.kind for d in results.documents] == [kind], query
        assert Client().get(results.documents[0].url).status_code == 200, results.documents[0].url
    assert [f.key for f in search("ve").kinds]  # facets are listed


def test_facets_count_by_kind_and_agency_and_filter(agency, other_agency):
    procedure(agency, name="Cấp phép khám bệnh tại nhà")
    procedure(other_agency, name="Cấp phép khám bệnh lưu động")
    published_article(agency, title="Khám bệnh cho người nghèo")
    results = search("kham benh")
    assert {(f.key, f.count) for f in results.kinds} == {("thu-tuc", 2), ("tin-tuc", 1)}
    assert {(f.key, f.count) for f in results.agencies} == {("so-thu-nghiem", 2), ("so-khac", 1)}
    assert results.total == 3
    assert titles(search("kham benh", kind="tin-tuc")) == ["Khám bệnh cho người nghèo"]
    assert titles(search("kham benh", agency_slug="so-khac")) == ["Cấp phép khám bệnh lưu động"]
    html = page("/tim-kiem/?q=kham+benh&loai=thu-tuc&co_quan=so-khac")
    assert "lưu động" in html and "tại nhà" not in html and "người nghèo" not in html
    assert 'Thủ tục hành chính <span class="facet-count">(1)</span>' in html
    mine = page("/so-thu-nghiem/tim-kiem/?q=kham+benh")
    assert "lưu động" not in mine and "tại nhà" in mine


def test_inactive_agencies_are_not_searched(agency):
    old = AgencyFactory(slug="huyen-cu", is_active=False)
    procedure(old, name="Thủ tục của huyện cũ")
    assert search("huyen cu").total == 0


# --- what it never shows ------------------------------------------------------------------------
@pytest.mark.parametrize("state", ["draft", "pending", "returned", "unpublished", "scheduled"])
def test_unpublished_rows_of_every_kind_are_never_indexed(agency, state):
    later = timezone.now() + timedelta(days=2)
    status = Status.PUBLISHED if state == "scheduled" else getattr(Status, state.upper())
    extra = {"published_at": later} if state == "scheduled" else {}
    procedure(agency, name="Thủ tục bí mật nội bộ", status=status, **extra)
    legal = document(agency, number="99/2026/QĐ-BMNB", summary="Văn bản bí mật nội bộ", status=status)
    if state == "scheduled":
        legal.published_at = later
        legal.save()
        ArticleFactory(agency=agency, category=category_of(agency), title="Tin bí mật nội bộ",
                       status=Status.PUBLISHED, published_at=later)
    else:
        ArticleFactory(agency=agency, category=category_of(agency), title="Tin bí mật nội bộ", status=status)
    official(agency, full_name="Cán bộ Bí Mật Nội Bộ", published=False)
    week = draft_week(agency, status=status, **extra)
    entry(week, content="Lịch bí mật nội bộ")
    assert not SearchDocument.objects.exists()
    for path in ("/tim-kiem/?q=bi+mat+noi+bo", "/so-thu-nghiem/tim-kiem/?q=bi+mat+noi+bo",
                 "/tim-kiem/?q=99/2026"):
        assert "bí mật" not in page(path).lower().replace("bí mật nội bộ”", "")


def test_hidden_dispatch_details_and_far_schedule_weeks_are_not_indexed(agency):
    outgoing(agency, date(2026, 3, 16), summary="Công văn chỉ tính thống kê", publish_details=False)
    far = published_week(agency, iso=IsoWeek.current() + 3)
    entry(far, content="Lịch của ba tuần sau")
    past = published_week(agency, iso=IsoWeek.current() - 1)
    entry(past, content="Lịch của tuần trước")
    assert not SearchDocument.objects.exists()


def test_a_classified_dispatch_is_refused_at_the_door_and_never_searchable(agency):
    from dispatches.importers import apply_rows, dataset_rows, read_csv

    text = "Số, ký hiệu;Ngày tháng;Trích yếu;Độ mật\n2/UBND-M;16/03/2026;Kế hoạch tác chiến biên giới;Mật\n"
    assert not apply_rows(agency, dataset_rows(read_csv(text.encode()))).ok
    rebuild_index()
    assert search("tac chien").total == 0 and not SearchDocument.objects.exists()


def test_unpublishing_removes_from_the_index_and_publishing_adds(agency, approver):
    item = procedure(agency, name=KHAM)
    assert search("kham benh").total == 1
    apply_transition(item, "unpublish", approver)
    assert search("kham benh").total == 0 and "khám bệnh" not in page("/tim-kiem/?q=kham+benh").split("</form>")[-1]
    item.refresh_from_db()
    apply_transition(item, "publish", approver)
    assert search("kham benh").total == 1
    item.delete()
    assert not SearchDocument.objects.exists()


def test_hiding_a_unit_hides_its_officials(agency):
    person = official(agency, full_name="Lê Văn Tám")
    assert search("le van tam").total == 1
    unit = person.unit
    unit.status = Status.UNPUBLISHED
    unit.save()
    assert search("le van tam").total == 0


def test_periodic_update_catches_due_items_bulk_writes_and_expired_weeks(agency):
    start = timezone.now()
    article = published_article(agency, title="Tin hẹn giờ đăng", published_at=start + timedelta(minutes=5))
    many_procedures(agency, 3, prefix="Thủ tục hàng loạt")  # bulk_create: no signals
    assert search("hen gio").total == 0 and search("hang loat").total == 0
    counts = update_index(since=start - timedelta(minutes=1), now=start + timedelta(minutes=6))
    assert counts["tin-tuc"] == 1 and counts["thu-tuc"] == 3
    assert search("hen gio", now=start + timedelta(minutes=6)).total == 1
    assert article.pk and search("hang loat").total == 3
    week = published_week(agency)
    entry(week, content="Giao ban đầu tuần")
    assert search("giao ban dau tuan").total == 1
    after = timezone.now() + timedelta(days=15)
    assert search("giao ban dau tuan", now=after).total == 0  # never shown once its week is over
    update_index(since=after - timedelta(minutes=10), now=after)
    assert not SearchDocument.objects.filter(kind="lich").exists()


# --- bad and hostile input ----------------------------------------------------------------------
def test_bad_input_gets_a_vietnamese_message_and_no_error(agency):
    procedure(agency, name=KHAM)
    response = Client().get("/tim-kiem/", {"q": "x" * 500})
    assert response.status_code == 200
    assert "Từ khóa tìm kiếm quá dài: tối đa 200 ký tự." in response.content.decode()
    for params in ({"q": "kham", "loai": "khong-co"}, {"q": "kham", "page": "abc"}, {"q": "kham", "page": "99999"},
                   {"q": "' OR 1=1 --"}, {"q": "kham & | ! :* <->"}, {"q": "<script>alert(1)</script>"},
                   {"q": "%_%"}, {"q": ""}, {"co_quan": "../../admin"}):
        response = Client().get("/tim-kiem/", params)
        assert response.status_code == 200, params
        assert "<script>alert(1)" not in response.content.decode()
    assert search("%_%").total == 0 and search("' OR 1=1 --").total == 0


# --- what it costs ------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [5, 200])
@pytest.mark.parametrize("path, expected", [
    # counts by kind, counts by agency, one page; PostgreSQL counts the agencies in its sample of the matches
    ("/tim-kiem/?q=thu+tuc", {"sqlite": 3, "postgresql": 2}),
    ("/so-thu-nghiem/tim-kiem/?q=thu+tuc", 2),  # counts by kind, one page (the agency row: cached)
    ("/tim-kiem/?q=thu+tuc&loai=thu-tuc&co_quan=so-thu-nghiem&page=2", 3),
])
def test_query_count_is_flat(agency, other_agency, settings, size, path, expected, django_assert_num_queries):
    from django.db import connection

    expected = expected[connection.vendor] if isinstance(expected, dict) else expected
    settings.PORTAL_PAGE_CACHE = False
    many_procedures(agency, size)
    many_procedures(other_agency, 5)
    bulk_articles(agency, size)
    rebuild_index()
    client = Client()
    client.get(path)
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("size", [5, 200])
@pytest.mark.parametrize("path", ["/tim-kiem/?q=thu+tuc+soo", "/tim-kiem/?q=zzqx+wwvy"])
def test_a_search_that_finds_nothing_as_typed_costs_a_fixed_number_of_queries(
        agency, other_agency, settings, size, path, django_assert_num_queries):
    from django.db import connection

    settings.PORTAL_PAGE_CACHE = False
    many_procedures(agency, size)
    bulk_articles(other_agency, size)
    rebuild_index()
    client = Client()
    client.get(path)
    # as typed, the last word as a word start, the correction; then (something corrected) the search itself
    corrected = 3 if connection.vendor == "sqlite" else 2
    with django_assert_num_queries(3 + corrected if "soo" in path else 3):
        html = client.get(path).content.decode()
    assert ("Kết quả cho từ gần đúng “thủ tục số”" in html) == ("soo" in path)


# --- very common words (PostgreSQL): capped counts, exact number then newest first -----------------
@pytest.fixture
def broad_limits(monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the broad search is the PostgreSQL path; SQLite counts every match")
    import portal.search

    monkeypatch.setattr(portal.search, "BROAD_LIMIT", 4)
    monkeypatch.setattr(portal.search, "DENSE_SEEN", 2)
    return portal.search


def test_a_broad_search_caps_the_counts_and_shows_the_exact_number_then_the_newest(
        agency, other_agency, broad_limits, settings, django_assert_num_queries):
    settings.PORTAL_PAGE_CACHE = False
    start = timezone.now() - timedelta(days=30)
    for day in range(6):
        published_article(agency if day % 2 else other_agency, title=f"Triển khai Luật 15/2023/QH15 đợt {day}",
                          published_at=start + timedelta(days=day))
    document(agency, number="15/2023/QH15", issuer="Quốc hội", doc_type="luat", summary="Luật Khám bệnh, chữa bệnh",
             issued_on=date(2023, 1, 9))
    results = search("15/2023/QH15")
    assert results.broad and results.total == 4 and not results.fuzzy
    assert results.documents[0].number == "15/2023/QH15"
    assert titles(results)[1:4] == [f"Triển khai Luật 15/2023/QH15 đợt {day}" for day in (5, 4, 3)]
    assert {f.count for f in results.kinds} == {None} and {f.count for f in results.agencies} == {None}
    assert {f.key for f in results.agencies} >= {"so-thu-nghiem", "so-khac"}
    assert [d.agency.slug for d in results.documents[1:3]] == ["so-thu-nghiem", "so-khac"]
    assert titles(search("15/2023/QH15", kind="tin-tuc"))[0] == "Triển khai Luật 15/2023/QH15 đợt 5"
    assert all(d.agency.slug == "so-khac" for d in search("15/2023/QH15", agency_slug="so-khac").documents)
    client = Client()
    for path in ("/tim-kiem/?q=15/2023/QH15", "/so-thu-nghiem/tim-kiem/?q=15/2023/QH15",
                 "/tim-kiem/?q=15/2023/QH15&loai=tin-tuc&co_quan=so-khac&page=2"):
        client.get(path)
        # the sample, the agencies (the agency's own search: its row is cached), one page
        with django_assert_num_queries(2 if path.startswith("/so-thu-nghiem/") else 3):
            response = client.get(path)
        assert response.status_code == 200
    html = page("/tim-kiem/?q=15/2023/QH15")
    assert "Tìm thấy hơn 4 kết quả" in html and "facet-count" not in html
    assert '<option value="so-khac" lang="vi">' in html
    assert html.index("Luật Khám bệnh") < html.index("đợt 5") < html.index("đợt 4")


def test_a_broad_search_over_undated_rows_ranks_them_as_before(agency, broad_limits):
    procedure(agency, name="Đăng ký hộ kinh doanh")
    for n in range(6):
        procedure(agency, name=f"Kinh doanh của hộ gia đình mẫu {n}")
    results = search("ho kinh doanh")
    assert results.broad and len(results.documents) == 7
    assert titles(results)[0] == "Đăng ký hộ kinh doanh"  # the words in order in the title first
