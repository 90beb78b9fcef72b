"""Tenancy in the app registry: the agencies' own sitemap entries, demo agencies and bulk agencies.

No numbered section: section 2 (Bộ máy tổ chức) is ``organization``."""

from portal.sections import SectionApp, register_app

register_app(SectionApp(
    label="agencies",
    urls=None,
    province_urls=None,
    sitemaps="agencies.sitemaps.SITEMAPS",
    demo_loaders=((0, "agencies.demo.load_agencies"),),
    bulk_seeders=(
        (0, "agencies.bulk.seed_agencies", [
            (("--agencies",), {"type": int, "default": 20, "help": "Số cơ quan cần có (tạo thêm nếu thiếu)."}),
        ]),
    ),
))
