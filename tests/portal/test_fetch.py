"""Sync sources cannot reach the province's internal network (SSRF), whatever the spelling.

Every test talks only to servers on 127.0.0.1 / 127.0.0.2 (loopback). A "public" host is simulated
by patching the one resolver of portal.fetch and the public-address test so that 127.0.0.2 counts
as public; the victim server on 127.0.0.1 must never receive a request.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dispatches.sync import SyncError
from dispatches.sync import fetch as dispatches_fetch
from ktxh_sync.parsers import FeedError
from ktxh_sync.sync import fetch as ktxh_fetch
from portal import fetch as fetch_module
from portal.fetch import FetchError, fetch, is_public, normalise_host


class Server:
    """A tiny HTTP server counting its hits; ``handler(self, request)`` answers."""

    def __init__(self, address="127.0.0.1", port=0, answer=None):
        self.hits, self.hosts = 0, []
        self.answer = answer or (lambda request: (200, {"Content-Type": "application/json"}, b"[]"))
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.hits += 1
                outer.hosts.append(self.headers.get("Host"))
                status, headers, body = outer.answer(self)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if callable(body):
                    body(self.wfile)
                else:
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((address, port), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def internal_refused(settings):
    settings.PORTAL_FETCH_ALLOW_INTERNAL = False


@pytest.fixture
def victim():
    """An internal service on 127.0.0.1 (think: Redis, the cloud metadata endpoint)."""
    server = Server("127.0.0.1")
    yield server
    server.close()
    assert server.hits == 0, "the internal server received a request"


@pytest.fixture
def public_server(monkeypatch, victim):
    """A "public" server on 127.0.0.2 (same port as the victim), reachable as public.example."""
    server = Server("127.0.0.2", victim.port)
    monkeypatch.setattr(fetch_module, "is_public", lambda address: str(address) == "127.0.0.2")
    yield server
    server.close()


def _door(name):
    def ktxh(url):
        return ktxh_fetch(url, 2)

    def dispatches(url):
        return dispatches_fetch(url, "json", 2)

    return {"portal": lambda url: fetch(url, timeout=2), "ktxh": ktxh, "dispatches": dispatches}[name]


ERRORS = (FetchError, FeedError, SyncError)
SPELLINGS = [
    "http://%31%32%37.0.0.1:{port}/",
    "http://%6c%6f%63%61%6c%68%6f%73%74:{port}/",
    "http://%6C%6F%63%61%6C%68%6F%73%74:{port}/x?y=1",
    "http://%31%36%39.254.169.254/latest/meta-data/",
    "http://[::1]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::ffff:7f00:1]:{port}/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f.1:{port}/",
    "http://0x7f000001:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://127.1:{port}/",
    "http://0.0.0.0:{port}/",
    "http://0:{port}/",
    "http://localhost:{port}/",
    "http://LOCALHOST.:{port}/",
    "http://１２７.０.０.１:{port}/",
    "http://127%2e0%2e0%2e1:{port}/",
    "http://10.0.0.5/x.csv",
    "http://192.168.1.10/",
    "http://172.16.0.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "http://[::]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
]


@pytest.mark.parametrize("door", ["portal", "ktxh", "dispatches"])
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_an_internal_host_is_refused_before_connecting(victim, door, spelling):
    with pytest.raises(ERRORS) as error:
        _door(door)(spelling.format(port=victim.port))
    assert "mạng nội bộ" in str(error.value)


@pytest.mark.parametrize("raw,expected", [
    ("%31%32%37.0.0.1", "127.0.0.1"), ("%6c%6f%63%61%6c%68%6f%73%74", "localhost"), ("2130706433", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    ("BÜCHER.example", "xn--bcher-kva.example"), ("Sở-Y-Tế.vn", "xn--s-y-t-s61b1i.vn"), ("１２７.０.０.１", "127.0.0.1"),
])
def test_hosts_are_decoded_and_normalised_as_a_client_would(raw, expected):
    assert normalise_host(raw) == expected


@pytest.mark.parametrize("raw", ["evil.example%2f@127.0.0.1", "a%00b.example", "a b.example", "x%40y"])
def test_hosts_with_characters_no_client_accepts_are_refused(raw):
    with pytest.raises(FetchError):
        normalise_host(raw)


@pytest.mark.parametrize("address,public", [
    ("8.8.8.8", True), ("2001:4860:4860::8888", True), ("127.0.0.1", False), ("10.1.2.3", False),
    ("::ffff:8.8.8.8", False), ("::ffff:10.0.0.1", False), ("64:ff9b::a00:1", False), ("2002:a00:1::", False),
    ("224.0.0.1", False), ("239.1.1.1", False), ("0.0.0.0", False), ("198.18.0.1", False), ("fe80::1%eth0", False),
])
def test_public_address_rule(address, public):
    assert is_public(address) is public


@pytest.mark.parametrize("scheme_url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x/",
                                        "http://user:pass@example.org/"])
def test_only_plain_http_and_https(scheme_url):
    with pytest.raises(FetchError):
        fetch(scheme_url, timeout=1)


@pytest.mark.parametrize("location", [
    "http://127.0.0.1:{port}/", "http://%31%32%37.0.0.1:{port}/", "http://[::ffff:127.0.0.1]:{port}/",
    "http://2130706433:{port}/", "http://localhost:{port}/", "//127.0.0.1:{port}/relative-scheme",
])
def test_a_redirect_to_an_internal_address_is_refused(monkeypatch, victim, public_server, location):
    public_server.answer = lambda request: (302, {"Location": location.format(port=victim.port)}, b"")
    real = fetch_module._resolve
    monkeypatch.setattr(fetch_module, "_resolve",
                        lambda host, port: ["127.0.0.2"] if host == "public.example" else real(host, port))
    with pytest.raises(FetchError) as error:
        fetch(f"http://public.example:{victim.port}/du-lieu.json", timeout=2)
    assert "mạng nội bộ" in str(error.value)
    assert public_server.hits == 1


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(monkeypatch, victim, public_server):
    calls = []
    monkeypatch.setattr(fetch_module, "_resolve", lambda host, port: calls.append(host) or ["127.0.0.2"])
    public_server.answer = lambda request: (200, {"Content-Type": "text/csv"}, b"a,b\n")
    response = fetch(f"http://Public.Example:{victim.port}/x.csv", timeout=2)
    assert response.body == b"a,b\n" and response.content_type == "text/csv"
    assert calls == ["public.example"]  # resolved once, the normalised name
    assert public_server.hosts == [f"public.example:{victim.port}"]


def test_dns_rebinding_cannot_switch_to_an_internal_address(monkeypatch, victim, public_server):
    """The resolver answers public first, then private: the one checked answer is the one used."""
    answers = iter([["127.0.0.2"], ["127.0.0.1"], ["127.0.0.1"]])
    calls = []

    def rebinding(host, port):
        calls.append(host)
        return next(answers)

    monkeypatch.setattr(fetch_module, "_resolve", rebinding)
    # Any second lookup by the HTTP client would be a plain getaddrinfo: make it rebind too.
    real = fetch_module.socket.getaddrinfo
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", lambda host, *a, **k: real(
        "127.0.0.1" if host == "rebind.example" else host, *a, **k))
    fetch(f"http://rebind.example:{victim.port}/", timeout=2)
    assert calls == ["rebind.example"] and public_server.hits == 1


def test_a_name_with_any_internal_answer_is_refused(monkeypatch, victim, public_server):
    monkeypatch.setattr(fetch_module, "_resolve", lambda host, port: ["127.0.0.2", "127.0.0.1"])
    with pytest.raises(FetchError):
        fetch(f"http://mixed.example:{victim.port}/", timeout=2)
    assert public_server.hits == 0


def test_an_unresolvable_name_is_an_error_not_a_pass(monkeypatch):
    def fail(host, port):
        raise OSError("no such host")

    monkeypatch.setattr(fetch_module, "_resolve", fail)
    with pytest.raises(FetchError, match="Không tìm thấy máy chủ"):
        fetch("http://khong-ton-tai.example/", timeout=1)


def test_an_intranet_statistics_server_is_allowed_when_configured(settings, victim):
    settings.PORTAL_FETCH_ALLOW_INTERNAL = True
    victim.answer = lambda request: (200, {}, b"ok")
    assert fetch(f"http://%31%32%37.0.0.1:{victim.port}/", timeout=2).body == b"ok"
    assert victim.hits == 1
    victim.hits = 0  # the fixture's "never reached" assertion does not apply here


def test_one_deadline_for_the_whole_exchange(settings):
    """A source dribbling a byte at a time never holds a worker past the deadline."""
    settings.PORTAL_FETCH_ALLOW_INTERNAL = True

    def dribble(wfile):
        for _ in range(30):
            wfile.write(b" ")
            wfile.flush()
            time.sleep(0.1)

    server = Server(answer=lambda request: (200, {}, dribble))
    try:
        for door in ("portal", "ktxh", "dispatches"):
            started = time.monotonic()
            with pytest.raises(ERRORS, match="Quá thời gian chờ"):
                {"portal": lambda u: fetch(u, timeout=1), "ktxh": lambda u: ktxh_fetch(u, 1),
                 "dispatches": lambda u: dispatches_fetch(u, "json", 1)}[door](f"http://127.0.0.1:{server.port}/")
            assert time.monotonic() - started < 2
    finally:
        server.close()


def test_size_cap_applies_to_both_syncs(settings):
    settings.PORTAL_FETCH_ALLOW_INTERNAL = True
    settings.PORTAL_FETCH_MAX_BYTES = 1000
    server = Server(answer=lambda request: (200, {}, b"[" + b" " * 5000 + b"]"))
    try:
        for door in ("portal", "ktxh", "dispatches"):
            with pytest.raises(ERRORS, match="quá lớn"):
                _door(door)(f"http://127.0.0.1:{server.port}/")
    finally:
        server.close()
