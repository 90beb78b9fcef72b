"""Public filters (django-filter): every filtered view is a plain GET URL that can be shared."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from portal import doctypes

from .models import Applicant, Level, Sector, Validity

SEARCH_WIDGET = forms.TextInput(attrs={"type": "search", "placeholder": _("Ví dụ: dang ky khai sinh, 1.004227")})


class KeywordMixin:
    def filter_keyword(self, queryset, name, value):
        return queryset.search(value)


class ProcedureFilter(KeywordMixin, django_filters.FilterSet):
    """Keyword (folded, over name and code), field, level, applicant, online channel; and an order."""

    q = django_filters.CharFilter(label=_("Từ khóa"), method="filter_keyword", widget=SEARCH_WIDGET)
    linh_vuc = django_filters.ChoiceFilter(label=_("Lĩnh vực"), field_name="sector__code",
                                           empty_label=_("Tất cả lĩnh vực"))
    cap = django_filters.ChoiceFilter(label=_("Cấp thực hiện"), field_name="level", choices=Level.choices,
                                      empty_label=_("Tất cả các cấp"))
    doi_tuong = django_filters.ChoiceFilter(label=_("Đối tượng thực hiện"), choices=Applicant.choices,
                                            method="filter_applicant", empty_label=_("Mọi đối tượng"))
    truc_tuyen = django_filters.ChoiceFilter(
        label=_("Cách thức nộp"), choices=[("1", _("Có nộp trực tuyến"))], method="filter_online",
        empty_label=_("Mọi cách thức"))
    sap_xep = django_filters.ChoiceFilter(
        label=_("Sắp xếp"), method="order", empty_label=_("Theo tên (A–Z)"),
        choices=[("thoi-han", _("Thời hạn giải quyết ngắn nhất")), ("moi-cap-nhat", _("Mới cập nhật"))])

    sector_field = "code"  # what the field filter's value is: a sector code within one agency

    def __init__(self, *args, sectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["linh_vuc"].extra["choices"] = sectors if sectors is not None else self.sector_choices()

    def sector_choices(self):
        """Fields that have something to show in the list being filtered (one query)."""
        rows = (Sector.objects.filter(pk__in=self.queryset.order_by().values("sector_id"))
                .order_by("order", "name").values_list("code", "name"))
        return list(rows)

    def filter_applicant(self, queryset, name, value):
        return queryset.filter(applicants__contains=f",{value},")

    def filter_online(self, queryset, name, value):
        return queryset.filter(has_online=True)

    def order(self, queryset, name, value):
        if value == "thoi-han":
            return queryset.order_by(F("min_days").asc(nulls_last=True), "name", "pk")
        if value == "moi-cap-nhat":
            return queryset.order_by("-updated_at", "pk")
        return queryset


class ProvinceProcedureFilter(ProcedureFilter):
    """The province-wide search: the same filters plus the agency; fields are matched by name."""

    co_quan = django_filters.ChoiceFilter(label=_("Cơ quan thực hiện"), field_name="agency__slug",
                                          empty_label=_("Tất cả cơ quan"))
    linh_vuc = django_filters.ChoiceFilter(label=_("Lĩnh vực"), field_name="sector__name",
                                           empty_label=_("Tất cả lĩnh vực"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = (Agency.objects.filter(is_active=True).order_by("kind", "order", "name")
                    .values_list("slug", "name"))
        self.filters["co_quan"].extra["choices"] = list(agencies)
        # The filter order on the page: keyword, agency, then the rest.
        self.filters = {name: self.filters[name] for name in
                        ["q", "co_quan", "linh_vuc", "cap", "doi_tuong", "truc_tuyen", "sap_xep"]}

    def sector_choices(self):
        names = (Sector.objects.filter(pk__in=self.queryset.order_by().values("sector_id"))
                 .order_by("name").values_list("name", flat=True).distinct())
        return [(name, name) for name in names]


class LegalDocumentFilter(KeywordMixin, django_filters.FilterSet):
    """Type, issuer, year and validity; the choices are the values present (one query for all three)."""

    q = django_filters.CharFilter(label=_("Từ khóa"), method="filter_keyword", widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Ví dụ: 63/2010, kiem soat thu tuc")}))
    loai = django_filters.ChoiceFilter(label=_("Loại văn bản"), field_name="doc_type", empty_label=_("Tất cả các loại"))
    co_quan_ban_hanh = django_filters.ChoiceFilter(label=_("Cơ quan ban hành"), field_name="issuer",
                                                   empty_label=_("Tất cả cơ quan ban hành"))
    nam = django_filters.ChoiceFilter(label=_("Năm ban hành"), field_name="year", empty_label=_("Mọi năm"))
    hieu_luc = django_filters.ChoiceFilter(label=_("Tình trạng hiệu lực"), field_name="validity",
                                           choices=Validity.choices, empty_label=_("Mọi tình trạng"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        combos = list(self.queryset.order_by().values_list("doc_type", "issuer", "year").distinct())
        types = {t for t, _i, _y in combos}
        self.filters["loai"].extra["choices"] = [(t.key, t.name) for t in doctypes.TYPES if t.key in types]
        self.filters["co_quan_ban_hanh"].extra["choices"] = [(i, i) for i in sorted({i for _t, i, _y in combos})]
        self.filters["nam"].extra["choices"] = [(str(y), str(y)) for y in sorted({y for _t, _i, y in combos},
                                                                                   reverse=True)]


def active_filters(filterset, request):
    """(label, value label, URL without that filter) for each filter in use, for "remove" links."""
    if not filterset.is_bound:
        return []
    filterset.form.is_valid()
    items = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name) if hasattr(filterset.form, "cleaned_data") else None
        if value in (None, "", []):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        params = request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        query = params.urlencode()
        items.append((field.label, choices.get(value, value), f"?{query}" if query else request.path))
    return items
