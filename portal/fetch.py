"""Outbound HTTP for the syncs (KTXH feeds, document systems): the one place that decides where the
portal may connect. Sources are configured by agency staff, so an address that resolves to a
private, loopback, link-local or otherwise non-public network is refused, redirects included —
otherwise a source could reach services inside the province's network (SSRF).
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def _is_internal(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False  # unresolvable: the connection itself reports it
    return any(not ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses)


def check_destination(url: str) -> None:
    """Raise URLError (with a Vietnamese reason) unless ``url`` is http(s) to a public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise urllib.error.URLError(_("Địa chỉ nguồn phải bắt đầu bằng http:// hoặc https://."))
    if not settings.PORTAL_FETCH_ALLOW_INTERNAL and _is_internal(parts.hostname):
        raise urllib.error.URLError(
            _("địa chỉ %(host)s thuộc mạng nội bộ, cổng thông tin không lấy dữ liệu từ đó") % {"host": parts.hostname})


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_destination(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def open_url(request, timeout: float):
    """``urllib.request.urlopen`` with the destination (and every redirect) checked first."""
    url = request.full_url if isinstance(request, urllib.request.Request) else request
    check_destination(url)
    return _opener.open(request, timeout=timeout)
