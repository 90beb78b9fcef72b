import pytest
from django.test import Client


@pytest.fixture
def uncached(settings):
    """Public pages without the page cache, after a warm-up request (host map and province cached),
    so that a query count measures what a real uncached request costs."""
    settings.PORTAL_PAGE_CACHE = False

    def get(path, **kwargs):
        client = Client()
        client.get(path, **kwargs)
        return client

    return get
