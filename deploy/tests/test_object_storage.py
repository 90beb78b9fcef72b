"""Media on an S3-compatible server (moto's server mode, on loopback) and two app servers sharing
PostgreSQL, Redis and the bucket: published through one, read through the other at once.

MinIO's server is not in PyPI, Debian or npm here, so moto's standalone server stands in: it speaks
the S3 REST API (object ACLs and anonymous access included) but does not check signatures."""

import json
import re
import ssl
import subprocess
import time
import urllib.parse
import urllib.request

import boto3
import pytest
from conftest import BIN, REDIS, Browser, NoRedirect, base_env, django_json, fetch, gunicorn, have, port, wait_for
from nginxconf import render

BUCKET = "portal-media"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    number = port(9)
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    process = subprocess.Popen([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(number)],
                               stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{number}/moto-api/", timeout=60)
        endpoint = f"http://127.0.0.1:{number}"
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id="portal", aws_secret_access_key="portal-secret")
        client.create_bucket(Bucket=BUCKET, ACL="private")
        yield {"endpoint": endpoint, "client": client,
               "env": {"PORTAL_S3_BUCKET": BUCKET, "PORTAL_S3_ENDPOINT_URL": endpoint,
                       "PORTAL_S3_REGION": "us-east-1", "PORTAL_S3_ACCESS_KEY_ID": "portal",
                       "PORTAL_S3_SECRET_ACCESS_KEY": "portal-secret"}}
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_documents_private_and_downloaded_images_public(s3, demo_copy, tmp_path):
    env = {**base_env(**s3["env"]), "DATABASE_URL": demo_copy("s3", tmp_path / "unused")["url"]}
    urls = django_json(
        "import json; from django.core.files.base import ContentFile; "
        "from django.core.files.storage import default_storage as s;"
        "d = s.save('so-y-te/attachment-tep/2026/12/bao-cao.pdf', ContentFile(b'%PDF-1.4 test'));"
        "i = s.save('so-y-te/article-anh/2026/12/anh.jpg', ContentFile(b'\\xff\\xd8\\xff\\xe0 jpeg'));"
        "print(json.dumps({'document': s.url(d), 'image': s.url(i), 'names': [d, i],"
        " 'listed': s.listdir('so-y-te')[0]}))", env)
    assert urls["listed"] == ["article-anh", "attachment-tep"]
    # The image: public, at a stable unsigned address.
    assert "Signature" not in urls["image"] and "X-Amz" not in urls["image"]
    status, headers, body = fetch(urls["image"])
    assert status == 200 and body.startswith(b"\xff\xd8")
    assert "attachment" not in headers.get("Content-Disposition", "")
    # The document: signed, downloaded as an attachment; without the signature, refused.
    assert "X-Amz-Signature" in urls["document"]
    status, headers, body = fetch(urls["document"])
    assert status == 200 and body == b"%PDF-1.4 test"
    assert headers["Content-Disposition"].startswith("attachment")
    unsigned = urls["document"].split("?")[0]
    assert fetch(unsigned)[0] == 403
    acl = s3["client"].get_object_acl(Bucket=BUCKET, Key=urls["names"][0])
    assert not any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in acl["Grants"])
    # (moto lets anyone list a private bucket; a real S3 or MinIO refuses it: not checked here.)


def _multipart(field: str, filename: str, content: bytes, content_type: str) -> tuple[bytes, str]:
    boundary = "----portal-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_two_app_servers_share_database_cache_and_media(s3, demo_copy, tmp_path):
    db = demo_copy("two", tmp_path / "unused")
    env = {**base_env(**s3["env"], REDIS_URL=REDIS), "DATABASE_URL": db["url"],
           "ALLOWED_HOSTS": "127.0.0.1,localhost,congthongtin.example.gov.vn", "LOG_FORMAT": "json",
           "ACCESS_LOG_LEVEL": "INFO"}
    draft = django_json(
        "import json; from content.models import Article, Category; from agencies.models import Agency;"
        "from django.core.files.base import ContentFile;"
        "a = Agency.objects.get(slug='so-y-te'); c = Category.objects.filter(agency=a).first();"
        "x = Article(agency=a, category=c, title='Tin thử hai máy chủ 2026', body='<p>Nội dung mới</p>');"
        "x.save();"
        "att = x.attachments.model(agency=a, article=x, title='Báo cáo kèm');"
        "att.file.save('bao-cao.pdf', ContentFile(b'%PDF-1.4 shared'), save=True);"
        "print(json.dumps({'id': x.pk, 'status': x.status, 'slug': x.slug}))", env)
    assert draft["status"] == "draft"
    a_port, b_port = port(4), port(5)
    with gunicorn(a_port, env, workers=1, log=tmp_path / "a.log"), \
            gunicorn(b_port, env, workers=1, log=tmp_path / "b.log"):
        a, b = f"http://127.0.0.1:{a_port}", f"http://127.0.0.1:{b_port}"
        status, _, body = fetch(b + "/so-y-te/tin-tuc/")  # B caches the list without the draft
        assert status == 200 and "Tin thử hai máy chủ" not in body.decode()
        status, headers, _ = fetch(b + "/so-y-te/tin-tuc/")
        assert headers["X-Page-Cache"] == "hit"

        officer = Browser(a)
        officer.login("so-y-te-duyet")
        status, _, body = officer.post("/admin/content/article/", [
            ("action", "publish_selected"), ("_selected_action", str(draft["id"])), ("index", "0")])
        assert status == 302, body[:1000]
        published_at = time.monotonic()

        status, headers, body = fetch(b + "/so-y-te/tin-tuc/")
        page = body.decode()
        assert status == 200 and "Tin thử hai máy chủ 2026" in page, "B did not see A's publication"
        assert time.monotonic() - published_at < 5
        link = re.search(r'href="(/so-y-te/tin-tuc/[^"]+)"[^>]*>\s*Tin thử hai máy chủ', page)
        assert link, "no link to the article"
        status, _, body = fetch(b + link.group(1))
        assert status == 200
        href = re.search(r'<a href="([^"]+)" download>Báo cáo kèm', body.decode()).group(1)
        status, headers, content = fetch(href.replace("&amp;", "&"))
        assert status == 200 and content == b"%PDF-1.4 shared"
        assert headers["Content-Disposition"].startswith("attachment")

        # An image uploaded through A (the editor's upload) is in the shared bucket, public.
        from io import BytesIO

        from PIL import Image

        buffer = BytesIO()
        Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
        data, content_type = _multipart("upload", "anh.png", buffer.getvalue(), "image/png")
        status, _, body = fetch(a + "/admin/editor/upload/", data=data, opener=officer.opener, headers={
            "Content-Type": content_type, "X-CSRFToken": officer.cookie("csrftoken"), "Referer": a + "/admin/"})
        assert status == 200, body[:500]
        url = json.loads(body)["url"]
        assert url.startswith(s3["endpoint"]) and "Signature" not in url
        key = urllib.parse.urlparse(url).path.split(f"/{BUCKET}/", 1)[1]
        assert s3["client"].head_object(Bucket=BUCKET, Key=key)["ContentLength"] > 0
        status, headers, _ = fetch(url)
        assert status == 200 and headers["Content-Type"].startswith("image/")

        # One nginx in front of both: every answer, whichever server gives it, has the publication.
        def served(name):
            return (tmp_path / name).read_text().count('"path": "/so-y-te/tin-tuc/"')

        before = {name: served(name) for name in ("a.log", "b.log")}
        conf = render(tmp_path / "nginx", port(6), port(7), [a_port, b_port], tmp_path / "m", tmp_path / "s")
        subprocess.run([have("nginx"), "-c", str(conf)], check=True)
        try:
            wait_for(f"http://127.0.0.1:{port(6)}/", status=301, timeout=20)
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
            for n in range(6):
                status, _, body = fetch(f"https://127.0.0.1:{port(7)}/so-y-te/tin-tuc/?n={n}",
                                        headers={"Host": "congthongtin.example.gov.vn"}, opener=opener)
                assert status == 200 and "Tin thử hai máy chủ 2026" in body.decode()
            time.sleep(0.5)
            assert all(served(name) > before[name] for name in before), "nginx did not use both app servers"
        finally:
            subprocess.run([have("nginx"), "-c", str(conf), "-s", "quit"], check=False)
