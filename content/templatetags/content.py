from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

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


# One article in a list (news lists, the article page's latest news, search results, the province's
# news block). A tag rather than an included template: lists draw up to 23 of them per page, and an
# include costs a template render with its variable look-ups for each. Text is escaped with the
# standard library's html.escape, which is what Django's escape does (quotes included), without the
# lazy-string checks of format_html around each of a dozen values per item.
@register.simple_tag(takes_context=True)
def news_item(context, item, **options):
    """``{% news_item item [highlight=True] [compact=True] [show_agency=True] [level=2] %}``; options
    not given are read from the context (``show_agency``, ``agency``), as the included template did."""
    def option(name, default=None):
        return options[name] if name in options else context.get(name, default)

    show_agency = option("show_agency")
    url = article_url(item) if show_agency else article_url(item, context.get("agency"))
    cover = item.cover_image
    thumb = cover.thumb if cover else None
    level = int(option("level") or 3)
    featured = " news-item-featured" if item.featured and option("highlight") else ""
    parts = [f'\n<article class="news-item{featured}">\n']
    if thumb:
        parts.append(f'  <picture class="news-thumb">\n    <source type="image/webp" srcset="{escape(thumb.webp)}">\n'
                     f'    <img src="{escape(thumb.jpg)}" width="{thumb.width}" height="{thumb.height}" '
                     f'alt="{escape(cover.alt)}" loading="lazy" decoding="async">\n  </picture>\n')
    parts.append(
        f'  <div class="news-text">\n    <h{level} class="news-title"><a href="{escape(url)}">{escape(item.title)}</a>'
        f'</h{level}>\n    <p class="news-meta"><time datetime="{iso(item.published_at)}">'
        f'{vn_date(item.published_at)}</time> · {escape(item.category.name)}')
    if show_agency:
        parts.append(f' · <span class="news-agency">{escape(item.agency.short_name or item.agency.name)}</span>')
    parts.append("</p>\n")
    if not option("compact"):
        parts.append(f'    <p class="news-summary">{escape(item.summary)}</p>\n')
    parts.append("  </div>\n</article>\n")
    return mark_safe("".join(parts))
