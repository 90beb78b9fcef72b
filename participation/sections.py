"""Sections 9 (two-way channels) and 10 (plans and programmes) in the registry (portal/sections.py).

Section 9's summary carries ``extra["overdue"]`` (late answers + consultations without their summary
in time + overdue information requests) and ``extra["overdue_reason"]`` for the generic
``overdue_items`` rule of the provincial review.
"""

from datetime import timedelta

from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from portal.publishing import Status
from portal.search import Doc, Searchable
from portal.sections import (
    AgencyFigures,
    Section,
    SectionApp,
    SectionSummary,
    per_agency,
    published_figures,
    published_summary,
    register,
    register_app,
    summary_of,
)

from . import conf


def overdue_reason(late, unsummarised, requests):
    parts = []
    if late:
        parts.append(_t("%(n)d câu hỏi quá hạn trả lời") % {"n": late})
    if unsummarised:
        parts.append(_t("%(n)d dự thảo hết hạn lấy ý kiến chưa đăng bản tổng hợp, tiếp thu, giải trình")
                     % {"n": unsummarised})
    if requests:
        parts.append(_t("%(n)d yêu cầu cung cấp thông tin quá hạn") % {"n": requests})
    return "; ".join(parts)


def summarize(agency_ids, now):
    """Count and latest answer of published Q&A (+ published consultations), and the overdue items.

    Three queries for any number of agencies: questions (published and late counted together),
    consultations (published and without their summary in time), open requests past their deadline.
    """
    from .models import Consultation, InformationRequest, Question

    ids = list(agency_ids)
    today = timezone.localtime(now).date()
    published = Q(status=Status.PUBLISHED, published_at__lte=now)
    questions = {row["agency_id"]: row for row in Question.objects.filter(agency_id__in=ids).order_by()
                 .values("agency_id").annotate(
                     count=Count("pk", filter=published), last=Max("published_at", filter=published),
                     late=Count("pk", filter=~Q(status=Status.PUBLISHED) & Q(answered_at__isnull=True,
                                                                              due_on__lt=today)))}
    summary_due = today - timedelta(days=conf.get("PARTICIPATION_SUMMARY_DAYS"))
    consultations = {row["agency_id"]: row for row in Consultation.objects.filter(agency_id__in=ids).filter(published)
                     .order_by().values("agency_id").annotate(
                         count=Count("pk"), unsummarised=Count("pk", filter=Q(
                             closes_on__lt=summary_due, response_published_at__isnull=True)))}
    requests = dict(InformationRequest.objects.filter(agency_id__in=ids)
                    .exclude(status__in=InformationRequest.CLOSED)
                    .annotate(deadline=Coalesce(F("extended_until"), F("due_on")))
                    .filter(deadline__lt=today).order_by().values("agency_id")
                    .annotate(n=Count("pk")).values_list("agency_id", "n"))
    result = {}
    for agency_id in ids:
        question = questions.get(agency_id, {})
        consultation = consultations.get(agency_id, {})
        late, unsummarised = question.get("late", 0), consultation.get("unsummarised", 0)
        overdue_requests = requests.get(agency_id, 0)
        result[agency_id] = SectionSummary(
            question.get("count", 0) + consultation.get("count", 0), question.get("last"), {
                "overdue": late + unsummarised + overdue_requests,
                "overdue_reason": overdue_reason(late, unsummarised, overdue_requests),
                "late_questions": late, "unsummarised_consultations": unsummarised,
                "overdue_requests": overdue_requests})
    return result


def agency_figures(now):
    """``summarize``'s count and latest answer for one agency's home (AgencyFigures)."""
    from .models import Consultation, Question

    return {**published_figures(Question.objects.published(now), last_field="published_at", prefix="questions_"),
            **per_agency(Consultation.objects.published(now), consultations=Count("pk"))}


def agency_summary(agency, values, now):
    return SectionSummary((values["questions_count"] or 0) + (values["consultations"] or 0),
                          values["questions_last"]), {}


def plan_figures(now):
    from .models import Plan

    return published_figures(Plan.objects.published(now))


def summarize_plans(agency_ids, now):
    from .models import Plan

    return published_summary(Plan.objects.published(now), agency_ids)


# --- what the site-wide search finds (portal/search.py) -----------------------------------------
# Only what the public pages show. Never the asker's name (even when not anonymous: the index has no
# use for it and a later switch to anonymous must not leave it behind), never an e-mail or phone,
# never comments (their authors' contacts sit beside them), never information requests (private).
SUMMARY_CHARS = 300


def public_questions(now):
    from .models import Question

    return Question.objects.published(now).exclude(answer="").select_related("agency")


def question_document(question):
    return Doc(title=question.topic, url=question.get_absolute_url(),
               text=[question.question, question.answer, question.answered_by_unit],
               summary=question.question[:SUMMARY_CHARS], date=question.published_at)


def public_consultations(now):
    from .models import Consultation

    return Consultation.objects.published(now).select_related("agency")


def consultation_document(consultation):
    period = _t("Lấy ý kiến từ %(start)s đến hết %(end)s") % {
        "start": consultation.opens_on.strftime("%d/%m/%Y"), "end": consultation.closes_on.strftime("%d/%m/%Y")}
    return Doc(title=consultation.title, url=consultation.get_absolute_url(),
               text=[consultation.summary, consultation.drafting_unit],
               summary=f"{consultation.drafting_unit} — {period}", date=consultation.published_at)


def public_plans(now):
    from .models import Plan

    return Plan.objects.published(now).select_related("agency")


def plan_document(plan):
    heading = _t("%(kind)s năm %(year)d") % {"kind": plan.get_kind_display(), "year": plan.year}
    return Doc(title=plan.title, url=plan.get_absolute_url(), number=plan.number,
               text=[heading, plan.summary], summary=heading, date=plan.issued_on or plan.published_at)


QUESTION_SEARCH = Searchable(kind="hoi-dap", label=_("Hỏi đáp"), model="participation.Question",
                             public=public_questions, document=question_document, order=90)
CONSULTATION_SEARCH = Searchable(kind="du-thao", label=_("Dự thảo lấy ý kiến"), model="participation.Consultation",
                                 public=public_consultations, document=consultation_document, order=91)
PLAN_SEARCH = Searchable(kind="ke-hoach", label=_("Kế hoạch, chương trình"), model="participation.Plan",
                         public=public_plans, document=plan_document, order=95)


register(Section(
    number=9, key="tuong-tac", title=_("Hỏi đáp, góp ý, tiếp cận thông tin"), url_name="participation:hub",
    path="tuong-tac", update_rule=_("Trả lời, xử lý đúng thời hạn"), frequency="continuous",
    summarize=summarize,
    description=_("Hỏi đáp với người dân, lấy ý kiến dự thảo văn bản, danh mục thông tin phải công khai "
                  "và yêu cầu cung cấp thông tin (Luật Tiếp cận thông tin)."),
    admin_url_name="admin:participation_question_changelist",
    models=("participation.Question", "participation.Consultation", "participation.Comment",
            "participation.InformationRequest", "participation.DisclosureItem"),
    rule={"kind": "overdue_items"},
    searchables=(QUESTION_SEARCH, CONSULTATION_SEARCH),
    agency_figures=AgencyFigures(figures=agency_figures, build=agency_summary),
))
register(Section(
    number=10, key="ke-hoach", title=_("Kế hoạch, chương trình"), url_name="participation:plan_list",
    path="ke-hoach", update_rule=_("Đăng khi ban hành, cập nhật tình trạng thực hiện"), frequency="static",
    summarize=summarize_plans,
    description=_("Kế hoạch, chương trình, đề án của cơ quan theo năm, loại và tình trạng thực hiện."),
    admin_url_name="admin:participation_plan_changelist",
    models=("participation.Plan",),
    rule={"kind": "static_content"},
    searchables=(PLAN_SEARCH,),
    agency_figures=AgencyFigures(figures=plan_figures, build=lambda agency, values, now: (summary_of(values), {})),
))

register_app(SectionApp(
    label="participation",
    urls="participation.urls",
    province_urls=None,
    sitemaps="participation.sitemaps.SITEMAPS",
    reserved_paths=("tuong-tac", "hoi-dap", "du-thao", "tiep-can-thong-tin", "ke-hoach"),
    demo_loaders=((80, "participation.demo.load"),),
))
