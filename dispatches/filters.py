import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal import doctypes
from portal.text import search_terms

from .models import Direction, Dispatch


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegisterFilter(django_filters.FilterSet):
    """Filters of the public register list: direction, type, date range and keyword (folded)."""

    so = django_filters.ChoiceFilter(field_name="direction", label=_("Sổ"), choices=Direction.choices,
                                     empty_label=_("Cả đi và đến"))
    loai = django_filters.ChoiceFilter(field_name="doc_type", label=_("Loại văn bản"),
                                       choices=doctypes.GROUPED_CHOICES, empty_label=_("Tất cả các loại"))
    tu_ngay = django_filters.DateFilter(field_name="entry_date", lookup_expr="gte", label=_("Từ ngày"),
                                        widget=DateInput())
    den_ngay = django_filters.DateFilter(field_name="entry_date", lookup_expr="lte", label=_("Đến ngày"),
                                         widget=DateInput())
    q = django_filters.CharFilter(method="search", label=_("Từ khóa"),
                                  widget=forms.TextInput(attrs={"type": "search",
                                                                "placeholder": _("Ví dụ: 459/UBND, ke hoach")}))

    class Meta:
        model = Dispatch
        fields = []

    def search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset
