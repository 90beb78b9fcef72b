"""Sync sources cannot reach the province's internal network (SSRF)."""

import urllib.error
import urllib.request

import pytest

from portal.fetch import _CheckedRedirects, check_destination, open_url


@pytest.fixture(autouse=True)
def internal_refused(settings):
    settings.PORTAL_FETCH_ALLOW_INTERNAL = False


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:5432/", "http://localhost/", "http://10.0.0.5/x.csv", "http://192.168.1.10/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://100.64.0.1/",
])
def test_internal_addresses_are_refused_before_connecting(url):
    with pytest.raises(urllib.error.URLError) as error:
        open_url(urllib.request.Request(url), timeout=1)
    assert "mạng nội bộ" in str(error.value.reason)


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https(url):
    with pytest.raises(urllib.error.URLError):
        check_destination(url)


def test_redirect_to_an_internal_address_is_refused():
    request = urllib.request.Request("http://203.0.113.10/du-lieu.json")
    with pytest.raises(urllib.error.URLError):
        _CheckedRedirects().redirect_request(request, None, 302, "Found", {}, "http://127.0.0.1:6379/")


def test_internal_addresses_allowed_when_configured(settings):
    settings.PORTAL_FETCH_ALLOW_INTERNAL = True
    check_destination("http://127.0.0.1:8000/")  # no error
