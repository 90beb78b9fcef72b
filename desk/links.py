"""Addresses the desk shows and mails (the public page of an item: portal.sections.public_path)."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def admin_change_path(model, object_id) -> str:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[object_id])
    except NoReverseMatch:
        return reverse("admin:index")


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
