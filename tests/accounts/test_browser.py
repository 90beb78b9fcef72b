"""The two-factor pages in a real browser: enrolment, backup codes and the code prompt, axe-clean at
1280 px and on a phone."""

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import code_for
from tests.conftest import DESKTOP, PHONE, assert_accessible, follow
from tests.factories import AgencyFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_approver_enrols_then_is_asked_for_a_code(sign_in, settings, viewport):
    settings.PORTAL_TWO_FACTOR_REQUIRED = True
    agency = AgencyFactory(slug="so-thu-nghiem", name="Sở Thử nghiệm tỉnh Vĩnh Long", short_name="Sở TN")
    approver = member(agency, "approver", username="lanhdao")
    context, page = sign_in("lanhdao", viewport)
    assert "Thiết lập xác thực hai bước" in page.content() and page.locator("figure svg").count() == 1
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    page.fill("input[name=code]", code_for(device))
    follow(page, "main button[type=submit]")
    assert "Mã dự phòng" in page.content()
    assert_accessible(page)
    context.close()

    context, page = sign_in("lanhdao", viewport)  # a new session: the code prompt
    assert page.locator("input[name=code]").count() == 1 and "/admin/xac-thuc/" in page.url
    assert_accessible(page)
    # The app's code was just used (a code is good once per time step): a backup code instead.
    backup = StaticToken.objects.filter(device__user=approver).values_list("token", flat=True).first()
    page.fill("input[name=code]", backup)
    follow(page, "main button[type=submit]")
    assert page.url.endswith("/admin/") and "Bàn làm việc" in page.content()
    context.close()
