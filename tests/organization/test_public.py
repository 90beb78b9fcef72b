"""Section 2 public pages: the chart, headcount, directory, downloads, vCard and the English page."""

import csv
import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from organization.models import Official, OrgUnit
from portal.publishing import apply_transition
from portal.sections import get_section
from tests.organization.test_factories import make_official, make_structure, make_unit
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db

ORG = "/so-thu-nghiem/co-cau-to-chuc/"
DIRECTORY = ORG + "danh-ba/"
ENGLISH = ORG + "en/"


@pytest.fixture
def structure(agency):
    return make_structure(agency, officials=20)


def text(response):
    return response.content.decode()


def test_organization_page_shows_chart_leaders_contacts_and_headcount(client, agency, structure):
    units, people = structure
    agency.address_en = "1 Test Street, Vinh Long Province"
    agency.save()
    people[2].is_contact_officer = True
    people[2].save()
    response = client.get(ORG)
    assert response.status_code == 200
    body = text(response)
    for unit in units:
        assert unit.name in body
    assert 'class="org-tree"' in body and "Tổ Kế toán" in body
    assert f'href="{DIRECTORY}#don-vi-{units[1].pk}"' in body  # each unit links to its part of the directory
    assert "Trần Văn Giám" in body and "Lãnh đạo cơ quan" in body
    assert "Đầu mối cung cấp thông tin" in body and people[2].full_name in body
    assert '<th scope="col" class="num">Chuyên viên và tương đương</th>' in body
    assert f"<strong>{len(people)}</strong>" in body  # the total, computed from the data


def test_the_headcount_table_adds_up(client, agency, structure):
    body = text(client.get(ORG))
    footer = body.split("<tfoot>")[1].split("</tfoot>")[0]
    assert footer.count('<td class="num">') == 6
    assert f"<strong>{20}</strong>" in footer


def test_directory_groups_people_by_unit_in_chart_order(client, agency, structure):
    units, people = structure
    body = text(client.get(DIRECTORY))
    positions = [body.index(f'id="don-vi-{unit.pk}"') for unit in units]
    assert positions == sorted(positions)
    assert 'href="mailto:giam@so-thu.gov.vn"' in body
    assert 'href="mailto:vanphong@so-thu.gov.vn"' in body  # the unit's own e-mail
    assert 'href="tel:02703800000"' in body
    assert f'{ORG}can-bo/{people[0].pk}.vcf' in body
    assert '<th scope="row">Trần Văn Giám</th>' in body


@pytest.mark.parametrize("query", ["tran van giam", "TRẦN VĂN", "giam doc", "ke hoach tai chinh"])
def test_directory_search_folds_diacritics(client, agency, structure, query):
    body = text(client.get(DIRECTORY, {"q": query}))
    if "ke hoach" in query:
        assert "Phòng Kế hoạch – Tài chính" in body and "Trần Văn Giám" not in body
    else:
        assert "Trần Văn Giám" in body
        assert "Người Mẫu Số 001" not in body


def test_directory_search_without_match_says_so(client, agency, structure):
    body = text(client.get(DIRECTORY, {"q": "khong co ai"}))
    assert "Không tìm thấy cán bộ nào phù hợp." in body


def test_hidden_draft_and_unpublished_people_are_off_every_public_output(client, agency, structure):
    units, _people = structure
    hidden = make_official(units[1], "Người Ẩn Danh", "Chuyên viên", email="an@so-thu.gov.vn", is_public=False)
    draft = make_official(units[1], "Người Nháp", "Chuyên viên", email="nhap@so-thu.gov.vn", is_published=False)
    gone = make_official(units[1], "Người Đã Gỡ", "Chuyên viên", email="go@so-thu.gov.vn")
    apply_transition(gone, "unpublish", None)
    secret_unit = make_unit(agency, "Phòng Chưa Công Bố", OrgUnit.Kind.DIVISION, is_published=False)
    in_secret = make_official(secret_unit, "Người Trong Phòng Nháp", "Trưởng phòng", email="pn@so-thu.gov.vn")
    below_secret = make_unit(agency, "Tổ Dưới Phòng Nháp", OrgUnit.Kind.OTHER, parent=secret_unit)
    outputs = [
        client.get(ORG), client.get(ENGLISH), client.get(DIRECTORY), client.get(DIRECTORY, {"q": "nguoi"}),
        client.get(ORG + "danh-ba.csv"),
    ]
    workbook = load_workbook(io.BytesIO(client.get(ORG + "danh-ba.xlsx").content))
    xlsx_text = " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row)
    for person in (hidden, draft, gone, in_secret):
        for response in outputs:
            assert person.full_name not in text(response)
            assert person.email not in text(response)
        assert person.full_name not in xlsx_text
        assert client.get(f"{ORG}can-bo/{person.pk}.vcf").status_code == 404
    for response in outputs:
        assert secret_unit.name not in text(response)
        assert below_secret.name not in text(response)  # a unit under an unpublished one is hidden too
    assert hidden.full_name not in sitemap_text(client)


def test_a_scheduled_official_appears_only_when_due(client, agency, structure):
    units, _people = structure
    later = make_official(units[1], "Người Hẹn Giờ", "Chuyên viên")
    later.published_at = timezone.now() + timezone.timedelta(hours=2)
    later.save()
    assert "Người Hẹn Giờ" not in text(client.get(DIRECTORY))


def test_the_csv_download_is_the_whole_public_directory(client, agency, structure):
    units, people = structure
    response = client.get(ORG + "danh-ba.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="danh-ba-so-thu-nghiem.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Đơn vị", "Họ và tên", "Chức vụ", "Thư điện tử", "Điện thoại", "Thư điện tử của đơn vị",
                       "Điện thoại của đơn vị"]
    assert len(rows) == 1 + len(people)
    assert rows[1][:3] == ["Ban Giám đốc", "Trần Văn Giám", "Giám đốc"]


def test_the_xlsx_download_opens_in_a_spreadsheet(client, agency, structure):
    response = client.get(ORG + "danh-ba.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên" and len(rows) == 21


def test_an_unknown_download_format_is_404(client, agency, structure):
    assert client.get(ORG + "danh-ba.pdf").status_code == 404


def test_vcard_of_an_official(client, agency, structure):
    units, _people = structure
    person = make_official(units[1], "Lê Thị Hồng; Nhung, B", "Phó Chánh Văn phòng", email="hong@so-thu.gov.vn",
                           phone="0270 3800 999")
    response = client.get(f"{ORG}can-bo/{person.pk}.vcf")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    card = response.content.decode()
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "FN:Lê Thị Hồng\\; Nhung\\, B\r\n" in card  # RFC text escaping
    assert "N:Lê;Thị Hồng\\; Nhung\\, B;;;\r\n" in card
    assert "TITLE:Phó Chánh Văn phòng\r\n" in card
    assert "ORG:Sở Thử nghiệm tỉnh Vĩnh Long;Văn phòng\r\n" in card
    assert "EMAIL;TYPE=INTERNET:hong@so-thu.gov.vn\r\n" in card
    assert "TEL;TYPE=WORK:0270 3800 999\r\n" in card
    assert card.endswith("END:VCARD\r\n")


def test_vcard_of_another_agencys_official_is_404(client, agency, other_agency, structure):
    foreign = make_official(make_unit(other_agency, "Văn phòng"), "Người Sở Khác", "Chuyên viên")
    assert client.get(f"{ORG}can-bo/{foreign.pk}.vcf").status_code == 404


def test_english_page_uses_english_names_and_titles(client, agency, structure):
    units, people = structure
    agency.name_en = "Department of Testing"
    agency.address_en = "1 Test Street, Vinh Long Province"
    agency.save()
    people[1].is_contact_officer = True
    people[1].save()
    OrgUnit.objects.filter(pk=units[0].pk).update(name_en="Board of Directors")
    response = client.get(ENGLISH)
    body = text(response)
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in body
    assert "Organization and contacts" in body and "Department of Testing" in body
    assert "1 Test Street, Vinh Long Province" in body
    assert "Board of Directors" in body and "Director" in body
    assert '<span lang="vi">Văn phòng</span>' in body  # no English name: marked as Vietnamese
    assert "Contact officer for information requests" in body and "Deputy Director" in body
    assert 'hreflang="vi"' in body


def test_pages_work_on_an_agency_without_any_organization(client, agency):
    assert "Chưa có thông tin về cơ cấu tổ chức." in text(client.get(ORG))
    assert "Chưa có danh bạ cán bộ." in text(client.get(DIRECTORY))
    assert client.get(ENGLISH).status_code == 200


def test_pages_turn_over_when_the_data_changes(client, agency, structure):
    units, people = structure
    assert "Người Mới Đến" not in text(client.get(DIRECTORY))
    make_official(units[1], "Người Mới Đến", "Chuyên viên")
    assert "Người Mới Đến" in text(client.get(DIRECTORY))
    assert "X-Page-Cache" not in client.get(ORG)  # first visit after the change renders
    assert client.get(ORG)["X-Page-Cache"] == "hit"


def test_section_two_is_registered_and_summarized(agency, other_agency, structure):
    section = get_section("organization")
    assert section.number == 2 and str(section.title) == "Bộ máy tổ chức"
    assert agency.reverse(section.url_name) == ORG
    summary = section.summarize([agency.pk, other_agency.pk], timezone.now())
    assert summary[agency.pk].extra == {"units": 5, "officials": 20}
    assert summary[agency.pk].last_updated is not None
    assert other_agency.pk not in summary


def test_agency_home_shows_the_section_block(client, agency, structure):
    body = text(client.get("/so-thu-nghiem/"))
    assert "5 đơn vị · 20 cán bộ" in body


def _count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", [ORG, DIRECTORY, DIRECTORY + "?q=nguoi", ENGLISH, ORG + "danh-ba.csv"])
def test_the_query_count_does_not_grow_with_the_data(client, agency, path, django_assert_num_queries):
    make_structure(agency, officials=20)
    person = make_official(OrgUnit.objects.get(name="Văn phòng"), "Đầu Mối", "Phó Chánh Văn phòng")
    Official.objects.filter(pk=person.pk).update(is_contact_officer=True)
    small = _count_queries(client, path)
    units = list(OrgUnit.objects.for_agency(agency))
    for i in range(480):
        make_official(units[i % len(units)], f"Cán Bộ Thêm {i:03d}", "Chuyên viên", email=f"them{i}@so.vn")
    cache.clear()
    with django_assert_num_queries(small):
        assert client.get(path).status_code == 200


def test_sitemap_lists_the_directory_and_english_page_of_agencies_with_published_units(client, agency,
                                                                                         other_agency, structure):
    make_unit(other_agency, "Phòng Nháp", is_published=False)
    body = sitemap_text(client)
    assert f"{DIRECTORY}</loc>" in body and f"{ENGLISH}</loc>" in body
    assert "/so-khac/co-cau-to-chuc/danh-ba/" not in body
