from django import template

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
