import io

import pytest
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def png():
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(output, "PNG")
    output.seek(0)
    output.name = "anh.png"
    return output


def test_login_attempts_are_limited(client, editor, settings):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": editor.username, "password": "sai"})
    response = client.post(url, {"username": editor.username, "password": "matkhau-thu-123"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.text


def test_editor_image_upload_stores_under_agency_folder(login, editor, agency):
    response = login(editor).post(reverse("editor_image_upload"), {"upload": png()})
    assert response.status_code == 200
    assert response.json()["url"].startswith(f"/media/{agency.slug}/noi-dung-anh/")


def test_editor_image_upload_refuses_fake_images(login, editor):
    fake = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    fake.name = "anh.png"
    response = login(editor).post(reverse("editor_image_upload"), {"upload": fake})
    assert response.status_code == 400
    assert "không phải là ảnh" in response.json()["error"]["message"]


def test_editor_image_upload_needs_a_member(client, login, provincial_reviewer):
    assert client.post(reverse("editor_image_upload"), {"upload": png()}).status_code == 302
    assert login(provincial_reviewer).post(reverse("editor_image_upload"), {"upload": png()}).status_code == 403


def test_media_documents_are_served_as_downloads(client, settings, tmp_path):
    folder = settings.MEDIA_ROOT / "so-a"
    folder.mkdir(parents=True)
    (folder / "x.pdf").write_bytes(b"%PDF-1.4")
    response = client.get("/media/so-a/x.pdf")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/../settings.py").status_code == 404
