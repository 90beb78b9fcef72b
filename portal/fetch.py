"""Outbound HTTP for the syncs (KTXH feeds, document systems): the one function that connects out.

Sources are configured by agency staff, so ``fetch()`` refuses any destination that is not a public
address (SSRF): the host is percent-decoded and IDNA-normalised the way an HTTP client would, numeric
spellings ("2130706433", "0x7f.1", "0177.0.0.1") are read as the IPv4 address they mean, the name is
resolved **once**, every address is checked (private, loopback, link-local, multicast, reserved,
unspecified, shared, IPv4-mapped/embedded IPv6), and the connection goes to that checked address
(the Host header and the TLS server name and certificate check still use the name). A redirect is
a new destination, checked the same way. So encoded hosts, redirects and DNS rebinding all end at
the same refusal.

``settings.PORTAL_FETCH_ALLOW_INTERNAL`` lets an intranet statistics server through (the address is
still resolved once and pinned). Caps: ``max_bytes`` (default ``settings.PORTAL_FETCH_MAX_BYTES``)
and one deadline (``timeout`` seconds) for the whole exchange, redirects and body included.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
REDIRECT_CODES = (301, 302, 303, 307, 308)
# Networks the ``ipaddress`` flags miss or get wrong for our purpose.
_EXTRA_BLOCKED = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
    "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
)]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The destination is refused or the exchange failed; ``str()`` is a Vietnamese sentence."""


@dataclass
class Response:
    body: bytes
    content_type: str
    url: str


def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests patch this: it is the only DNS lookup)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def is_public(address) -> bool:
    """Whether an IP address is a public unicast one (IPv4 embedded in IPv6 is judged as IPv4)."""
    ip = ipaddress.ip_address(str(address).split("%")[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not is_public(embedded):
            return False
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback \
            or ip.is_link_local or ip.is_private:
        return False
    return not any(ip in network for network in _EXTRA_BLOCKED if network.version == ip.version)


def normalise_host(raw: str) -> str:
    """The host an HTTP client would connect to: percent-decoded, IDNA (nameprep) normalised.

    An IP literal in any spelling (brackets, decimal, octal, hex, shortened) comes back as its
    canonical address text. Raises FetchError for a host no client should accept.
    """
    host = unquote(raw or "").strip().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        raise FetchError(_("Địa chỉ nguồn không có tên máy chủ."))
    try:
        return str(ipaddress.ip_address(host.split("%")[0]))
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise FetchError(_("Tên máy chủ “%(host)s” không hợp lệ.") % {"host": raw[:80]}) from None
    if any(ch in host for ch in "/\\@:?#% \t\r\n\0") or not host:
        raise FetchError(_("Tên máy chủ “%(host)s” không hợp lệ.") % {"host": raw[:80]})
    if all(part and all(c in "0123456789abcdefx" for c in part) for part in host.split(".")):
        try:  # the legacy inet_aton spellings: 2130706433, 0x7f.1, 0177.0.0.1
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            pass
    return host


@dataclass
class _Target:
    scheme: str
    host: str  # normalised name (or canonical IP text)
    port: int
    path: str
    address: str  # the checked address the connection goes to


def check_destination(url: str) -> _Target:
    """Decode, resolve once and check ``url``; the checked target, or FetchError (Vietnamese)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(_("Địa chỉ nguồn không hợp lệ.")) from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(_("Địa chỉ nguồn phải bắt đầu bằng http:// hoặc https://."))
    if "@" in parts.netloc:
        raise FetchError(_("Địa chỉ nguồn không được chứa tên đăng nhập, mật khẩu."))
    host = normalise_host(parts.hostname or "")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        ipaddress.ip_address(host)
        addresses = [host]
    except ValueError:
        try:
            addresses = _resolve(host, port)
        except (OSError, UnicodeError):
            raise FetchError(_("Không tìm thấy máy chủ %(host)s.") % {"host": host}) from None
    if not addresses:
        raise FetchError(_("Không tìm thấy máy chủ %(host)s.") % {"host": host})
    if not settings.PORTAL_FETCH_ALLOW_INTERNAL and not all(is_public(a) for a in addresses):
        raise FetchError(
            _("địa chỉ %(host)s thuộc mạng nội bộ, cổng thông tin không lấy dữ liệu từ đó") % {"host": host})
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return _Target(parts.scheme, host, port, path, addresses[0].split("%")[0])


def _connection(target: _Target, timeout: float) -> http.client.HTTPConnection:
    host = target.host if ":" not in target.host else f"[{target.host}]"
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(host, target.port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, target.port, timeout=timeout)

    # Pinning: the socket goes to the address that was checked, never to a second lookup of the name.
    def connect_to_checked(address, timeout=None, source_address=None):
        return socket.create_connection((target.address, target.port), timeout, source_address)

    connection._create_connection = connect_to_checked
    return connection


def _timed_out(timeout):
    return FetchError(_("Quá thời gian chờ: nguồn không trả lời sau %(s)s giây.") % {"s": timeout})


def fetch(url: str, *, timeout: float = 20, max_bytes: int | None = None, headers: dict | None = None) -> Response:
    """GET ``url`` (checked, pinned, redirects re-checked) within ``timeout`` seconds in all."""
    max_bytes = settings.PORTAL_FETCH_MAX_BYTES if max_bytes is None else max_bytes
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        target = check_destination(url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timed_out(timeout)
        connection = _connection(target, remaining)
        try:
            connection.request("GET", target.path, headers={"Accept-Encoding": "identity", **(headers or {})})
            response = connection.getresponse()
            if response.status in REDIRECT_CODES and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status >= 400:
                raise FetchError(_("Nguồn trả lời lỗi HTTP %(code)s.") % {"code": response.status})
            announced = response.getheader("Content-Length")
            if announced and announced.isdigit() and int(announced) > max_bytes:
                raise _too_big(max_bytes)
            chunks, size = [], 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _timed_out(timeout)
                if connection.sock is not None:
                    connection.sock.settimeout(remaining)
                chunk = response.read1(CHUNK)  # what has arrived: the deadline is checked between reads
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise _too_big(max_bytes)
                chunks.append(chunk)
            if announced and announced.isdigit() and int(announced) != size:
                raise FetchError(_("Dữ liệu nhận về không đầy đủ (kết nối bị ngắt giữa chừng)."))
            return Response(b"".join(chunks), response.getheader("Content-Type", ""), url)
        except http.client.IncompleteRead:
            raise FetchError(_("Dữ liệu nhận về không đầy đủ (kết nối bị ngắt giữa chừng).")) from None
        except TimeoutError:
            raise _timed_out(timeout) from None
        except ssl.SSLError as error:
            raise FetchError(_("Lỗi kết nối bảo mật với máy chủ nguồn (%(error)s).") % {
                "error": error.__class__.__name__}) from None
        except (http.client.HTTPException, OSError) as error:
            raise FetchError(_("Không kết nối được máy chủ nguồn (%(error)s).") % {
                "error": getattr(error, "strerror", None) or error.__class__.__name__}) from None
        finally:
            connection.close()
    raise FetchError(_("Nguồn chuyển hướng quá %(n)d lần.") % {"n": MAX_REDIRECTS})


def _too_big(max_bytes):
    return FetchError(_("Dữ liệu nguồn quá lớn (tối đa %(mb)s MB).") % {"mb": round(max_bytes / 1048576, 2)})
