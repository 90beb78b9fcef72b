import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.uploads import reencode_image, validate_document


def image_bytes(fmt="JPEG", size=(40, 30), exif=False):
    output = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Máy ảnh bí mật"  # Make
        data[0x8825] = {2: (10.0, 45.0, 0.0)}  # GPS
        options["exif"] = data.tobytes()
    image.save(output, format=fmt, **options)
    return output.getvalue()


def docx_bytes():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content):
    return SimpleUploadedFile(name, content)


# --- documents ---------------------------------------------------------------------------------
def test_real_pdf_and_docx_are_accepted():
    validate_document(upload("quyet-dinh.pdf", PDF))
    validate_document(upload("mau-don.docx", docx_bytes()))
    validate_document(upload("anh.jpg", image_bytes()))


def test_html_renamed_to_pdf_is_refused_with_a_vietnamese_message():
    with pytest.raises(ValidationError) as error:
        validate_document(upload("to-khai.pdf", b"<html><script>alert(1)</script></html>"))
    assert "không đúng là tệp PDF" in error.value.messages[0]


def test_extension_must_match_content():
    with pytest.raises(ValidationError):
        validate_document(upload("bang.xlsx", PDF))  # a PDF calling itself a spreadsheet


def test_svg_and_unknown_types_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_document(upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))
    assert "không thuộc loại được phép" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_document(upload("chay.exe", b"MZ\x90\x00" + b"\x00" * 100))


def test_oversized_document_is_refused(settings):
    settings.PORTAL_MAX_DOCUMENT_SIZE = 1000
    with pytest.raises(ValidationError) as error:
        validate_document(upload("lon.pdf", PDF + b"0" * 2000))
    assert "quá lớn" in error.value.messages[0]


# --- images ------------------------------------------------------------------------------------
def test_image_is_reencoded_without_metadata_and_capped(settings):
    settings.PORTAL_MAX_IMAGE_SIDE = 100
    clean = reencode_image(upload("anh-chup.jpg", image_bytes(size=(400, 200), exif=True)))
    with Image.open(clean) as image:
        assert image.size == (100, 50)
        assert not image.getexif()
        assert image.format == "JPEG"
    assert b"bi mat" not in clean.read() and clean.name.endswith(".jpg")


def test_svg_is_not_an_image():
    with pytest.raises(ValidationError) as error:
        reencode_image(upload("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'))
    assert "không phải là ảnh" in error.value.messages[0]


def test_html_renamed_to_jpg_is_refused():
    with pytest.raises(ValidationError):
        reencode_image(upload("anh.jpg", b"<html><body>hi</body></html>"))


def test_polyglot_payload_after_the_image_is_dropped():
    payload = b"<script>alert('polyglot')</script>"
    clean = reencode_image(upload("anh.png", image_bytes("PNG") + payload))
    assert payload not in clean.read()


def test_gif_and_other_formats_are_refused():
    with pytest.raises(ValidationError):
        reencode_image(upload("dong.gif", image_bytes("GIF")))


def test_oversized_image_file_is_refused(settings):
    settings.PORTAL_MAX_IMAGE_SIZE = 100
    with pytest.raises(ValidationError) as error:
        reencode_image(upload("to.jpg", image_bytes()))
    assert "quá lớn" in error.value.messages[0]


def test_decompression_bomb_is_refused(settings):
    settings.PORTAL_MAX_IMAGE_PIXELS = 10_000
    bomb = image_bytes("PNG", size=(2000, 2000))  # tiny file, four million pixels
    with pytest.raises(ValidationError) as error:
        reencode_image(upload("bom.png", bomb))
    assert "điểm ảnh quá lớn" in error.value.messages[0]


def test_truncated_image_is_refused():
    with pytest.raises(ValidationError):
        reencode_image(upload("hong.jpg", image_bytes()[:60]))


# --- model fields ------------------------------------------------------------------------------
def test_image_field_stores_a_reencoded_file_under_the_agency_folder(agency):
    from tests.tenancy_app.models import Note

    note = Note(agency=agency, title="Ảnh", image=upload("IMG_0001.JPG", image_bytes(exif=True)))
    note.full_clean()
    note.save()
    assert note.image.name.startswith(f"{agency.slug}/note-anh/")
    assert "IMG_0001" not in note.image.name
    with note.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()


def test_image_field_refuses_fake_image_in_form_validation(agency):
    from tests.tenancy_app.models import Note

    note = Note(agency=agency, title="Ảnh", image=upload("anh.jpg", b"not an image"))
    with pytest.raises(ValidationError) as error:
        note.full_clean()
    assert "image" in error.value.message_dict


@pytest.mark.django_db
def test_upload_refused_with_a_clear_message_when_the_media_disk_is_full(settings, monkeypatch, tmp_path):
    import shutil
    from collections import namedtuple

    from django.test import Client

    from tests.factories import AgencyFactory, member

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_MEDIA_MIN_FREE = 50 * 1024 * 1024
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(100, 99, 10 * 1024 * 1024))
    pdf = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        validate_document(pdf)
    assert "không còn đủ chỗ" in error.value.messages[0] and "bao-cao.pdf" in error.value.messages[0]
    with pytest.raises(ValidationError, match="không còn đủ chỗ"):
        reencode_image(SimpleUploadedFile("anh.jpg", image_bytes(), content_type="image/jpeg"))
    # The editor's image upload answers the message, and writes nothing.
    agency = AgencyFactory(slug="so-day-dia")
    client = Client()
    client.force_login(member(agency, "editor"))
    response = client.post("/admin/editor/upload/", {"upload": SimpleUploadedFile("anh.jpg", image_bytes())})
    assert response.status_code == 400
    assert "không còn đủ chỗ" in response.json()["error"]["message"]
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))


def test_room_enough_is_accepted(settings, monkeypatch, tmp_path):
    import shutil
    from collections import namedtuple

    settings.MEDIA_ROOT = tmp_path / "media"
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**12, 0, 10**11))
    validate_document(SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"))
