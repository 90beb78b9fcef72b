"""Public pages of the section. Lists and details read only ``published()`` rows (approved comments)
and never a contact field; the three forms are not cached and go through ``guards``."""


from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies.cache import cache_agency_page, cache_agency_page_daily
from portal import ratelimit
from portal.downloads import readable_stem, stored_file_response
from portal.text import search_terms

from . import guards, notify
from .forms import CommentForm, InformationRequestForm, QuestionForm, TrackingForm
from .models import Comment, Consultation, DisclosureItem, InformationRequest, Plan, Question

PAGE_SIZE = 20
QUESTION_PUBLIC_FIELDS = ("pk", "agency_id", "topic", "question", "asker_name", "anonymous", "answer",
                          "answered_by_unit", "received_at", "published_at", "answered_at")


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@cache_agency_page_daily
def hub(request):
    agency = request.agency
    today = timezone.localdate()
    return render(request, "participation/hub.html", {
        "open_consultations": list(Consultation.objects.for_agency(agency).published()
                                   .filter(opens_on__lte=today, closes_on__gte=today)
                                   .only("pk", "agency_id", "title", "closes_on", "opens_on")[:5]),
        "recent_questions": list(Question.objects.for_agency(agency).published()
                                 .only("pk", "agency_id", "topic", "published_at")
                                 .order_by("-published_at")[:5]),
    })


# --- questions and answers --------------------------------------------------------------------------
@cache_agency_page
def question_list(request):
    queryset = (Question.objects.for_agency(request.agency).published().only(*QUESTION_PUBLIC_FIELDS)
                .order_by("-published_at", "-pk"))
    query = (request.GET.get("q") or "")[:200]
    for term in search_terms(query):
        queryset = queryset.filter(search_text__contains=term)
    page_obj = _page(request, queryset)
    return render(request, "participation/question_list.html", {
        "page_obj": page_obj, "questions": page_obj.object_list, "query": query})


@cache_agency_page
def question_detail(request, pk):
    question = get_object_or_404(Question.objects.for_agency(request.agency).published()
                                 .only(*QUESTION_PUBLIC_FIELDS), pk=pk)
    return render(request, "participation/question_detail.html", {"question": question})


def _submitted(form, agency, **extra):
    obj = form.save(commit=False)
    obj.agency = agency
    for name, value in extra.items():
        setattr(obj, name, value)
    obj._history_user = None
    with transaction.atomic():
        obj.save()
    form.record_accepted()
    return obj


@require_http_methods(["GET", "POST"])
def ask(request):
    agency = request.agency
    form = QuestionForm(request.POST or None, request=request, agency=agency)
    if request.method == "POST" and form.is_valid():
        question = _submitted(form, agency)
        notify.question_received(question)
        return render(request, "participation/done.html", {
            "title": _("Đã gửi câu hỏi"),
            "message": _("Cơ quan đã nhận câu hỏi của bạn và sẽ trả lời trước ngày %(due)s. Khi câu trả lời "
                         "được đăng, bạn sẽ nhận thư báo (nếu có thư điện tử).") % {
                "due": question.due_on.strftime("%d/%m/%Y")},
            "back_url": agency.reverse("participation:question_list")})
    return render(request, "participation/ask.html", {"form": form}, status=400 if form.is_bound else 200)


# --- drafts for comment ----------------------------------------------------------------------------
@cache_agency_page_daily
def consultation_list(request):
    queryset = (Consultation.objects.for_agency(request.agency).published()
                .only("pk", "agency_id", "title", "summary", "drafting_unit", "opens_on", "closes_on",
                      "response_published_at").order_by("-opens_on", "-pk"))
    page_obj = _page(request, queryset)
    return render(request, "participation/consultation_list.html", {
        "page_obj": page_obj, "consultations": page_obj.object_list, "today": timezone.localdate()})


def _published_consultation(request, pk):
    return get_object_or_404(Consultation.objects.for_agency(request.agency).published(), pk=pk)


@cache_agency_page_daily
def consultation_detail(request, pk):
    consultation = _published_consultation(request, pk)
    comments = list(consultation.comments.filter(moderation=Comment.Moderation.APPROVED)
                    .only("pk", "consultation_id", "name", "organisation", "text", "attachment", "received_at"))
    today = timezone.localdate()
    return render(request, "participation/consultation_detail.html", {
        "consultation": consultation, "comments": comments, "state": consultation.state(today),
        "days_left": consultation.days_left(today)})


def consultation_file(request, pk, kind):
    consultation = _published_consultation(request, pk)
    field = {"du-thao": consultation.draft_file, "to-trinh": consultation.statement_file}.get(kind)
    if kind == "tong-hop" and consultation.response_published_at:
        field = consultation.response_file
    if field is None:
        raise Http404
    return stored_file_response(field, readable_stem(f"{kind} {consultation.title}"))


def comment_file(request, pk, comment_pk):
    consultation = _published_consultation(request, pk)
    comment = get_object_or_404(consultation.comments.filter(moderation=Comment.Moderation.APPROVED), pk=comment_pk)
    return stored_file_response(comment.attachment, readable_stem(f"gop-y {comment.pk}"))


@require_http_methods(["GET", "POST"])
def comment(request, pk):
    agency = request.agency
    consultation = _published_consultation(request, pk)
    if consultation.state() != "open":
        return render(request, "participation/comment_closed.html", {"consultation": consultation}, status=403)
    form = CommentForm(request.POST or None, request.FILES or None, request=request, agency=agency)
    if request.method == "POST" and form.is_valid():
        submitted = _submitted(form, agency, consultation=consultation)
        notify.comment_received(submitted)
        return render(request, "participation/done.html", {
            "title": _("Đã gửi góp ý"),
            "message": _("Cơ quan soạn thảo đã nhận góp ý của bạn. Góp ý được hiển thị sau khi kiểm duyệt và "
                         "được xem xét trong bản tổng hợp, tiếp thu, giải trình."),
            "back_url": consultation.get_absolute_url()})
    return render(request, "participation/comment_form.html", {"form": form, "consultation": consultation},
                  status=400 if form.is_bound else 200)


# --- access to information --------------------------------------------------------------------------
@cache_agency_page
def disclosure(request):
    items = list(DisclosureItem.objects.for_agency(request.agency).published()
                 .only("pk", "agency_id", "title", "legal_basis", "disclosure_form", "location", "order"))
    return render(request, "participation/disclosure.html", {"items": items})


@require_http_methods(["GET", "POST"])
def request_form(request):
    agency = request.agency
    form = InformationRequestForm(request.POST or None, request=request, agency=agency)
    if request.method == "POST" and form.is_valid():
        req = _submitted(form, agency)
        notify.request_event(req, "received")
        return render(request, "participation/request_done.html", {"req": req})
    return render(request, "participation/request_form.html", {"form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def request_track(request):
    """Status of a request from its code and the last four characters of the requester's ID."""
    form = TrackingForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        attempts = ratelimit.hit(guards._key("track", guards.client_address(request)), 3600)
        if attempts > 20:
            form.add_error(None, _("Bạn đã tra cứu quá nhiều lần trong một giờ; hãy thử lại sau."))
        else:
            found = (InformationRequest.objects.for_agency(request.agency)
                     .filter(tracking_code=form.cleaned_data["code"],
                             id_number__endswith=form.cleaned_data["id_tail"].upper())
                     .exclude(id_number="").first())
            if found is None:
                form.add_error(None, _("Không tìm thấy yêu cầu với mã và số giấy tờ đã nhập."))
    return render(request, "participation/request_track.html", {"form": form, "found": found})


# --- plans and programmes -----------------------------------------------------------------------------
@cache_agency_page
def plan_list(request):
    queryset = Plan.objects.for_agency(request.agency).published().only(
        "pk", "agency_id", "title", "kind", "year", "number", "issued_on", "progress", "file")
    year = request.GET.get("nam", "")
    if year.isdigit():
        queryset = queryset.filter(year=int(year))
    kind = request.GET.get("loai", "")
    if kind in Plan.Kind.values:
        queryset = queryset.filter(kind=kind)
    page_obj = _page(request, queryset)
    return render(request, "participation/plan_list.html", {
        "page_obj": page_obj, "plans": page_obj.object_list, "kinds": Plan.Kind.choices, "year": year,
        "kind": kind})


@cache_agency_page
def plan_detail(request, pk):
    plan = get_object_or_404(Plan.objects.for_agency(request.agency).published(), pk=pk)
    return render(request, "participation/plan_detail.html", {"plan": plan})


def plan_file(request, pk):
    plan = get_object_or_404(Plan.objects.for_agency(request.agency).published(), pk=pk)
    return stored_file_response(plan.file, readable_stem(plan.title))
