"""The one rate limiter (portal/ratelimit.py): counts per window, clients told apart by the
trusted-proxy rule, never by a header the client writes."""

import pytest
from django.core.cache import cache

from portal import ratelimit
from portal.ratelimit import Rate


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_rate_parses_both_spellings():
    assert Rate.parse("600/m") == Rate(600, 60) and Rate.parse("5/hour") == Rate(5, 3600)
    assert Rate.parse((60, 30)) == Rate(60, 30)


def test_hit_counts_within_the_window_and_count_does_not():
    assert [ratelimit.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count("k") == 3 and ratelimit.count("other") == 0
    rate = Rate(2, 60)
    assert [rate.exceeded("scope", "client") for _ in range(3)] == [False, False, True]
    assert rate.exceeded("scope", "another client") is False
    assert Rate(0, 60).exceeded("scope", "anyone") is True


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_escape_the_api_limit(client, agency, settings):
    settings.PORTAL_API_RATE = "2/m"
    settings.TRUSTED_PROXY_COUNT = 0  # no proxy: the header is the client's own words
    codes = [client.get("/api/v1/agencies", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 429, 429]
