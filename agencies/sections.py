"""Tenancy in the app registry: the agencies' own sitemap entries, demo agencies and bulk agencies.

No numbered section: section 2 (Bộ máy tổ chức) is ``organization``."""

from portal.sections import SectionApp, register_app

register_app(SectionApp(
    label="agencies",
    urls=None,
    province_urls=None,
    sitemaps="agencies.sitemaps.SITEMAPS",
    reserved_paths=("tim-kiem",),  # the site-wide search (agencies/views.py, portal/search.py)
    # Last of all, the site-wide search index is written once (portal/search.py; some data is bulk-created).
    demo_loaders=((0, "agencies.demo.load_agencies"), (1000, "portal.search.load_demo")),
    bulk_seeders=(
        (0, "agencies.bulk.seed_agencies", [
            (("--agencies",), {"type": int, "default": 20, "help": "Số cơ quan cần có (tạo thêm nếu thiếu)."}),
        ]),
        (1000, "portal.search.seed_bulk", []),
    ),
))
