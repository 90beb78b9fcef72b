"""Addresses the desk shows and mails: an item's admin page and, once public, its public page."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from portal.sections import publishable_models


def section_of(model):
    """The registered section a publishable model belongs to, or None."""
    for section, candidate in publishable_models():
        if candidate is model:
            return section
    return None


def admin_change_path(model, object_id) -> str:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[object_id])
    except NoReverseMatch:
        return reverse("admin:index")


def public_path(obj) -> str:
    """The public page of ``obj`` when the public can see it now, else ""."""
    if not getattr(obj, "is_public", False):
        return ""
    url = ""
    if hasattr(obj, "get_absolute_url"):
        try:
            url = obj.get_absolute_url()
        except (NoReverseMatch, AttributeError, ValueError):
            url = ""
    if not url:
        section = section_of(type(obj))
        agency = getattr(obj, "agency", None)
        if section is not None and agency is not None:
            try:
                url = agency.reverse(section.url_name)
            except NoReverseMatch:
                url = ""
    return url


def absolute(path: str) -> str:
    """A link that works from an e-mail: the portal's base URL before a path; a scheme before //host."""
    if not path:
        return ""
    if path.startswith("//"):
        scheme = "https:" if settings.PORTAL_BASE_URL.startswith("https") or not settings.DEBUG else "http:"
        return scheme + path
    if path.startswith("/"):
        return settings.PORTAL_BASE_URL.rstrip("/") + path
    return path
