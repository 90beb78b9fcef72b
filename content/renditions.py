"""Cover images of articles, turned once (when uploaded) into a few fixed renditions.

Each rendition is written in WebP and in JPEG next to the cover, and its names and size are kept on
the article (``Article.cover_renditions``), so drawing a page costs no image work and no storage
call: templates get ready ``srcset`` strings with width and height. A cover without renditions, or
a rendition file that went missing, never breaks a page (the browser shows the alt text).
"""

import io
import logging
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.functional import cached_property
from PIL import Image, ImageOps

from portal.uploads import reencode_image

logger = logging.getLogger(__name__)

# name: (width, height or None to keep the aspect ratio)
RENDITIONS = {
    "thumb": (480, 270),  # list thumbnail, 16:9
    "small": (480, None),  # article width on phones
    "large": (960, None),  # article width
    "social": (1200, 630),  # Open Graph / social card
}
FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpg": ("JPEG", {"quality": 82, "optimize": True,
                                                                            "progressive": True})}


def prepare_cover(article) -> None:
    """Re-encode a freshly uploaded cover and store it now, so renditions can be made from it."""
    clean = reencode_image(article.cover)
    article.cover.save(clean.name, clean, save=False)


def _resize(image: Image.Image, width: int, height: int | None) -> Image.Image:
    if height is None:  # fit to the width, never enlarge
        if image.width <= width:
            return image.copy()
        return image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
    # fill a fixed box, cropping from the centre; a small source gives a smaller box of the same shape
    scale = min(1.0, image.width / width, image.height / height)
    box = (max(1, round(width * scale)), max(1, round(height * scale)))
    return ImageOps.fit(image, box, Image.Resampling.LANCZOS)


def make_renditions(cover, storage=None) -> dict:
    """Write every rendition of ``cover`` (a stored FieldFile); returns what to keep on the article."""
    storage = storage or cover.storage or default_storage
    stem = str(PurePosixPath(cover.name).with_suffix(""))
    result = {}
    try:
        with storage.open(cover.name, "rb") as source, Image.open(source) as opened:
            image = ImageOps.exif_transpose(opened)
            if image.mode != "RGB":
                background = Image.new("RGB", image.size, (255, 255, 255))
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            for key, (width, height) in RENDITIONS.items():
                resized = _resize(image, width, height)
                entry = {"w": resized.width, "h": resized.height}
                for ext, (image_format, options) in FORMATS.items():
                    output = io.BytesIO()
                    resized.save(output, format=image_format, **options)
                    entry[ext] = storage.save(f"{stem}-{key}.{ext}", ContentFile(output.getvalue()))
                result[key] = entry
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.exception("Could not make renditions of %s", cover.name)
        return {}
    return result


class Rendition:
    """One stored rendition; its URLs are built on first use (a list draws only the thumbnails)."""

    __slots__ = ("width", "height", "_names", "_storage", "_urls")

    def __init__(self, entry, storage):
        self.width, self.height = int(entry["w"]), int(entry["h"])
        self._names = {"jpg": entry["jpg"], "webp": entry["webp"]}
        self._storage = storage
        self._urls = {}

    def _url(self, ext):
        url = self._urls.get(ext)
        if url is None:
            url = self._urls[ext] = self._storage.url(self._names[ext])
        return url

    @property
    def jpg(self):
        return self._url("jpg")

    @property
    def webp(self):
        return self._url("webp")


class Cover:
    """What a template needs to draw a cover: URLs, srcsets, sizes. Built from stored names only."""

    def __init__(self, article, storage=None):
        self.alt = article.cover_alt
        self._name = article.cover.name
        self._storage = storage or article.cover.storage
        self.renditions = {}
        for key, entry in (article.cover_renditions or {}).items():
            try:
                self.renditions[key] = Rendition(entry, self._storage)
            except (KeyError, TypeError, ValueError):
                continue

    def __bool__(self):
        return bool(self._name)

    @cached_property
    def original(self):
        return self._storage.url(self._name) if self._name else ""

    def _srcset(self, keys, ext):
        return ", ".join(f"{getattr(self.renditions[k], ext)} {self.renditions[k].width}w"
                         for k in keys if k in self.renditions)

    @property
    def thumb(self):
        return self.renditions.get("thumb")

    @property
    def large(self):
        return self.renditions.get("large") or self.renditions.get("small")

    @property
    def social(self):
        return self.renditions.get("social")

    @property
    def article_webp_srcset(self):
        return self._srcset(("small", "large"), "webp")

    @property
    def article_jpg_srcset(self):
        return self._srcset(("small", "large"), "jpg")
