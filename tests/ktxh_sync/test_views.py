"""Public pages: dashboard, indicator page, CSV, reports, province page and home block, sitemap."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ktxh_sync.models import Indicator, Observation, Report, Source
from ktxh_sync.sync import run_source
from portal import periods
from portal.publishing import Status
from tests.factories import AgencyFactory
from tests.sitemaps import sitemap_text

NOW = timezone.now()


def add_series(agency, indicator, count, end=None, start_value=100):
    end = end or periods.current(indicator.frequency, date(2026, 11, 1))
    days = periods.last_n(indicator.frequency, end, count)
    Observation.objects.bulk_create([
        Observation(agency=agency, indicator=indicator, period=day, value=Decimal(start_value + i),
                    cumulative_value=Decimal(start_value * 2 + i), is_estimate=(i == count - 1),
                    source_name="Nguồn thử", fetched_at=NOW)
        for i, day in enumerate(days)])


def report(agency, title="Báo cáo tháng 10/2026", status=Status.PUBLISHED, published_at=None, **extra):
    return Report.objects.create(agency=agency, title=title, frequency="month", period=date(2026, 10, 1),
                                 summary="Tóm tắt báo cáo.", status=status,
                                 published_at=published_at or NOW - timedelta(days=1), **extra)


def url(agency, name, **kwargs):
    return agency.reverse(f"ktxh_sync:{name}", **kwargs)


def count_queries(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_dashboard_cards_table_reports_and_sync_state(client, agency, monthly_source):
    assert run_source(monthly_source).status == "ok"
    report(agency)
    response = client.get(url(agency, "dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    retail = Observation.objects.get(agency=agency, indicator__code="BLHH", period=date(2026, 11, 1))
    shown = f"{int(retail.value):,}".replace(",", ".")
    assert shown in html and "Tháng 11/2026" in html and "Ước tính" in html
    assert "so với cùng kỳ" in html and ("xu hướng tốt" in html or "xu hướng chưa tốt" in html)
    assert "Số liệu được cập nhật thành công lần cuối lúc" in html
    assert "Báo cáo tháng 10/2026" in html
    assert 'scope="col"' in html and 'scope="row"' in html and 'scope="rowgroup"' in html
    assert "style=" not in html and "<script" not in html


def test_failed_sync_is_said_on_the_page_with_the_last_good_time(client, agency, monthly_source, settings, tmp_path):
    run_source(monthly_source)
    settings.KTXH_SYNC_FILE_ROOTS = [tmp_path]
    monthly_source.url = (tmp_path / "missing.json").as_uri()
    monthly_source.save()
    assert run_source(monthly_source).status == "failed"
    html = client.get(url(agency, "dashboard")).content.decode()
    assert "không thành công" in html and "Số liệu được cập nhật thành công lần cuối lúc" in html
    assert "missing.json" not in html  # the error's details stay in the admin
    assert "108" in html or "Tháng 11/2026" in html  # the old figures are still shown


def test_indicator_page_chart_table_csv_and_method(client, agency, catalogue):
    add_series(agency, catalogue["XK"], 30)
    response = client.get(url(agency, "indicator_detail", code="XK"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="ktxh-chart' in html and 'role="img"' in html
    assert html.count('<th scope="row">Tháng') == 30  # the table has every period, the chart the last 24
    assert "24 kỳ gần nhất" in html and "Trị giá xuất khẩu theo giá FOB" in html and "Nguồn thử" in html
    assert "cổng tự tính" in html  # change against last year computed from the series
    csv = client.get(url(agency, "indicator_csv", code="XK"))
    assert csv["Content-Type"].startswith("text/csv") and "attachment" in csv["Content-Disposition"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("ma_chi_tieu,ten_chi_tieu,don_vi,ky") and len(lines) == 31
    assert lines[1].startswith("XK,Kim ngạch xuất khẩu hàng hóa,triệu USD,2026-11,Tháng 11/2026,129,")


def test_change_given_by_the_source_wins_and_direction_sets_the_verdict(client, agency, catalogue):
    poverty = catalogue["HO_NGHEO"]  # down is good, compared in percentage points
    Observation.objects.create(agency=agency, indicator=poverty, period=date(2024, 1, 1), value=Decimal("2.45"),
                               fetched_at=NOW)
    Observation.objects.create(agency=agency, indicator=poverty, period=date(2025, 1, 1), value=Decimal("1.86"),
                               fetched_at=NOW)
    html = client.get(url(agency, "indicator_detail", code="HO_NGHEO")).content.decode()
    assert "Giảm 0,59 điểm % so với cùng kỳ" in html and "xu hướng tốt" in html
    Observation.objects.filter(period=date(2025, 1, 1)).update(change_yoy=Decimal("0.5"))
    cache.clear()
    html = client.get(url(agency, "indicator_detail", code="HO_NGHEO")).content.decode()
    assert "Tăng 0,50 điểm % so với cùng kỳ" in html and "xu hướng chưa tốt" in html


def test_inactive_indicator_is_off_every_public_output(client, agency, catalogue):
    add_series(agency, catalogue["XK"], 3)
    add_series(agency, catalogue["NK"], 3)
    Indicator.objects.filter(code="NK").update(is_active=False)
    dashboard = client.get(url(agency, "dashboard")).content.decode()
    assert "Kim ngạch xuất khẩu" in dashboard and "Kim ngạch nhập khẩu" not in dashboard
    assert client.get(url(agency, "indicator_detail", code="NK")).status_code == 404
    assert client.get(url(agency, "indicator_csv", code="NK")).status_code == 404
    sitemap = sitemap_text(client)
    assert "/chi-tieu/XK/" in sitemap and "/chi-tieu/NK/" not in sitemap


def test_indicator_of_another_agency_is_not_shown_here(client, agency, other_agency, catalogue):
    add_series(other_agency, catalogue["XK"], 3)
    assert client.get(url(agency, "indicator_detail", code="XK")).status_code == 404
    assert "Kim ngạch xuất khẩu" not in client.get(url(agency, "dashboard")).content.decode()


def test_unpublished_and_scheduled_reports_are_off_every_public_output(client, agency, other_agency):
    public = report(agency, "Báo cáo đã đăng")
    draft = report(agency, "Báo cáo nháp", status=Status.DRAFT, published_at=None)
    pending = report(agency, "Báo cáo chờ duyệt", status=Status.PENDING)
    scheduled = report(agency, "Báo cáo hẹn giờ", published_at=NOW + timedelta(days=2))
    foreign = report(other_agency, "Báo cáo cơ quan khác")
    pages = [client.get(url(agency, "dashboard")), client.get(url(agency, "report_list")),
             client.get(url(agency, "report_list") + "?q=bao+cao")]
    text = " ".join(p.content.decode() for p in pages) + sitemap_text(client)
    assert "Báo cáo đã đăng" in text
    for hidden in ("Báo cáo nháp", "Báo cáo chờ duyệt", "Báo cáo hẹn giờ", "Báo cáo cơ quan khác"):
        assert hidden not in text
    assert client.get(url(agency, "report_detail", pk=public.pk)).status_code == 200
    for hidden in (draft, pending, scheduled):
        assert client.get(url(agency, "report_detail", pk=hidden.pk)).status_code == 404
    assert client.get(url(agency, "report_detail", pk=foreign.pk)).status_code == 404


def test_report_list_filters_and_search_folds_diacritics(client, agency):
    report(agency, "Báo cáo tình hình kinh tế tháng 10")
    Report.objects.create(agency=agency, title="Báo cáo năm 2025", frequency="year", period=date(2025, 1, 1),
                          status=Status.PUBLISHED, published_at=NOW - timedelta(days=5))
    html = client.get(url(agency, "report_list") + "?q=tinh+hinh").content.decode()
    assert "tháng 10" in html and "năm 2025" not in html
    html = client.get(url(agency, "report_list") + "?frequency=year").content.decode()
    assert "năm 2025" in html and "tháng 10" not in html
    html = client.get(url(agency, "report_list") + "?year=abc").content.decode()
    assert "năm 2025" in html  # a bad filter shows everything and says so
    assert 'for="id_q"' in html and 'for="id_frequency"' in html


def test_classified_report_is_refused(agency):
    stamped = Report(agency=agency, title="MẬT - Báo cáo tình hình an ninh", frequency="month",
                     period=date(2026, 10, 1))
    with pytest.raises(ValidationError, match="không được đưa lên cổng thông tin"):
        stamped.full_clean()
    fine = Report(agency=agency, title="Báo cáo mật độ dân số và lao động", frequency="month",
                  period=date(2026, 10, 1))
    fine.full_clean()


def test_province_page_and_province_home_block(client, province, agency, catalogue):
    add_series(province, catalogue["BLHH"], 3, start_value=17000)
    add_series(province, catalogue["NK"], 3)  # not a main indicator
    add_series(agency, catalogue["THU_NS"], 2)
    page = client.get("/kinh-te-xa-hoi/").content.decode()
    assert "Tổng mức bán lẻ" in page and "17.002" in page and "Kim ngạch nhập khẩu" not in page
    assert agency.name in page and province.name in page
    home = client.get("/").content.decode()
    assert "Chỉ tiêu kinh tế - xã hội chủ yếu" in home and "17.002" in home
    assert f'/{province.slug}/kinh-te-xa-hoi/chi-tieu/BLHH/' in home


def test_figures_without_a_feed_say_when_they_were_entered(client, agency, catalogue):
    add_series(agency, catalogue["XK"], 2)
    html = client.get(url(agency, "dashboard")).content.decode()
    assert "Số liệu được cập nhật thành công lần cuối lúc" in html and "không thành công" not in html


def test_agency_home_block_shows_main_figures(client, agency, catalogue):
    add_series(agency, catalogue["BLHH"], 2, start_value=15000)
    html = client.get(agency.reverse("agency_home")).content.decode()
    assert "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng: <strong>15.001 tỷ đồng</strong>" in html


def test_sync_bumps_the_cache_so_new_figures_show_at_once(client, agency, monthly_source):
    assert "Cơ quan chưa đăng số liệu" in client.get(url(agency, "dashboard")).content.decode()
    run_source(monthly_source)
    assert "Cơ quan chưa đăng số liệu" not in client.get(url(agency, "dashboard")).content.decode()


def test_indicator_edit_turns_over_the_pages_of_its_holders(client, agency, catalogue):
    add_series(agency, catalogue["XK"], 2)
    assert "Kim ngạch xuất khẩu hàng hóa" in client.get(url(agency, "dashboard")).content.decode()
    indicator = Indicator.objects.get(code="XK")
    indicator.name = "Xuất khẩu (tên mới)"
    indicator.save()
    assert "Xuất khẩu (tên mới)" in client.get(url(agency, "dashboard")).content.decode()


def _many_agencies_data(catalogue, agency, size):
    codes = [c for c, i in catalogue.items() if i.frequency == "month"]
    for code in codes[:size]:
        add_series(agency, catalogue[code], 24 if size > 2 else 2)


@pytest.mark.parametrize("page", ["dashboard", "indicator", "csv", "reports", "report", "province"])
def test_query_count_does_not_grow_with_data(client, catalogue, page, province, django_assert_num_queries):
    small, large = province, AgencyFactory(slug="so-lon", kind="provincial_office", order=200)
    _many_agencies_data(catalogue, small, 1)
    _many_agencies_data(catalogue, large, 8)
    for agency, count in ((small, 1), (large, 30)):
        for i in range(count):
            report(agency, f"Báo cáo {i}")
        Source.objects.create(agency=agency, name="Nguồn", kind="csv", url="http://127.0.0.1/x.csv",
                              last_success_at=NOW)

    def path(agency):
        return {"dashboard": url(agency, "dashboard"), "indicator": url(agency, "indicator_detail", code="IIP"),
                "csv": url(agency, "indicator_csv", code="IIP"), "reports": url(agency, "report_list"),
                "report": url(agency, "report_detail", pk=Report.objects.filter(agency=agency).first().pk),
                "province": "/kinh-te-xa-hoi/"}[page]

    baseline = count_queries(client, path(small))
    if page == "province":
        Agency = type(small)
        Agency.objects.filter(pk=small.pk).update(is_active=False)  # now the large one is the province
    cache.clear()
    large_path = path(large)
    with django_assert_num_queries(baseline):
        assert client.get(large_path).status_code == 200
    assert baseline <= 12, baseline
