"""RSS and Atom feeds of the news, per agency and for the whole province (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from portal.models import Province

from .models import Article

FEED_SIZE = 20


class AgencyNewsFeed(Feed):
    """The latest published articles of the agency of the request."""

    def get_object(self, request, *args, **kwargs):
        return request.agency

    def title(self, agency):
        return _("Tin tức hoạt động — %(agency)s") % {"agency": agency.name}

    def description(self, agency):
        return _("Tin tức hoạt động mới nhất của %(agency)s.") % {"agency": agency.name}

    def link(self, agency):
        return agency.reverse("content:news_list")

    def items(self, agency):
        items = list(Article.objects.published().for_agency(agency).for_listing().newest_first()[:FEED_SIZE])
        for item in items:
            item.agency = agency  # links are built from the agency without a query per item
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> are read as HTML by feed readers: the sapo
        # is plain text, so it goes out escaped (a "<img onerror=…>" shows as text, never runs).
        return escape(item.summary)

    def item_link(self, item):
        return item.agency.reverse("content:article", slug=item.slug)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name]


class AgencyNewsAtomFeed(AgencyNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, agency):
        return self.description(agency)


class ProvinceNewsFeed(AgencyNewsFeed):
    """The latest published articles of every agency on the portal."""

    def get_object(self, request, *args, **kwargs):
        return Province.current()

    def title(self, province):
        return _("Tin tức hoạt động các cơ quan — %(province)s") % {"province": province.name}

    def description(self, province):
        return _("Tin tức hoạt động mới nhất của các cơ quan, đơn vị trên %(portal)s.") % {
            "portal": province.portal_name}

    def link(self, province):
        return reverse("content_province:news_list")

    def items(self, province):
        return list(Article.objects.public().for_listing(with_agency=True).newest_first()[:FEED_SIZE])

    def item_author_name(self, item):
        return item.agency.name


class ProvinceNewsAtomFeed(ProvinceNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, province):
        return self.description(province)
