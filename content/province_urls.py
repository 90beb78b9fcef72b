"""Province-wide pages of this section (across all agencies)."""

from django.urls import path

from agencies.cache import cache_province_page

from . import feeds, views

app_name = "content_province"
urlpatterns = [
    path("tin-tuc/", views.province_news_list, name="news_list"),
    path("tin-tuc/rss.xml", cache_province_page(feeds.ProvinceNewsFeed()), name="news_rss"),
    path("tin-tuc/atom.xml", cache_province_page(feeds.ProvinceNewsAtomFeed()), name="news_atom"),
    path("tin-tuc/tim-kiem/", views.province_search, name="search"),
]
