"""A ninth section, declared the way a real app declares one: this file is all it takes.

It reuses the test app's Note model as its content. tests/portal/test_ninth_section.py installs
this package as an app and shows the section everywhere the registry reaches.
"""

from portal.sections import Section, SectionApp, published_summary, register, register_app


def summarize(agency_ids, now):
    from tests.tenancy_app.models import Note

    return published_summary(Note.objects.published(now), agency_ids)


register(Section(
    number=9, key="muc-thu-chin", title="Mục thứ chín", url_name="ninth_section:index", path="muc-thu-chin",
    update_rule="Cập nhật hằng tuần", frequency="continuous", summarize=summarize,
    province_url_name="ninth_section_province:index", rule={"kind": "recent_update", "days": 7},
))

register_app(SectionApp(
    label="ninth_section",
    urls="tests.ninth_section.urls",
    province_urls="tests.ninth_section.province_urls",
    sitemaps="tests.ninth_section.sitemaps.SITEMAPS",
    reserved_paths=("muc-thu-chin",),
    demo_loaders=((95, "tests.ninth_section.demo.load"),),
    bulk_seeders=((95, "tests.ninth_section.demo.seed", [(("--ghi-chu",), {"type": int, "default": 0})]),),
))
