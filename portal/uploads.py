"""The one place uploads are checked, named and re-encoded.

Documents are recognised by their content (not only their name) and must match their extension;
images are opened and re-encoded by Pillow, so metadata, trailing payloads and polyglots are gone.
Files are stored under the agency's own folder with generated names.
"""

import io
import os
import shutil
import uuid
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Detected type → extensions a file of that type may carry.
DOCUMENT_TYPES = {
    "pdf": {".pdf"},
    "doc": {".doc"},
    "docx": {".docx"},
    "xls": {".xls"},
    "xlsx": {".xlsx"},
    "odt": {".odt"},
    "ods": {".ods"},
    "jpg": {".jpg", ".jpeg"},
    "png": {".png"},
}
DOCUMENT_EXTENSIONS = sorted({ext for exts in DOCUMENT_TYPES.values() for ext in exts})
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def _agency_slug(instance) -> str:
    agency = getattr(instance, "agency", None)
    slug = getattr(agency, "slug", None) or getattr(instance, "slug", None)
    return slug or "chung"


def generated_name(instance, filename: str, folder: str) -> str:
    ext = PurePosixPath(filename).suffix.lower()
    now = timezone.now()
    return f"{_agency_slug(instance)}/{folder}/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"


def image_upload_to(instance, filename):
    return generated_name(instance, filename, f"{instance._meta.model_name}-anh")


def document_upload_to(instance, filename):
    return generated_name(instance, filename, f"{instance._meta.model_name}-tep")


def _read_head(file, size=8192) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head


def detect_document_type(file) -> str | None:
    """The document type of ``file`` judged by its content, or None."""
    file.seek(0)
    kind = filetype.guess(file)
    file.seek(0)
    if kind is not None and kind.extension in DOCUMENT_TYPES:
        return kind.extension
    return None


def ensure_room(file) -> None:
    """Refuse an upload the media disk has no room for, before anything is written.

    Only for media on a local folder (object storage has no such limit); keeps
    PORTAL_MEDIA_MIN_FREE bytes free for the files already being written.
    """
    from django.core.files.storage import FileSystemStorage, default_storage

    if not isinstance(default_storage, FileSystemStorage):
        return
    root = settings.MEDIA_ROOT
    while root and not os.path.isdir(root):
        parent = os.path.dirname(str(root))
        if parent == str(root):
            return
        root = parent
    free = shutil.disk_usage(root).free
    size = getattr(file, "size", None) or 0
    if free - size < settings.PORTAL_MEDIA_MIN_FREE:
        raise ValidationError(
            _("Máy chủ không còn đủ chỗ để lưu tệp “%(name)s” (%(size)s). Chưa có gì được lưu; "
              "xin báo quản trị hệ thống."),
            params={"name": getattr(file, "name", "") or "", "size": filesizeformat(size)}, code="no_room",
        )


def validate_document(file) -> None:
    """Refuse anything that is not a real document of an allowed type, or too big."""
    name = getattr(file, "name", "") or ""
    ext = PurePosixPath(name).suffix.lower()
    if file.size > settings.PORTAL_MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); tối đa %(max)s."),
            params={"name": name, "size": filesizeformat(file.size),
                    "max": filesizeformat(settings.PORTAL_MAX_DOCUMENT_SIZE)},
            code="too_big",
        )
    if ext not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("Tệp “%(name)s” không thuộc loại được phép (%(allowed)s)."),
            params={"name": name, "allowed": ", ".join(DOCUMENT_EXTENSIONS)}, code="extension",
        )
    detected = detect_document_type(file)
    if detected is None or ext not in DOCUMENT_TYPES[detected]:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không đúng là tệp %(ext)s; hãy tải lên tệp gốc."),
            params={"name": name, "ext": ext.lstrip(".").upper()}, code="content",
        )
    ensure_room(file)


def _to_srgb(image):
    """Pixels converted from an embedded colour profile to sRGB, so the profile can be dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "L"):
        return image
    try:
        from PIL import ImageCms

        return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                         ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except Exception:  # noqa: BLE001 - a broken profile: keep the pixels as they are
        return image


def _pixels_only(image):
    """A copy that carries nothing but pixels: Pillow writes what ``info`` holds back out (a JPEG
    comment, PNG text chunks, ICC, EXIF, XMP), and any of it may carry a payload."""
    clean = image.copy()
    keep = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
    clean.info = keep
    if hasattr(clean, "_exif"):
        clean._exif = None
    return clean


def reencode_image(file, *, max_side: int | None = None) -> ContentFile:
    """Open ``file`` with Pillow and write it out again: metadata stripped, size capped.

    Raises ValidationError for anything that is not a JPEG, PNG or WebP image, for images that are
    too big in bytes, and for decompression bombs.
    """
    max_side = max_side or settings.PORTAL_MAX_IMAGE_SIDE
    name = getattr(file, "name", "") or "anh"
    size = getattr(file, "size", None)
    if size is not None and size > settings.PORTAL_MAX_IMAGE_SIZE:
        raise ValidationError(
            _("Ảnh “%(name)s” quá lớn (%(size)s); tối đa %(max)s."),
            params={"name": name, "size": filesizeformat(size),
                    "max": filesizeformat(settings.PORTAL_MAX_IMAGE_SIZE)},
            code="too_big",
        )
    invalid = ValidationError(
        _("“%(name)s” không phải là ảnh JPEG, PNG hoặc WebP hợp lệ."), params={"name": name}, code="not_image")
    Image.MAX_IMAGE_PIXELS = settings.PORTAL_MAX_IMAGE_PIXELS
    try:
        file.seek(0)
        with Image.open(file) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise invalid
            probe.verify()
        file.seek(0)
        with Image.open(file) as image:
            if image.width * image.height > settings.PORTAL_MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image_format = image.format
            image = ImageOps.exif_transpose(image)
            image = _to_srgb(image)
            image.thumbnail((max_side, max_side))
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image = _pixels_only(image)
            output = io.BytesIO()
            save_options = {"JPEG": {"quality": 85, "optimize": True, "progressive": True},
                            "PNG": {"optimize": True}, "WEBP": {"quality": 85}}[image_format]
            image.save(output, format=image_format, exif=b"", **save_options)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("Ảnh “%(name)s” có kích thước điểm ảnh quá lớn."), params={"name": name}, code="bomb") from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise invalid from None
    stem = PurePosixPath(name).stem or "anh"
    ensure_room(ContentFile(b"", name=name) if size is None else file)
    return ContentFile(output.getvalue(), name=f"{stem}{IMAGE_FORMATS[image_format]}")


@deconstructible
class ImageValidator:
    """Model-field validator: the upload must survive re-encoding."""

    def __call__(self, file):
        if getattr(file, "_committed", True):
            return  # already stored (and so already re-encoded)
        reencode_image(file)

    def __eq__(self, other):
        return isinstance(other, ImageValidator)


class StoredUploadMixin:
    """What the portal's file fields share: a path by agency, names up to 255 characters, a content check.

    The defaults stay out of migrations (``deconstruct``), so changing them needs none.
    """

    default_upload_to = None  # a staticmethod: the function is compared by identity in deconstruct()
    content_validator = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", self.default_upload_to)
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)
        self.validators.append(self.content_validator)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("upload_to") is self.default_upload_to:
            kwargs.pop("upload_to")
        if kwargs.get("max_length") == 255:
            kwargs.pop("max_length")
        return name, path, args, kwargs


class DocumentField(StoredUploadMixin, models.FileField):
    """A downloadable document (form, decision, report): checked by content, stored by agency."""

    default_upload_to = staticmethod(document_upload_to)
    content_validator = staticmethod(validate_document)


class PortalImageField(StoredUploadMixin, models.ImageField):
    """An image that is re-encoded by Pillow before it is stored (``max_side`` caps its size)."""

    default_upload_to = staticmethod(image_upload_to)
    content_validator = ImageValidator()

    def __init__(self, *args, max_side=None, **kwargs):
        self.max_side = max_side
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_side:
            kwargs["max_side"] = self.max_side
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            clean = reencode_image(file, max_side=self.max_side)
            file.save(clean.name, clean, save=False)
            return file
        return super().pre_save(model_instance, add)
