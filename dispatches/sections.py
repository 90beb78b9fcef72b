"""Section 8 in the registry (portal/sections.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.search import Doc, Searchable
from portal.sections import AgencyFigures, Section, SectionApp, SectionSummary, register, register_app


def summarize(agency_ids, now):
    """Records of the register (or periods of totals) and the latest change of either."""
    from .stats import last_updated

    return {agency_id: SectionSummary(row["count"], row["last"]) for agency_id, row in last_updated(agency_ids).items()}


def agency_block_context(agency):
    """This month's incoming and outgoing totals, for the agency home."""
    from .stats import direction_totals, dispatch_counts, month_of

    month = month_of(timezone.localdate())
    counts = dispatch_counts([month], [agency.pk], by=("direction",))[month.key]
    return {"month": month, "totals": direction_totals(counts)}


def agency_block(agency, values, now):
    """The summary and this month's totals from the figures of the agency row (``stats.agency_figures``);
    an agency keeping totals instead of a register is asked as before (two or three more queries)."""
    from .stats import month_of

    if values["totals"]:
        return summarize([agency.pk], now).get(agency.pk), agency_block_context(agency)
    incoming, outgoing = values["incoming"] or 0, values["outgoing"] or 0
    summary = SectionSummary(values["count"] or 0, values["last"]) if values["last"] else None
    return summary, {"month": month_of(timezone.localtime(now).date()),
                     "totals": {"incoming": incoming, "outgoing": outgoing, "total": incoming + outgoing}}


def _figures(now):
    from .stats import agency_figures

    return agency_figures(now)


# --- what the site-wide search finds: dispatches whose details are public (portal/search.py) -----
def public_dispatches(now):
    from .models import Dispatch

    return Dispatch.objects.public_details().select_related("agency")


def dispatch_document(dispatch):
    return Doc(title=dispatch.summary, url=dispatch.get_absolute_url(), number=dispatch.number_symbol,
               text=[dispatch.get_doc_type_display(), dispatch.organ_name, dispatch.signer_name,
                     dispatch.handling_unit],
               summary=" · ".join(p for p in (dispatch.get_direction_display(), dispatch.number_symbol,
                                              dispatch.organ_name, f"{dispatch.issued_date:%d/%m/%Y}") if p),
               date=dispatch.entry_date)


DISPATCH_SEARCH = Searchable(kind="cong-van", label=_("Công văn đi - đến"), model="dispatches.Dispatch",
                             public=public_dispatches, document=dispatch_document, order=80)


register(Section(
    number=8, key="van-ban-di-den", title=_("Công văn đi - đến"), url_name="dispatches:stats",
    path="van-ban-di-den", update_rule=_("Cập nhật hằng ngày, hằng tuần"), frequency="continuous",
    summarize=summarize,
    description=_("Tổng số văn bản đi, văn bản đến theo loại (nghị định, quyết định, chỉ thị, thông tư, "
                  "công văn…), tích hợp từ hệ thống quản lý văn bản hoặc nhập trực tiếp. Không đưa lên "
                  "văn bản mật."),
    admin_url_name="admin:dispatches_dispatch_changelist",
    models=("dispatches.Dispatch", "dispatches.PeriodTotal", "dispatches.DispatchSettings", "dispatches.ApiToken"),
    province_url_name="dispatches_province:stats",
    agency_block_template="dispatches/includes/agency_block.html",
    agency_figures=AgencyFigures(figures=_figures, build=agency_block),
    rule={"kind": "recent_dispatches"},
    searchables=(DISPATCH_SEARCH,),
))


register_app(SectionApp(
    label="dispatches",
    urls="dispatches.urls",
    province_urls="dispatches.province_urls",
    sitemaps="dispatches.sitemaps.SITEMAPS",
    reserved_paths=("van-ban-di-den",),
    demo_loaders=((60, "dispatches.demo.load_dispatches"),),
    bulk_seeders=(
        (60, "dispatches.bulk.seed_dispatches", [
            (("--dispatches",), {"type": int, "default": 0,
                                 "help": "Số văn bản đi - đến của mỗi cơ quan (tạo thêm nếu thiếu)."}),
        ]),
    ),
))
