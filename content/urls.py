"""Pages of this section under an agency (/<agency>/... or the agency's own host)."""

from django.urls import path

from agencies.cache import cache_agency_page

from . import feeds, views

app_name = "content"
urlpatterns = [
    path("gioi-thieu/", views.introduction, name="introduction"),
    path("chuc-nang-nhiem-vu/", views.functions, name="functions"),
    path("chuc-nang-nhiem-vu/en/", views.functions_en, name="functions_en"),
    path("tin-tuc/", views.news_list, name="news_list"),
    path("tin-tuc/rss.xml", cache_agency_page(feeds.AgencyNewsFeed()), name="news_rss"),
    path("tin-tuc/atom.xml", cache_agency_page(feeds.AgencyNewsAtomFeed()), name="news_atom"),
    path("tin-tuc/tim-kiem/", views.search, name="search"),
    path("tin-tuc/<slug:slug>/", views.article_detail, name="article"),
    path("tin-tuc/<slug:slug>/in/", views.article_print, name="article_print"),
    path("tin-tuc/<slug:slug>/tai-ve/", views.article_download, name="article_download"),
]
