"""Public pages of section 4: filters, folding, abolished and unpublished rows, downloads, SQL counts."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from portal.publishing import Status
from procedures.models import Level
from tests.procedures import factories as f
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


def list_url(agency, **params):
    from urllib.parse import urlencode

    url = agency.reverse("procedures:procedure_list")
    return f"{url}?{urlencode(params)}" if params else url


def names(response):
    return [p.name for p in response.context["procedures"]]


@pytest.fixture
def catalogue(agency):
    """Four published procedures spanning every filter, plus the rows that must never show."""
    civil = f.sector(agency, "HT", "Hộ tịch")
    cert = f.sector(agency, "CT", "Chứng thực")
    press = f.sector(agency, "XB", "Xuất bản, In và Phát hành")
    return {
        "birth": f.procedure(agency, "Đăng ký khai sinh", "1.001193", field=civil, level=Level.COMMUNE,
                             channels=[("truc-tiep", 0), ("truc-tuyen", 0)], applicants=["cong-dan"]),
        "copy": f.procedure(agency, "Chứng thực bản sao từ bản chính", "2.000815", field=cert, level=Level.COMMUNE,
                            channels=[("truc-tiep", 2)], applicants=["cong-dan", "to-chuc"]),
        "print": f.procedure(agency, "Cấp giấy phép hoạt động in", "1.004227", field=press, level=Level.PROVINCE,
                             channels=[("truc-tiep", 7), ("truc-tuyen", 7), ("buu-chinh", 7)],
                             applicants=["doanh-nghiep"]),
        "bulletin": f.procedure(agency, "Cấp phép xuất bản bản tin", "1.004250", field=press, level=Level.PROVINCE,
                                channels=[("truc-tiep", 10)], applicants=["to-chuc", "doanh-nghiep"]),
        "abolished": f.procedure(agency, "Đăng ký khai sinh lưu động (cũ)", "1.000001", field=civil,
                                 abolished_on=date(2025, 7, 1), abolition_decision="Quyết định số 1/QĐ-UBND"),
        "draft": f.procedure(agency, "Đăng ký khai sinh bản nháp", "1.000002", field=civil, status=Status.DRAFT),
        "pending": f.procedure(agency, "Đăng ký khai sinh chờ duyệt", "1.000003", field=civil,
                               status=Status.PENDING),
        "unpublished": f.procedure(agency, "Đăng ký khai sinh gỡ xuống", "1.000004", field=civil,
                                   status=Status.UNPUBLISHED, published_at=timezone.now() - timedelta(days=3)),
        "scheduled": f.procedure(agency, "Đăng ký khai sinh hẹn giờ", "1.000005", field=civil,
                                 published_at=timezone.now() + timedelta(days=2)),
    }


HIDDEN = ("bản nháp", "chờ duyệt", "gỡ xuống", "hẹn giờ")


# --- the list and its filters ----------------------------------------------------------------------
def test_list_shows_published_procedures_in_force_only(client, agency, catalogue):
    response = client.get(list_url(agency))
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(
        ["Đăng ký khai sinh", "Chứng thực bản sao từ bản chính", "Cấp giấy phép hoạt động in",
         "Cấp phép xuất bản bản tin"])
    assert "Tìm thấy <strong>4</strong> kết quả" in response.text
    for word in (*HIDDEN, "lưu động"):
        assert word not in response.text


@pytest.mark.parametrize("params, expected", [
    ({"q": "dang ky khai sinh"}, ["Đăng ký khai sinh"]),          # folding: no diacritics finds them
    ({"q": "ĐĂNG KÝ khai SINH"}, ["Đăng ký khai sinh"]),
    ({"q": "1.004227"}, ["Cấp giấy phép hoạt động in"]),          # by national code
    ({"q": "giay phep in"}, ["Cấp giấy phép hoạt động in"]),       # every word, any order of words
    ({"linh_vuc": "XB"}, ["Cấp giấy phép hoạt động in", "Cấp phép xuất bản bản tin"]),
    ({"cap": "xa"}, ["Chứng thực bản sao từ bản chính", "Đăng ký khai sinh"]),
    ({"cap": "tinh"}, ["Cấp giấy phép hoạt động in", "Cấp phép xuất bản bản tin"]),
    ({"doi_tuong": "to-chuc"}, ["Chứng thực bản sao từ bản chính", "Cấp phép xuất bản bản tin"]),
    ({"doi_tuong": "doanh-nghiep"}, ["Cấp giấy phép hoạt động in", "Cấp phép xuất bản bản tin"]),
    ({"truc_tuyen": "1"}, ["Cấp giấy phép hoạt động in", "Đăng ký khai sinh"]),
    ({"cap": "tinh", "truc_tuyen": "1"}, ["Cấp giấy phép hoạt động in"]),
    ({"linh_vuc": "XB", "doi_tuong": "to-chuc"}, ["Cấp phép xuất bản bản tin"]),
    ({"q": "cap", "linh_vuc": "XB", "cap": "tinh", "doi_tuong": "doanh-nghiep", "truc_tuyen": "1"},
     ["Cấp giấy phép hoạt động in"]),
    ({"cap": "xa", "linh_vuc": "XB"}, []),
])
def test_every_filter_and_their_combinations(client, agency, catalogue, params, expected):
    response = client.get(list_url(agency, **params))
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(expected)
    assert f"Tìm thấy <strong>{len(expected)}</strong> kết quả" in response.text


def test_sorting_by_time_limit_puts_same_day_first_and_nothing_last(client, agency, catalogue):
    f.procedure(agency, "Thủ tục chưa có bảng cách thức", channels=[])
    response = client.get(list_url(agency, sap_xep="thoi-han"))
    assert names(response) == ["Đăng ký khai sinh", "Chứng thực bản sao từ bản chính", "Cấp giấy phép hoạt động in",
                               "Cấp phép xuất bản bản tin", "Thủ tục chưa có bảng cách thức"]


def test_filters_are_a_get_form_with_shareable_links_to_remove_each(client, agency, catalogue):
    response = client.get(list_url(agency, cap="tinh", linh_vuc="XB"))
    html = response.text
    assert 'method="get"' in html and '<select name="cap"' in html and 'name="q"' in html
    # each active filter has a plain link that removes only it
    assert 'href="?linh_vuc=XB"' in html and 'href="?cap=tinh"' in html
    assert "Cấp thực hiện: Cấp tỉnh" in html and "Lĩnh vực: Xuất bản, In và Phát hành" in html


def test_field_filter_offers_only_fields_with_something_to_show(client, agency, catalogue):
    f.sector(agency, "RONG", "Lĩnh vực không có thủ tục")
    response = client.get(list_url(agency))
    assert "Lĩnh vực không có thủ tục" not in response.text
    assert '<option value="XB">Xuất bản, In và Phát hành</option>' in response.text


def test_invalid_filter_value_is_reported_and_ignored(client, agency, catalogue):
    response = client.get(list_url(agency, cap="huyen"))
    assert response.status_code == 200
    assert len(names(response)) == 4
    assert 'class="field-error"' in response.text


def test_list_is_paginated_and_keeps_filters(client, agency):
    f.many_procedures(agency, 45)
    response = client.get(list_url(agency, cap="tinh"))
    assert len(names(response)) == 20
    assert "?cap=tinh&amp;page=2" in response.text
    last = client.get(list_url(agency, cap="tinh", page=2))
    assert len(names(last)) == 2


def test_other_agencies_procedures_are_not_listed(client, agency, other_agency, catalogue):
    f.procedure(other_agency, "Thủ tục của sở khác")
    assert "sở khác" not in client.get(list_url(agency)).text


# --- abolished ----------------------------------------------------------------------------------
def test_abolished_procedure_is_only_in_the_abolished_list(client, agency, catalogue):
    abolished = client.get(agency.reverse("procedures:abolished_list"))
    assert names(abolished) == ["Đăng ký khai sinh lưu động (cũ)"]
    assert "01/07/2025" in abolished.text and "Quyết định số 1/QĐ-UBND" in abolished.text
    detail = client.get(catalogue["abolished"].get_absolute_url())
    assert detail.status_code == 200 and "Đã bãi bỏ" in detail.text
    # and the province search does not show it either
    assert "lưu động" not in client.get("/thu-tuc-hanh-chinh/?q=khai+sinh").text


def test_abolition_dated_in_the_future_has_not_happened_yet(client, agency, catalogue):
    soon = f.procedure(agency, "Thủ tục sắp bãi bỏ", abolished_on=timezone.localdate() + timedelta(days=5),
                       abolition_decision="Quyết định số 9/QĐ-UBND")
    assert "Thủ tục sắp bãi bỏ" in names(client.get(list_url(agency)))
    assert soon.is_abolished is False


# --- the procedure page --------------------------------------------------------------------------
def test_procedure_page_shows_every_part_in_the_national_order(client, agency, catalogue):
    proc = catalogue["print"]
    decree = f.document(agency)
    lapsed = f.document(agency, "60/2014/NĐ-CP", issued_on=date(2014, 6, 19), summary="Quy định về hoạt động in",
                        validity="het-mot-phan", lapsed_on=date(2018, 2, 28))
    hidden_doc = f.document(agency, "99/2099/NĐ-CP", status=Status.DRAFT, summary="Văn bản nháp")
    f.cite(proc, decree, "Điều 5")
    f.cite(proc, lapsed)
    f.cite(proc, hidden_doc)
    proc.legal_basis_text = "Luật Xuất bản số 19/2012/QH13"
    proc.conditions = "<p>Có mặt bằng sản xuất hợp pháp.</p>"
    proc.online_url = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html"
    proc.save()
    proc.related.add(catalogue["bulletin"], catalogue["draft"])
    form = f.form(proc, "Mẫu số 03: Đơn đề nghị cấp giấy phép hoạt động in")

    response = client.get(proc.get_absolute_url())
    html = response.text
    assert response.status_code == 200
    headings = ["Trình tự thực hiện", "Cách thức thực hiện", "Thành phần, số lượng hồ sơ", "Mẫu đơn, tờ khai",
                "Đối tượng thực hiện", "Cơ quan thực hiện", "Kết quả thực hiện", "Căn cứ pháp lý",
                "Yêu cầu, điều kiện thực hiện", "Thủ tục liên quan"]
    positions = [html.index(f">{h}</h2>") for h in headings]
    assert positions == sorted(positions)
    # the channel table, with headers for screen readers
    assert '<th scope="col">Thời hạn giải quyết</th>' in html
    assert '<th scope="row">Trực tiếp</th>' in html and '<th scope="row">Bưu chính</th>' in html
    assert html.index(">Trực tiếp</th>") < html.index(">Trực tuyến</th>") < html.index(">Bưu chính</th>")
    # forms as downloads with type and size
    assert form.title in html and "tệp DOCX" in html
    assert agency.reverse("procedures:form_download", pk=proc.pk, form_pk=form.pk) in html
    # legal basis: published documents linked, the lapsed one marked; free text kept
    assert decree.get_absolute_url() in html and "(Điều 5)" in html
    assert "hết hiệu lực một phần" in html
    assert "99/2099" not in html and "Luật Xuất bản số 19/2012/QH13" in html
    # related: published only
    assert "Cấp phép xuất bản bản tin" in html and "bản nháp" not in html
    assert "Cấp tỉnh" in html and "1.004227" in html and "Doanh nghiệp" in html
    assert 'name="DC.title" content="Cấp giấy phép hoạt động in"' in html


def test_print_view_has_the_content_without_navigation(client, agency, catalogue):
    proc = catalogue["print"]
    response = client.get(agency.reverse("procedures:procedure_print", pk=proc.pk))
    assert response.status_code == 200
    assert "Cách thức thực hiện" in response.text
    assert 'class="main-nav"' not in response.text
    assert agency.reverse("procedures:procedure_print", pk=proc.pk) in client.get(proc.get_absolute_url()).text


@pytest.mark.parametrize("key", ["draft", "pending", "unpublished", "scheduled"])
def test_unpublished_procedure_pages_answer_404(client, agency, catalogue, key):
    proc = catalogue[key]
    assert client.get(proc.get_absolute_url()).status_code == 404
    assert client.get(agency.reverse("procedures:procedure_print", pk=proc.pk)).status_code == 404


def test_another_agencys_procedure_is_404_under_this_agency(client, agency, other_agency):
    theirs = f.procedure(other_agency, "Của sở khác")
    assert client.get(agency.reverse("procedures:procedure_detail", pk=theirs.pk)).status_code == 404


# --- downloads ----------------------------------------------------------------------------------
def test_form_download_is_an_attachment_with_a_readable_name(client, agency, catalogue):
    form = f.form(catalogue["birth"], "Tờ khai đăng ký khai sinh")
    response = client.get(agency.reverse("procedures:form_download", pk=catalogue["birth"].pk, form_pk=form.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "to-khai-dang-ky-khai-sinh.docx" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")


@pytest.mark.parametrize("key", ["draft", "pending", "unpublished", "scheduled"])
def test_forms_of_unpublished_procedures_are_not_downloadable(client, agency, catalogue, key):
    form = f.form(catalogue[key])
    url = agency.reverse("procedures:form_download", pk=catalogue[key].pk, form_pk=form.pk)
    assert client.get(url).status_code == 404


def test_form_download_under_another_agency_is_404(client, agency, other_agency):
    theirs = f.procedure(other_agency, "Của sở khác")
    form = f.form(theirs)
    assert client.get(agency.reverse("procedures:form_download", pk=theirs.pk, form_pk=form.pk)).status_code == 404


# --- legal documents ---------------------------------------------------------------------------
@pytest.fixture
def documents(agency):
    return {
        "decree": f.document(agency, "63/2010/NĐ-CP", "Chính phủ", date(2010, 6, 8)),
        "circular": f.document(agency, "04/2020/TT-BTP", "Bộ Tư pháp", date(2020, 5, 28), doc_type="thong-tu",
                               summary="Hướng dẫn Luật Hộ tịch"),
        "decision": f.document(agency, "12/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Vĩnh Long", date(2025, 3, 2),
                               doc_type="quyet-dinh-ubnd", summary="Quy chế phối hợp",
                               validity="het-hieu-luc", lapsed_on=date(2025, 12, 31)),
        "draft": f.document(agency, "1/2026/QĐ-UBND", "Ủy ban nhân dân tỉnh Vĩnh Long", date(2026, 1, 2),
                            doc_type="quyet-dinh-ubnd", summary="Dự thảo chưa ban hành", status=Status.DRAFT),
    }


@pytest.mark.parametrize("params, expected", [
    ({}, ["12/2025/QĐ-UBND", "04/2020/TT-BTP", "63/2010/NĐ-CP"]),
    ({"loai": "thong-tu"}, ["04/2020/TT-BTP"]),
    ({"co_quan_ban_hanh": "Chính phủ"}, ["63/2010/NĐ-CP"]),
    ({"nam": "2025"}, ["12/2025/QĐ-UBND"]),
    ({"hieu_luc": "het-hieu-luc"}, ["12/2025/QĐ-UBND"]),
    ({"hieu_luc": "con-hieu-luc", "nam": "2020"}, ["04/2020/TT-BTP"]),
    ({"q": "ho tich"}, ["04/2020/TT-BTP"]),
    ({"q": "63/2010"}, ["63/2010/NĐ-CP"]),
])
def test_document_filters(client, agency, documents, params, expected):
    from urllib.parse import urlencode

    response = client.get(agency.reverse("procedures:document_list") + "?" + urlencode(params))
    assert [d.number for d in response.context["documents"]] == expected
    assert "Dự thảo" not in response.text


def test_document_filter_choices_are_the_values_present(client, agency, documents):
    html = client.get(agency.reverse("procedures:document_list")).text
    assert '<option value="2025">2025</option>' in html and '<option value="2026">' not in html
    assert '<option value="nghi-dinh">Nghị định</option>' in html and 'value="luat"' not in html


def test_document_page_and_its_file(client, agency, documents):
    from django.core.files.base import ContentFile

    from procedures.samples import docx_bytes

    doc = documents["decree"]
    doc.file.save("nd-63.docx", ContentFile(docx_bytes("Nghị định 63")))
    proc = f.procedure(agency, "Thủ tục căn cứ nghị định")
    f.cite(proc, doc)
    html = client.get(doc.get_absolute_url()).text
    assert "Nghị định số 63/2010/NĐ-CP" in html and "08/06/2010" in html and "Thủ tục căn cứ nghị định" in html
    response = client.get(agency.reverse("procedures:document_download", pk=doc.pk))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_unpublished_document_is_off_every_output(client, agency, documents):
    draft = documents["draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(agency.reverse("procedures:document_download", pk=draft.pk)).status_code == 404
    assert "1/2026" not in client.get(agency.reverse("procedures:document_list")).text
    assert draft.get_absolute_url() not in sitemap_text(client)


# --- province-wide search -------------------------------------------------------------------------
def test_province_search_spans_agencies_and_filters_by_agency(client, agency, other_agency, catalogue):
    f.procedure(other_agency, "Đăng ký kết hôn", "1.000894", field=f.sector(other_agency, "KH", "Hộ tịch, kết hôn"))
    response = client.get("/thu-tuc-hanh-chinh/?q=dang+ky")
    assert sorted(names(response)) == ["Đăng ký khai sinh", "Đăng ký kết hôn"]
    assert "Sở Khác" in response.text
    assert names(client.get(f"/thu-tuc-hanh-chinh/?q=dang+ky&co_quan={other_agency.slug}")) == ["Đăng ký kết hôn"]
    # fields are matched by name across agencies
    assert sorted(names(client.get("/thu-tuc-hanh-chinh/?linh_vuc=Hộ+tịch"))) == ["Đăng ký khai sinh"]
    for word in HIDDEN:
        assert word not in client.get("/thu-tuc-hanh-chinh/?q=khai+sinh").text


def test_province_search_leaves_out_inactive_agencies(client, agency, other_agency):
    f.procedure(other_agency, "Thủ tục của cơ quan đã giải thể")
    other_agency.is_active = False
    other_agency.save()
    assert "giải thể" not in client.get("/thu-tuc-hanh-chinh/").text


# --- sitemap and the agency home ------------------------------------------------------------------
def test_sitemap_lists_published_procedures_and_documents_only(client, agency, catalogue, documents):
    xml = sitemap_text(client)
    assert catalogue["print"].get_absolute_url() in xml
    assert catalogue["abolished"].get_absolute_url() in xml  # abolished pages stay reachable
    assert documents["decree"].get_absolute_url() in xml
    for key in ("draft", "pending", "unpublished", "scheduled"):
        assert f"/thu-tuc-hanh-chinh/{catalogue[key].pk}/<" not in xml
    assert f"/van-ban/{documents['draft'].pk}/<" not in xml


def test_agency_home_block_counts_published_procedures(client, agency, catalogue, documents):
    html = client.get(agency.reverse("agency_home")).text
    assert "4 thủ tục đang áp dụng" in html and "2 thủ tục nộp được trực tuyến" in html
    assert "3 văn bản pháp luật" in html


def test_public_pages_are_cached_and_turn_over_on_change(client, agency, catalogue):
    url = list_url(agency)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    catalogue["draft"].status = Status.PUBLISHED
    catalogue["draft"].published_at = timezone.now() - timedelta(minutes=1)
    catalogue["draft"].save()
    response = client.get(url)
    assert "X-Page-Cache" not in response and "Đăng ký khai sinh bản nháp" in response.text


# --- constant SQL -------------------------------------------------------------------------------
def _count(django_assert_num_queries, expected, url):
    cache.clear()
    with django_assert_num_queries(expected):
        response = Client().get(url)
    assert response.status_code == 200
    return response


# With an empty cache: the agency host map (then cached by the middleware), the agency, the province
# (then cached), and the page's own queries.
LIST_QUERIES = 6  # + field (or type/issuer/year) choices, count, page
DETAIL_QUERIES = 8  # + procedure, channels, legal basis, related, forms
SEARCH_QUERIES = 7  # + version sum, agency choices, field choices, count, page (no agency lookup)


@pytest.mark.parametrize("size", [10, 1000])
def test_list_with_filters_costs_the_same_queries_at_any_size(django_assert_num_queries, agency, size):
    procs = f.many_procedures(agency, size)
    url = list_url(agency, q="thu tuc", cap="xa", doi_tuong="cong-dan", linh_vuc="HT", truc_tuyen="1",
                   sap_xep="thoi-han")
    response = _count(django_assert_num_queries, LIST_QUERIES, url)
    assert response.context["page_obj"].paginator.count > 0
    _count(django_assert_num_queries, LIST_QUERIES, list_url(agency))
    assert len(procs) == size


@pytest.mark.parametrize("size", [10, 1000])
def test_detail_costs_the_same_queries_at_any_size(django_assert_num_queries, agency, size):
    procs = f.many_procedures(agency, size)
    proc = procs[size // 2]
    for n in range(3):
        f.cite(proc, f.document(agency, f"{n}/2020/NĐ-CP"))
        f.form(proc, f"Mẫu số {n}")
    proc.related.add(*procs[:5])
    _count(django_assert_num_queries, DETAIL_QUERIES, proc.get_absolute_url())


@pytest.mark.parametrize("size", [10, 1000])
def test_province_search_costs_the_same_queries_at_any_size(django_assert_num_queries, agency, other_agency, size):
    f.many_procedures(agency, size)
    f.many_procedures(other_agency, size, prefix="Thủ tục khác")
    response = _count(django_assert_num_queries, SEARCH_QUERIES, "/thu-tuc-hanh-chinh/?q=thu+tuc&cap=xa&truc_tuyen=1")
    assert response.context["page_obj"].paginator.count > 0


@pytest.mark.parametrize("size", [10, 1000])
def test_document_list_costs_the_same_queries_at_any_size(django_assert_num_queries, agency, size):
    from procedures.models import LegalDocument

    when = timezone.now() - timedelta(days=1)
    LegalDocument.objects.bulk_create([
        LegalDocument(agency=agency, doc_type="quyet-dinh-ubnd", number=f"{i}/QĐ-UBND", issuer="UBND tỉnh",
                      issued_on=date(2020 + i % 5, 1, 1), year=2020 + i % 5, summary=f"Văn bản {i}",
                      status=Status.PUBLISHED, published_at=when) for i in range(size)])
    _count(django_assert_num_queries, LIST_QUERIES, agency.reverse("procedures:document_list") + "?nam=2021&q=van")


def test_province_home_offers_the_procedure_search(client, agency, catalogue):
    html = client.get("/").text
    assert 'action="/thu-tuc-hanh-chinh/"' in html and "Tìm trong 4 thủ tục đang áp dụng của 1 cơ quan" in html
