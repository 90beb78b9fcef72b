"""Sets ``request.agency``: from the host name (an agency's own domain) or from the URL's slug."""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.urls import set_urlconf
from django.utils.translation import gettext as _

from portal import request_cache
from portal.visitors import has_session

from .cache import host_key, load_agency, slug_key
from .models import Agency

HOSTS_CACHE_KEY = "agencies:hosts"


def agency_hosts() -> dict[str, int]:
    """``{host: agency_id}`` of agencies with their own domain; cleared when an agency is saved."""
    hosts = request_cache.get(HOSTS_CACHE_KEY)
    if hosts is None:
        hosts = dict(Agency.objects.filter(is_active=True, host__isnull=False).values_list("host", "pk"))
        cache.set(HOSTS_CACHE_KEY, hosts, 300)
    return hosts


def _load(request, token_key, **lookup) -> Agency:
    # A visitor with a session (staff, a reader of their own writes on the primary database) reads
    # the row as stored; anonymous visitors get the copy kept under the agency's version token.
    try:
        if has_session(request):
            return Agency.objects.get(is_active=True, **lookup)
        return load_agency(token_key, **lookup)
    except Agency.DoesNotExist:
        raise Http404(_("Không có cơ quan, đơn vị này trên cổng thông tin.")) from None


@lru_cache(maxsize=4)
def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_portal_host(host: str) -> bool:
    """The province portal's own host name (``PORTAL_BASE_URL``): never an agency's domain."""
    return bool(settings.PORTAL_BASE_URL) and host == _host_of(settings.PORTAL_BASE_URL)


class AgencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.agency = None
        host = request.get_host().split(":")[0].lower()
        agency_id = None if is_portal_host(host) else agency_hosts().get(host)
        if agency_id is not None:
            request.agency = _load(request, host_key(host), pk=agency_id)
            request.urlconf = settings.AGENCY_HOST_URLCONF
            set_urlconf(request.urlconf)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Agency pages are routed as /<agency_slug>/...; views get request.agency instead.
        slug = view_kwargs.pop("agency_slug", None)
        if slug is not None:
            request.agency = _load(request, slug_key(slug), slug=slug)
        return None
