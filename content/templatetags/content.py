from django import template
from django.utils import timezone

register = template.Library()


def news_prefix(agency) -> str:
    """The agency's news list URL, reversed once per agency object (host or path mode)."""
    prefix = getattr(agency, "_news_prefix", None)
    if prefix is None:
        prefix = agency._news_prefix = agency.reverse("content:news_list")
    return prefix


@register.simple_tag
def article_url(article, agency=None):
    """``{% article_url item agency %}``: the article's address, without a full URL reverse per item
    (``tin-tuc/<slug>/`` sits under ``tin-tuc/``)."""
    return f"{news_prefix(agency or article.agency)}{article.slug}/"


# Dates as the portal shows them (dd/mm/yyyy), in local time. The same result as the ``date`` filter
# with these formats, without its per-call format lookups: lists draw two dates per item.
def _local(value):
    if value is None or value == "":
        return None
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def vn_date(value):
    """``dd/mm/yyyy``."""
    value = _local(value)
    return value.strftime("%d/%m/%Y") if value else ""


@register.filter
def vn_datetime(value):
    """``HH:MM dd/mm/yyyy``."""
    value = _local(value)
    return value.strftime("%H:%M %d/%m/%Y") if value else ""


@register.filter
def iso(value):
    """ISO 8601 in local time, for ``<time datetime>`` and meta tags."""
    value = _local(value)
    return value.isoformat() if value else ""
