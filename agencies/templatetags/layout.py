"""The page layout's fixed parts (banner, navigation, footer), rendered once and kept in the cache.

    {% load layout %}
    {% layout_fragment "footer" %}…{% endlayout_fragment %}
    {% layout_fragment "agency_nav" mark_current %}…{% endlayout_fragment %}

A fragment's scope holds the language, the URL mode (path or the agency's own host), the province's
profile and, on an agency's pages, the agency and its content version (agencies/cache.py's
``agency_version``: bumped by any change of the agency's profile or public content). So a change shows
on the next page rendered, as with the page cache, and nothing is purged by hand.

The fragments of one scope are kept together in one entry, at a key the page's address gives
(``layout_key``: the language and the token key the agency is found by, or the province's), with the
scope they were rendered for; they are served only for that scope. The page cache middleware reads
that key in the request's one ``get_many`` (portal/request_cache.py), so a page rendered from its
view reads its layout with no round trip of its own.

What changes from page to page stays outside (the language switch, which links to this page) or is
applied after the cache: ``mark_current`` adds ``aria-current="page"`` to the link whose address is
the requested path, so the cached navigation carries none.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader_tags import BlockNode
from django.urls import get_urlconf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from agencies.cache import PROVINCE_KEY, agency_version, host_key, layout_key, slug_key
from portal import request_cache

register = template.Library()


def _province_mark(province) -> str:
    if province is None:
        return "-"
    values = tuple(getattr(province, field.attname) for field in province._meta.concrete_fields)
    return hashlib.md5(repr(values).encode(), usedforsecurity=False).hexdigest()[:12]


# Every fragment the layout templates use (kept together, one entry per scope).
FRAGMENTS = ("banner", "province_nav", "agency_nav", "footer")


def _scope(context) -> str | None:
    """What the layout depends on besides the fragment's name, or None when it must be rendered (no
    request, the cache turned off, or an agency object without its version loaded)."""
    request = context.get("request")
    if request is None or not getattr(settings, "PORTAL_FRAGMENT_CACHE", True):
        return None
    province, agency = context.get("province"), context.get("agency")
    # The fragments of one page share their scope: worked out once per request.
    identity = (get_language(), get_urlconf(), id(province), id(agency))
    held = getattr(request, "_layout_scope", None)
    if held is not None and held[0] == identity:
        return held[1]
    parts = [identity[0] or "", identity[1] or "", _province_mark(province)]
    scope = None
    if agency is None:
        scope = hashlib.md5("|".join(parts).encode(), usedforsecurity=False).hexdigest()
    elif agency.pk is not None and not {"content_version", "next_publication_at"} & agency.get_deferred_fields():
        parts += [str(agency.pk), agency_version(agency)]
        scope = hashlib.md5("|".join(parts).encode(), usedforsecurity=False).hexdigest()
    request._layout_scope = (identity, scope)
    return scope


def _entry_key(context) -> str:
    """The key of the layout entry of this page: the agency's as it was found (its own host name
    or its slug, as the page cache does), else the province's."""
    agency = context.get("agency")
    if agency is None:
        token_key = PROVINCE_KEY
    elif agency.host and get_urlconf() == settings.AGENCY_HOST_URLCONF:
        token_key = host_key(agency.host)
    else:
        token_key = slug_key(agency.slug)
    return layout_key(get_language() or "", token_key)


def _cached_fragments(context, scope: str):
    """(scope, {name: html}, entry key) of this page, read once per request (from the request's
    get_many when the middleware named the key)."""
    request = context["request"]
    held = getattr(request, "_layout_fragments", None)
    if held is None or held[0] != scope:
        key = _entry_key(context)
        entry = request_cache.get(key)
        fragments = dict(entry[1]) if entry is not None and entry[0] == scope else {}
        held = request._layout_fragments = (scope, fragments, key)
    return held


def mark_current(html: str, path: str) -> str:
    """``aria-current="page"`` on the first link to ``path``."""
    link = f'<a href="{escape(path)}">'
    return html.replace(link, f'<a href="{escape(path)}" aria-current="page">', 1)


class LayoutFragmentNode(template.Node):
    # Not walked for {% block %}s: a page extending base.html has Django look for the root's blocks in
    # its whole node tree on every render, and the fragments are most of that tree. A block inside a
    # fragment would be cached per agency, not per page, so the tag refuses one (below).
    child_nodelists = ()

    def __init__(self, name, nodelist, current):
        self.name, self.nodelist, self.current = name, nodelist, current

    def render(self, context):
        scope = _scope(context)
        held = _cached_fragments(context, scope) if scope else None
        html = held[1].get(self.name) if held else None
        if html is None:
            html = self.nodelist.render(context)
            if held:
                # The entry keeps every fragment of its scope rendered so far (pages of one scope may
                # show different ones); a page rendered under an older scope only overwrites it until
                # the next page of the current scope.
                held[1][self.name] = str(html)
                cache.set(held[2], (scope, held[1]), settings.PORTAL_PAGE_CACHE_SECONDS)
        if self.current:
            request = context.get("request")
            if request is not None:
                html = mark_current(html, request.path)
        return mark_safe(html)


@register.tag
def layout_fragment(parser, token):
    bits = token.split_contents()
    if (len(bits) not in (2, 3) or bits[1][1:-1] not in FRAGMENTS or bits[1][0] not in "\"'"
            or (len(bits) == 3 and bits[2] != "mark_current")):
        raise template.TemplateSyntaxError(
            'usage: {% layout_fragment "name" [mark_current] %}, the name one of layout.FRAGMENTS')
    nodelist = parser.parse(("endlayout_fragment",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% block %} cannot be inside a {% layout_fragment %} (cached per agency)")
    return LayoutFragmentNode(bits[1][1:-1], nodelist, len(bits) == 3)
