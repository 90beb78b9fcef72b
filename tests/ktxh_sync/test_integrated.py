"""Section 7 for every agency: the province's figures integrated on the pages of agencies that hold
none of their own (communes, most departments), by their field; the API summary; the review."""

from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from agencies.models import Agency
from compliance.review import review_agencies
from compliance.rules import State
from ktxh_sync.models import IntegratedGroup, Observation
from tests.factories import AgencyFactory

from .test_views import add_series, count_queries, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(db):
    return AgencyFactory(slug="xa-thu", name="UBND xã Thử", short_name="Xã Thử", kind=Agency.Kind.COMMUNE)


@pytest.fixture
def province_figures(province, catalogue):
    add_series(province, catalogue["BLHH"], 3, start_value=15000)  # main, trade
    add_series(province, catalogue["NK"], 3, start_value=700)  # not main, trade
    add_series(province, catalogue["HO_NGHEO"], 2, start_value=3)  # not main, society
    return province


def test_commune_without_indicators_shows_the_province_main_figures(client, commune, province_figures, catalogue):
    province = province_figures
    html = client.get(url(commune, "dashboard")).content.decode()
    assert "Cơ quan chưa đăng số liệu" not in html
    assert "Tích hợp từ hệ thống thông tin tổng hợp kinh tế - xã hội của tỉnh" in html and province.name in html
    assert catalogue["BLHH"].name in html and "15.002" in html
    assert url(province, "indicator_detail", code="BLHH") in html  # the series lives on the province's page
    assert catalogue["NK"].name not in html and catalogue["HO_NGHEO"].name not in html  # not main, not its field


def test_department_shows_the_province_figures_of_its_field_above_the_main_ones(client, agency, province_figures,
                                                                                 catalogue):
    IntegratedGroup.objects.create(agency=agency, group="thuong-mai")
    add_series(province_figures, catalogue["IIP"], 2)  # main, industry
    html = client.get(url(agency, "dashboard")).content.decode()
    assert catalogue["NK"].name in html and catalogue["BLHH"].name in html
    field_at, main_at = html.index(catalogue["NK"].name), html.index("Các chỉ tiêu chủ yếu của tỉnh")
    assert field_at < main_at < html.index(catalogue["IIP"].name)
    assert catalogue["HO_NGHEO"].name not in html


def test_own_figures_stay_the_agencys_own(client, agency, province_figures, catalogue):
    add_series(agency, catalogue["BLHH"], 2, start_value=500)
    html = client.get(url(agency, "dashboard")).content.decode()
    assert "501" in html and "15.002" not in html  # its own retail figures, not the province's
    assert "Cơ quan chưa đăng số liệu" not in html


def test_figures_not_public_stay_off(client, commune, agency, province_figures, catalogue):
    add_series(agency, catalogue["XK"], 2)  # a department's own figures are not the province's
    add_series(province_figures, catalogue["CPI"], 2)
    catalogue["CPI"].is_active = False  # an indicator out of use shows nowhere
    catalogue["CPI"].save()
    html = client.get(url(commune, "dashboard")).content.decode()
    assert catalogue["BLHH"].name in html
    assert catalogue["CPI"].name not in html and catalogue["XK"].name not in html
    province_figures.is_active = False  # an inactive provincial office integrates nothing
    province_figures.save()
    html = client.get(url(commune, "dashboard")).content.decode()
    assert "Cơ quan chưa đăng số liệu" in html and catalogue["BLHH"].name not in html


def test_province_office_page_integrates_nothing(client, province_figures):
    html = client.get(url(province_figures, "dashboard")).content.decode()
    assert "Tích hợp từ hệ thống thông tin tổng hợp" not in html


def test_a_change_of_the_province_figures_turns_over_every_agencys_page(client, commune, province_figures):
    assert "15.002" in client.get(url(commune, "dashboard")).content.decode()
    latest = Observation.objects.filter(agency=province_figures, indicator__code="BLHH").order_by("-period").first()
    latest.value = 16789
    latest.save()
    assert "16.789" in client.get(url(commune, "dashboard")).content.decode()
    IntegratedGroup.objects.create(agency=commune, group="xa-hoi")
    assert "Tỷ lệ hộ nghèo đa chiều" in client.get(url(commune, "dashboard")).content.decode()


def test_integrated_page_sql_count_is_flat(client, commune, province, catalogue):
    IntegratedGroup.objects.create(agency=commune, group="thuong-mai")
    add_series(province, catalogue["BLHH"], 2)
    small = count_queries(client, url(commune, "dashboard"))
    for code in ("IIP", "XK", "NK", "CPI", "VDT", "THU_NS", "GN_DTC", "KHACH_DL"):
        add_series(province, catalogue[code], 24)
    cache.clear()
    assert count_queries(client, url(commune, "dashboard")) == small


def test_api_summary_includes_the_integrated_figures(client, commune, province_figures):
    part = client.get(f"/api/v1/agencies/{commune.slug}/summary").json()["parts"]["7_ktxh"]
    assert part["integrated_from"] == province_figures.slug
    assert [f["indicator"] for f in part["integrated_figures"]] == ["BLHH"]
    assert part["main_figures"] == []


def _ktxh_cell(agency, now):
    return next(cell for cell in review_agencies([agency], now).rows[0].cells if cell.section.key == "ktxh")


def test_review_counts_integrated_section_7_as_filled_while_the_province_figures_are_fresh(commune, province,
                                                                                          catalogue):
    add_series(province, catalogue["BLHH"], 3, end=date(2026, 11, 1))
    fresh = _ktxh_cell(commune, timezone.make_aware(timezone.datetime(2026, 12, 5, 9)))
    assert fresh.state == State.MET and fresh.reason.startswith("Tích hợp số liệu KT-XH của tỉnh")
    stale = _ktxh_cell(commune, timezone.make_aware(timezone.datetime(2027, 3, 25, 9)))
    assert stale.state == State.OVERDUE and stale.reason.startswith("Tích hợp số liệu KT-XH của tỉnh")
