"""The client's address behind the configured number of trusted reverse proxies.

Behind nginx every request comes from 127.0.0.1; the real client is the address the outermost
trusted proxy saw, which that proxy appended to ``X-Forwarded-For``. With ``TRUSTED_PROXY_COUNT``
= N, the client is the N-th address from the right of that header (entries further left were sent
by the client and can be forged). With N = 0 (no proxy) the header is ignored entirely.

django-ipware's ``proxy_count`` counts proxies that listed themselves inside the header, which is
not how nginx (``$proxy_add_x_forwarded_for``) behaves in front of one app server: it answers
"no address" for a plain single-proxy request. So this is the usual N-from-the-right rule, used by
django-axes through ``AXES_CLIENT_IP_CALLABLE``.
"""

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through every trusted proxy: only the peer address is known
    return _address(forwarded[-count]) or remote
