"""The report workbook neutralises spreadsheet formulas (issue 12 item 5): agency names come from users."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.portal.test_downloads import TITLE, assert_xlsx_inert

pytestmark = pytest.mark.django_db


def test_compliance_report_xlsx_is_inert(login, provincial_reviewer, agency, other_agency, fake_sections, complete):
    other_agency.name = TITLE
    other_agency.save()
    now = timezone.now()
    complete(agency, now)
    fake_sections.set("tin-tuc", other_agency, 4, now - timedelta(days=30))
    response = login(provincial_reviewer).get("/admin/compliance/dashboard/bao-cao/xlsx/")
    assert response.status_code == 200
    cells = assert_xlsx_inert(response, TITLE)
    assert any(c.data_type == "n" for c in cells)
