"""The one HTML sanitizer: an nh3 allow-list applied whenever rich text is saved.

Text pasted from Word, LibreOffice or Google Docs keeps its structure (headings, numbered and
bulleted lists, tables with their header row, links, emphasis, alignment) and loses everything else:
mso- styles, <o:p>, conditional comments, <font>, classes and inline styles. The structure is
recovered first (portal/office_html.py), then the allow-list below decides what stays.
"""

import re

import nh3

from .office_html import ALIGN_CLASSES, ALIGNABLE, OL_TYPES, normalise

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr",
}
# "class" carries alignment only (text-center, text-right, text-justify; _filter_attribute): inline
# styles are not allowed, and the public pages' Content Security Policy would ignore them anyway.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "class"},
    "td": {"colspan", "rowspan", "class"},
    "ol": {"start", "type"},
    **{tag: {"class"} for tag in ALIGNABLE - {"th", "td"}},
}
_ALIGN_CLASS_VALUES = frozenset(ALIGN_CLASSES.values())
# Links may go to the web, to e-mail and phones, or stay on the site; never javascript: or data:.
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Whole elements whose content must go too, not only their tags.
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "xml"}

_EMPTY_PARAGRAPHS = re.compile(r"<p>(\s|&nbsp;|\u00a0|<br>)*</p>")


def _same_site_or_absolute(value: str) -> bool:
    return not value.lower().startswith(("//",))


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return value if value in _ALIGN_CLASS_VALUES else None
    if element == "ol" and attribute == "type":
        return value if value in OL_TYPES else None
    if element == "ol" and attribute == "start":
        return value if value.isdigit() and len(value) <= 4 else None
    if element == "img" and attribute == "src":
        # Images only from our own media, never hot-linked or inlined as data:.
        return value if value.startswith("/media/") else None
    if element == "a" and attribute == "href" and not _same_site_or_absolute(value):
        return None
    return value


def sanitize_html(html: str | None) -> str:
    """Return a clean, semantic version of ``html``; idempotent."""
    if not html:
        return ""
    html = normalise(html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    cleaned = _EMPTY_PARAGRAPHS.sub("", cleaned)
    return cleaned.strip()
