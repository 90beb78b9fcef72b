from django import template
from django.urls import NoReverseMatch

register = template.Library()


@register.simple_tag
def agency_url(agency, viewname, *args, **kwargs):
    """``{% agency_url agency "content:news_list" %}``: right in path mode and host mode."""
    return agency.reverse(viewname, *args, **kwargs)


@register.simple_tag
def section_links(agency):
    """(section, url) for the agency's navigation, from the registry."""
    from portal.sections import all_sections

    links = []
    for section in all_sections():
        try:
            links.append((section, agency.reverse(section.url_name)))
        except NoReverseMatch:
            continue
    return links


@register.simple_tag
def portal_url(viewname, *args, **kwargs):
    """A page of the province site, also from an agency's own host name (then absolute)."""
    from django.conf import settings
    from django.urls import get_urlconf, reverse

    path = reverse(viewname, args=args or None, kwargs=kwargs or None, urlconf=settings.ROOT_URLCONF)
    if get_urlconf() == settings.AGENCY_HOST_URLCONF:
        return settings.PORTAL_BASE_URL + path
    return path
