"""Sections 9 (two-way channels) and 10 (plans and programmes) in the registry (portal/sections.py).

Section 9's summary carries ``extra["overdue"]`` (late answers + consultations without their summary
in time + overdue information requests) and ``extra["overdue_reason"]`` for the generic
``overdue_items`` rule of the provincial review.
"""

from datetime import timedelta

from django.db.models import Count, F, Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from portal.sections import Section, SectionSummary, published_summary
from portal.sections import register as register_section

from . import conf


def overdue_counts(agency_ids, today):
    """{agency_id: (late questions, consultations without summary, overdue requests)} in three queries."""
    from .models import Consultation, InformationRequest, Question

    ids = list(agency_ids)
    late = dict(Question.objects.filter(agency_id__in=ids).late(today).order_by().values("agency_id")
                .annotate(n=Count("pk")).values_list("agency_id", "n"))
    summary_due = today - timedelta(days=conf.get("PARTICIPATION_SUMMARY_DAYS"))
    unsummarised = dict(Consultation.objects.filter(agency_id__in=ids).published()
                        .filter(closes_on__lt=summary_due, response_published_at__isnull=True)
                        .order_by().values("agency_id").annotate(n=Count("pk")).values_list("agency_id", "n"))
    requests = dict(InformationRequest.objects.filter(agency_id__in=ids)
                    .exclude(status__in=InformationRequest.CLOSED)
                    .annotate(deadline=Coalesce(F("extended_until"), F("due_on")))
                    .filter(deadline__lt=today).order_by().values("agency_id")
                    .annotate(n=Count("pk")).values_list("agency_id", "n"))
    return {agency_id: (late.get(agency_id, 0), unsummarised.get(agency_id, 0), requests.get(agency_id, 0))
            for agency_id in ids}


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
    from .models import Consultation, Question

    ids = list(agency_ids)
    today = timezone.localtime(now).date()
    summaries = published_summary(Question.objects.published(now), ids, last_field="published_at")
    consultations = dict(Consultation.objects.published(now).filter(agency_id__in=ids).order_by()
                         .values("agency_id").annotate(n=Count("pk"), last=Max("published_at"))
                         .values_list("agency_id", "n"))
    result = {}
    for agency_id, (late, unsummarised, requests) in overdue_counts(ids, today).items():
        summary = summaries.get(agency_id) or SectionSummary()
        summary.count += consultations.get(agency_id, 0)
        summary.extra = {"overdue": late + unsummarised + requests,
                         "overdue_reason": overdue_reason(late, unsummarised, requests),
                         "late_questions": late, "unsummarised_consultations": unsummarised,
                         "overdue_requests": requests}
        result[agency_id] = summary
    return result


def summarize_plans(agency_ids, now):
    from .models import Plan

    return published_summary(Plan.objects.published(now), agency_ids)


def register():
    register_section(Section(
        number=9, key="tuong-tac", title=_("Hỏi đáp, góp ý, tiếp cận thông tin"), url_name="participation:hub",
        path="tuong-tac", update_rule=_("Trả lời, xử lý đúng thời hạn"), frequency="continuous",
        summarize=summarize,
        description=_("Hỏi đáp với người dân, lấy ý kiến dự thảo văn bản, danh mục thông tin phải công khai "
                      "và yêu cầu cung cấp thông tin (Luật Tiếp cận thông tin)."),
        admin_url_name="admin:participation_question_changelist",
        rule={"kind": "overdue_items"},
    ))
    register_section(Section(
        number=10, key="ke-hoach", title=_("Kế hoạch, chương trình"), url_name="participation:plan_list",
        path="ke-hoach", update_rule=_("Đăng khi ban hành, cập nhật tình trạng thực hiện"), frequency="static",
        summarize=summarize_plans,
        description=_("Kế hoạch, chương trình, đề án của cơ quan theo năm, loại và tình trạng thực hiện."),
        admin_url_name="admin:participation_plan_changelist",
    ))
