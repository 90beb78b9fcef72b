"""nginx (deploy/nginx/portal.conf) in front of gunicorn with production settings, on loopback."""

import gzip
import json
import secrets
import ssl
import subprocess
import time
import urllib.request

import pytest
from conftest import ROOT, Browser, NoRedirect, django_json, fetch, gunicorn, have, manage, port, wait_for
from nginxconf import render

HOST = "congthongtin.example.gov.vn"


@pytest.fixture(scope="module")
def stack(demo, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    static = tmp / "static"
    env = {**demo["env"], "DJANGO_ENV": "production", "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": HOST, "STATIC_ROOT": str(static),
           "LOG_FORMAT": "json", "LOG_LEVEL": "INFO"}
    manage("collectstatic", "--noinput", "-v0", env=env)
    http_port, https_port, app_port = port(0), port(1), port(2)
    conf = render(tmp, http_port, https_port, [app_port], demo["media"], static)
    log = tmp / "gunicorn.log"
    with gunicorn(app_port, env, log=log) as app:
        subprocess.run([have("nginx"), "-c", str(conf)], check=True)
        try:
            wait_for(f"http://127.0.0.1:{http_port}/", status=301, timeout=20)
            yield {"https": f"https://127.0.0.1:{https_port}", "http": f"http://127.0.0.1:{http_port}",
                   "app": f"http://127.0.0.1:{app_port}", "log": log, "media": demo["media"],
                   "static": static, "gunicorn": app, "tmp": tmp}
        finally:
            subprocess.run([have("nginx"), "-c", str(conf), "-s", "quit"], check=False)
            for _ in range(50):
                if not (tmp / "nginx.pid").exists():
                    break
                time.sleep(0.1)


def _opener():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    return urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)


def get(stack, path, **headers):
    return fetch(stack["https"] + path, headers={"Host": HOST, **headers}, opener=_opener())


def _log_lines(stack, request_id):
    lines = []
    for line in stack["log"].read_text(errors="replace").splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("request_id") == request_id:
                lines.append(record)
    return lines


def test_serves_the_portal_over_tls(stack):
    status, headers, body = get(stack, "/")
    assert status == 200
    assert "Cổng thông tin" in body.decode() or "UBND" in body.decode()
    assert "max-age=31536000" in headers.get("Strict-Transport-Security", "")
    status, headers, body = get(stack, "/so-y-te/tin-tuc/")
    assert status == 200 and "Sở Y tế" in body.decode()


def test_plain_http_redirects_to_https(stack):
    status, headers, _ = fetch(stack["http"] + "/so-y-te/", headers={"Host": HOST}, opener=_opener())
    assert status == 301 and headers["Location"] == f"https://{HOST}/so-y-te/"


def test_forwarded_headers_and_request_id_reach_the_app(stack):
    status, headers, _ = get(stack, "/so-noi-vu/", **{"X-Request-ID": "test-request-0001",
                                                      "X-Real-IP": "203.0.113.9", "X-Forwarded-For": "198.51.100.4",
                                                      "Cookie": "sessionid=none"})
    assert status == 200 and headers["X-Request-ID"] == "test-request-0001"
    time.sleep(0.5)
    [line] = [r for r in _log_lines(stack, "test-request-0001") if r.get("logger") == "portal.access"]
    assert line["client_ip"] == "127.0.0.1"  # nginx overwrote the spoofed X-Real-IP
    assert line["forwarded_for"] == "198.51.100.4, 127.0.0.1"
    assert line["status"] == 200 and line["path"] == "/so-noi-vu/"
    # Without one, nginx makes the id, and the app logs that same id.
    status, headers, _ = get(stack, "/so-tu-phap/", **{"X-Request-ID": "bad id!", "Cookie": "sessionid=none"})
    made = headers["X-Request-ID"]
    assert len(made) == 32 and made != "bad id!"
    time.sleep(0.5)
    assert _log_lines(stack, made)


def test_gzip_and_micro_cache(stack):
    status, headers, body = get(stack, "/tin-tuc/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "<html" in gzip.decompress(body).decode()
    get(stack, "/thu-tuc-hanh-chinh/")
    status, headers, _ = get(stack, "/thu-tuc-hanh-chinh/")
    assert headers["X-Micro-Cache"] == "HIT"
    status, headers, _ = get(stack, "/thu-tuc-hanh-chinh/", Cookie="sessionid=abc")
    assert headers["X-Micro-Cache"] == "BYPASS"


# --- the micro-cache: anonymous GETs kept seconds; the admin, sessions, POST and private answers never ---
MICRO_CACHE_SECONDS = 5  # proxy_cache_valid in deploy/nginx/portal.conf, unless the portal says less


class TlsBrowser(Browser):
    """A visitor of the TLS site through nginx, keeping cookies (logs in to the admin like a person)."""

    def __init__(self, stack):
        super().__init__(stack["https"])
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                                  urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def get(self, path, base=None):
        return fetch(self.base + path, headers={"Host": HOST}, opener=self.opener)

    def post(self, path, fields, base=None):
        from urllib.parse import urlencode

        fields = {**fields, "csrfmiddlewaretoken": self.cookie("csrftoken") or ""}
        headers = {"Host": HOST, "Content-Type": "application/x-www-form-urlencoded",
                   "Referer": f"https://{HOST}{path}", "Origin": f"https://{HOST}"}
        return fetch(self.base + path, headers=headers, data=urlencode(fields).encode(), opener=self.opener)


def _stored(stack, token: str) -> bool:
    """Whether any entry of nginx's cache holds a request whose address carries ``token``."""
    return any(token.encode() in path.read_bytes()[:4096] for path in (stack["tmp"] / "cache").rglob("*")
               if path.is_file())


def _kept_seconds(headers) -> int:
    """How long nginx may keep this answer: the portal's Cache-Control wins over proxy_cache_valid."""
    import re

    control = headers.get("Cache-Control", "")
    for name in ("s-maxage", "max-age"):
        match = re.search(rf"(?:^|[,\s]){name}=(\d+)", control)
        if match:
            return int(match.group(1))
    return MICRO_CACHE_SECONDS


def test_micro_cache_honours_the_portal_and_bypasses_what_is_not_public():
    """Static guard on the configuration itself: nginx must keep honouring the app's Cache-Control,
    Expires, Set-Cookie and Vary (proxy_cache does unless told otherwise) and bypass sessions and
    forms' cookies, POST (only GET and HEAD are cached) and the admin (a location without a cache)."""
    site = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    code = "\n".join(line.split("#")[0] for line in site.splitlines())
    assert "proxy_ignore_headers" not in code
    assert "proxy_cache_methods GET HEAD;" in code
    for cookie in ("sessionid", "csrftoken", "messages"):
        assert cookie in code.split("map $http_cookie $portal_no_cache")[1].split("}")[0]
    admin = code.split("location /admin/ {")[1].split("}")[0]
    assert "proxy_cache " not in admin


def test_second_anonymous_get_is_a_hit(stack):
    token = secrets.token_hex(6)
    status, headers, first = get(stack, f"/so-y-te/tin-tuc/?mc={token}")
    assert status == 200 and headers["X-Micro-Cache"] == "MISS"
    status, headers, second = get(stack, f"/so-y-te/tin-tuc/?mc={token}")
    assert status == 200 and headers["X-Micro-Cache"] == "HIT" and second == first
    assert _stored(stack, token)


def test_admin_and_post_are_never_cached(stack):
    for _ in range(2):
        status, headers, _ = get(stack, "/admin/login/")
        assert status == 200 and headers.get("X-Micro-Cache") in (None, "", "MISS", "BYPASS")
    token = secrets.token_hex(6)
    for _ in range(2):
        status, headers, _ = fetch(stack["https"] + f"/so-y-te/tin-tuc/?mc={token}", data=b"q=1",
                                   headers={"Host": HOST, "Content-Type": "application/x-www-form-urlencoded"},
                                   opener=_opener())
        assert headers.get("X-Micro-Cache") != "HIT"
    assert not _stored(stack, token)
    # An answer the portal marks as not to be kept (the API revalidates every time) is not served from the cache.
    for _ in range(2):
        status, headers, _ = get(stack, "/api/v1/agencies")
        assert status == 200 and headers.get("X-Micro-Cache") != "HIT", headers.get("Cache-Control")


def test_logged_in_pages_bypass_and_are_never_stored(stack):
    officer = TlsBrowser(stack)
    officer.get("/admin/login/")
    # An editor: approvers must pass two-factor sign-in in production before any admin page.
    status, _, body = officer.post("/admin/login/", {"username": "so-y-te-bientap", "password": "demo12345",
                                                     "next": "/admin/"})
    assert status == 302, body[:2000]
    assert officer.cookie("sessionid")
    status, headers, _ = officer.get("/admin/")
    assert status == 200 and headers.get("X-Micro-Cache") != "HIT"
    token = secrets.token_hex(6)
    for _ in range(2):
        status, headers, _ = officer.get(f"/so-y-te/?mc={token}")
        assert status == 200 and headers["X-Micro-Cache"] == "BYPASS"
    # A form's cookie alone (a visitor who sent a question) bypasses too.
    status, headers, _ = get(stack, f"/so-y-te/?mc={token}", Cookie="csrftoken=abcdefghijklmnopqrstuvwxyz012345")
    assert headers["X-Micro-Cache"] == "BYPASS"
    assert not _stored(stack, token)
    # The next anonymous visitor is not served the logged-in page: nginx had nothing for it.
    status, headers, _ = get(stack, f"/so-y-te/?mc={token}")
    assert status == 200 and headers["X-Micro-Cache"] == "MISS"


def test_a_publish_shows_within_the_micro_cache_time(stack, demo):
    token = secrets.token_hex(4)
    title = f"Tin kiểm thử bộ đệm nginx {token}"
    code = f"""
import json
from agencies.models import Agency
from content.models import Article
from portal.publishing import Status
agency = Agency.objects.get(slug="so-y-te")
article = Article.objects.filter(agency=agency).order_by("pk").first()
article.pk = article.id = None
article._state.adding = True
article.title, article.slug, article.status, article.published_at = {title!r}, "kiem-thu-{token}", Status.DRAFT, None
article.save()
print(json.dumps(article.pk))
"""
    pk = django_json(code, demo["env"])
    try:
        get(stack, "/so-y-te/tin-tuc/")
        status, headers, body = get(stack, "/so-y-te/tin-tuc/")
        assert headers["X-Micro-Cache"] == "HIT" and title not in body.decode()
        kept = _kept_seconds(headers)
        assert kept <= 30, f"nginx may keep public pages {kept} s (Cache-Control: {headers.get('Cache-Control')})"
        django_json(f"""
import json
from django.utils import timezone
from content.models import Article
from portal.publishing import Status
article = Article.objects.get(pk={pk})
article.status, article.published_at = Status.PUBLISHED, timezone.now()
article.save()
print(json.dumps(True))
""", demo["env"])
        published = time.monotonic()
        while title not in get(stack, "/so-y-te/tin-tuc/")[2].decode():
            assert time.monotonic() - published < kept + 3, f"not shown {kept + 3} s after the publish"
            time.sleep(0.5)
    finally:
        django_json(f"from content.models import Article; Article.objects.filter(pk={pk}).delete(); print(1)",
                    demo["env"])


def test_metrics_refused_through_nginx_but_served_to_the_monitor(stack):
    for path in ("/metrics", "/metrics/", "/metrics?x=1"):
        status, _, body = get(stack, path)
        assert status == 404 and b"django_http" not in body
    status, _, body = fetch(stack["app"] + "/metrics")
    assert status == 200 and b"django_http_requests_total_by_method_total" in body
    status, _, body = get(stack, "/healthz")
    assert status == 200
    status, _, body = get(stack, "/readyz")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_media_documents_download_and_images_show(stack):
    media = stack["media"]
    document = next(p for p in media.rglob("*") if p.is_file() and "-tep" in p.parent.parent.parent.name)
    image = next(p for p in media.rglob("*.jpg") if "-anh" in str(p.relative_to(media)))
    status, headers, body = get(stack, "/media/" + str(document.relative_to(media)))
    assert status == 200 and body == document.read_bytes()
    assert headers["Content-Disposition"] == "attachment"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    status, headers, body = get(stack, "/media/" + str(image.relative_to(media)))
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert "Content-Disposition" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    # An HTML file slipped into an image folder is still a download.
    trap = image.parent / "trap.html"
    trap.write_text("<script>alert(1)</script>")
    status, headers, _ = get(stack, "/media/" + str(trap.relative_to(media)))
    assert headers["Content-Disposition"] == "attachment"
    status, _, _ = get(stack, "/media/../../etc/passwd")
    assert status in (400, 404)


def test_hashed_static_files_are_immutable(stack):
    hashed = next(p for p in (stack["static"] / "css").glob("portal.*.css"))
    status, headers, _ = get(stack, f"/static/css/{hashed.name}")
    assert status == 200 and "immutable" in headers["Cache-Control"]


def test_vietnamese_page_when_no_app_server_answers(stack):
    """Last: stops gunicorn. nginx answers its own Vietnamese 503 page (stale copies where it has them)."""
    import os
    import signal

    os.killpg(stack["gunicorn"].pid, signal.SIGTERM)
    stack["gunicorn"].wait(timeout=30)
    status, headers, body = get(stack, "/so-gddt/lich-cong-tac/?never-cached=1")
    assert status in (502, 503, 504)
    text = body.decode()
    assert "tạm thời gián đoạn" in text and "Traceback" not in text
    # A page nginx kept a copy of is still served.
    status, headers, _ = get(stack, "/thu-tuc-hanh-chinh/")
    assert status == 200 and headers["X-Micro-Cache"] in ("STALE", "UPDATING", "HIT")
    assert ROOT
