"""Vietnamese text helpers: the one diacritic folding function used by every search."""

import re
import unicodedata

from django.utils.html import strip_tags

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, drop diacritics, map đ to d and squeeze spaces.

    >>> fold("Thủ tục Hành chính Đất đai")
    'thu tuc hanh chinh dat dai'
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    # Combining marks go (diacritics); so do control characters such as NUL, which PostgreSQL
    # refuses in text and no search needs.
    stripped = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in decomposed
                       if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def fold_html(html: str | None) -> str:
    """Fold the visible text of an HTML fragment (rich-text bodies)."""
    return fold(strip_tags(html or "").replace("&nbsp;", " "))


def search_terms(query: str | None) -> list[str]:
    """The folded words of a search box entry, at most ten of them."""
    return fold(query).split()[:10]
