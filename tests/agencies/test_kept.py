"""agencies.cache.kept_for_agency / kept_for_province: an answer kept under the current version token."""

import pytest

from agencies import cache as page_cache
from agencies.cache import bump_content_version, kept_for_agency, kept_for_province

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self, value="giá trị"):
        self.calls, self.value = 0, value

    def __call__(self):
        self.calls += 1
        return self.value


def test_an_answer_is_computed_once_per_version(agency):
    compute = Counter()
    assert kept_for_agency(agency, "x", compute) == "giá trị"
    assert kept_for_agency(agency, "x", compute) == "giá trị" and compute.calls == 1
    bump_content_version(agency.pk)
    assert kept_for_agency(agency, "x", compute) == "giá trị" and compute.calls == 2


def test_none_and_empty_answers_are_kept_too(agency):
    for value in (None, [], 0):
        compute = Counter(value)
        kept_for_agency(agency, f"v{value!r}", compute)
        assert kept_for_agency(agency, f"v{value!r}", compute) == value and compute.calls == 1


def test_agencies_and_names_never_share_an_answer(agency, other_agency):
    kept_for_agency(agency, "x", Counter("của sở thử nghiệm"))
    assert kept_for_agency(other_agency, "x", Counter("của sở khác")) == "của sở khác"
    assert kept_for_agency(agency, "y", Counter("khác tên")) == "khác tên"
    assert kept_for_agency(agency, "x", Counter("lạ")) == "của sở thử nghiệm"


def test_the_province_answer_turns_over_with_any_agency(agency, other_agency):
    compute = Counter()
    kept_for_province("x", compute)
    kept_for_province("x", compute)
    assert compute.calls == 1
    bump_content_version(agency.pk)  # any agency's public change turns the province's answers over
    kept_for_province("x", compute)
    assert compute.calls == 2
    kept_for_agency(other_agency, "x", compute)
    bump_content_version(agency.pk)
    kept_for_agency(other_agency, "x", compute)  # another agency's change leaves its answers
    assert compute.calls == 3


def test_a_release_with_other_columns_reads_nothing_kept_before(agency, monkeypatch):
    compute = Counter()
    kept_for_agency(agency, "x", compute)
    monkeypatch.setattr(page_cache, "_schema_mark", lambda: "new-columns")
    kept_for_agency(agency, "x", compute)
    assert compute.calls == 2


def test_answers_are_computed_on_the_primary(agency, monkeypatch):
    """A replica a few seconds behind would fill the answer kept under the new token with rows from
    before the change: a public request's reads go to the replica, a kept answer's to the primary."""
    from content.models import Article
    from ops import routers

    monkeypatch.setattr(routers, "replica_usable", lambda: True)
    router = routers.ReplicaRouter()
    token = routers._read_replica.set(True)  # as ReplicaMiddleware sets it for a visitor's GET
    try:
        assert router.db_for_read(Article) == routers.REPLICA
        assert kept_for_agency(agency, "db", lambda: router.db_for_read(Article)) == "default"
        assert kept_for_province("db", lambda: router.db_for_read(Article)) == "default"
        assert router.db_for_read(Article) == routers.REPLICA  # the request's other reads: as before
    finally:
        routers._read_replica.reset(token)
