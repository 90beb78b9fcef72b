import pytest


@pytest.fixture(autouse=True)
def counters_stay_exact(request):
    """After every test of section 8 that touched the database, the monthly counters equal the rows:
    whatever the test did (admin, import, API, sync, delete), every write path kept them exact."""
    names = request.fixturenames
    helper = next((name for name in ("_django_db_helper", "transactional_db", "db") if name in names), None)
    if helper is None:
        yield
        return
    request.getfixturevalue(helper)  # set up before, so torn down after, this check
    yield
    from dispatches import counts

    assert counts.differences() == {}
