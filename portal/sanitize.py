"""The one HTML sanitizer: an nh3 allow-list applied whenever rich text is saved.

Text pasted from Word keeps its structure (headings, lists, tables, links, emphasis) and loses
everything else: mso- styles, <o:p>, conditional comments, <font>, classes and inline styles.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# Links may go to the web, to e-mail and phones, or stay on the site; never javascript: or data:.
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Whole elements whose content must go too, not only their tags.
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "xml"}

# Word's conditional comments (<!--[if gte mso 9]>…<![endif]-->) can hide markup from parsers.
_CONDITIONAL_COMMENTS = re.compile(r"<!--\[if.*?<!\[endif\]-->", re.DOTALL | re.IGNORECASE)
_OFFICE_TAGS = re.compile(r"</?(o|w|m|v):[^>]*>", re.IGNORECASE)
_EMPTY_PARAGRAPHS = re.compile(r"<p>(\s|&nbsp;|\u00a0|<br>)*</p>")


def _same_site_or_absolute(value: str) -> bool:
    return not value.lower().startswith(("//",))


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
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
    html = _CONDITIONAL_COMMENTS.sub("", html)
    html = _OFFICE_TAGS.sub("", html)
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
