from django import template
from django.utils import timezone
from django.utils.html import format_html
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
# include costs a template render with its variable look-ups for each.
_ITEM_THUMB = ('  <picture class="news-thumb">\n    <source type="image/webp" srcset="{}">\n'
               '    <img src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">\n'
               '  </picture>\n')


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
    level = option("level") or 3
    featured = " news-item-featured" if item.featured and option("highlight") else ""
    parts = [format_html('\n<article class="news-item{}">\n', featured)]
    if thumb:
        parts.append(format_html(_ITEM_THUMB, thumb.webp, thumb.jpg, thumb.width, thumb.height, cover.alt))
    parts.append(format_html(
        '  <div class="news-text">\n    <h{} class="news-title"><a href="{}">{}</a></h{}>\n'
        '    <p class="news-meta"><time datetime="{}">{}</time> · {}',
        level, url, item.title, level, iso(item.published_at), vn_date(item.published_at), item.category.name))
    if show_agency:
        parts.append(format_html(' · <span class="news-agency">{}</span>',
                                 item.agency.short_name or item.agency.name))
    parts.append(mark_safe("</p>\n"))
    if not option("compact"):
        parts.append(format_html('    <p class="news-summary">{}</p>\n', item.summary))
    parts.append(mark_safe("  </div>\n</article>\n"))
    return mark_safe("".join(parts))
