"""Admin forms of the weekly schedule: the week (picked as "2026-W48") and its entries inline."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from organization.models import Official, OrgUnit

from .models import LEADER_SPLIT, Entry, Week, leader_key, official_key, official_name
from .planning import find_overlaps
from .weeks import IsoWeek, weekday_name

CONFIRM_OVERLAPS = "confirm_overlaps"


class WeekInput(forms.TextInput):
    input_type = "week"  # a week picker where the browser has one; "2026-W48" typed elsewhere


class WeekForm(forms.ModelForm):
    iso_week = forms.CharField(
        label=_("Tuần"), widget=WeekInput(attrs={"placeholder": "2026-W48"}),
        help_text=_("Chọn tuần (dạng 2026-W48). Lịch tuần thường được lập trong tuần trước đó."))
    copy_recurring = forms.BooleanField(
        label=_("Chép các mục lặp lại của tuần trước"), required=False, initial=True,
        help_text=_("Các mục được đánh dấu “lặp lại hằng tuần” ở tuần trước được chép sang, lùi bảy ngày."))
    confirm_overlaps = forms.BooleanField(
        label=_("Vẫn lưu dù có lãnh đạo trùng giờ"), required=False,
        help_text=_("Chỉ chọn sau khi đã xem cảnh báo trùng giờ và xác nhận lịch là đúng."))

    class Meta:
        model = Week
        fields = ["agency", "iso_week", "note", "published_at", "review_note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["iso_week"] = str(self.instance.iso_week)
            # The week of an existing schedule does not move: its entries belong to those days.
            self.fields["iso_week"].disabled = True
            self.fields["iso_week"].help_text = ""
            self.fields.pop("copy_recurring", None)
        else:
            self.initial.setdefault("iso_week", str(IsoWeek.current().next))

    def clean_iso_week(self):
        if self.instance.pk:
            return self.instance.iso_week
        try:
            return IsoWeek.parse(self.cleaned_data["iso_week"])
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        iso = cleaned.get("iso_week")
        agency = cleaned.get("agency") or (self.instance.agency if self.instance.agency_id else None)
        if iso is not None and not self.instance.pk:
            self.instance.year, self.instance.week = iso.year, iso.week
            if agency is not None and Week.objects.filter(agency=agency, year=iso.year, week=iso.week).exists():
                self.add_error("iso_week", _("%(agency)s đã có lịch %(week)s; hãy mở lịch đó để sửa.") % {
                    "agency": agency.short_name, "week": iso.label})
        return cleaned


class EntryForm(forms.ModelForm):
    cancelled = forms.BooleanField(
        label=_("Hủy"), required=False,
        help_text=_("Mục bị hủy vẫn hiện trên lịch, gạch ngang, ghi “Đã hủy”."))

    class Meta:
        model = Entry
        fields = ["date", "start_time", "end_time", "content", "chairs", "chair_text",
                  "participants", "location", "preparing_unit", "notes", "recurring"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 2, "cols": 32}),
            "participants": forms.Textarea(attrs={"rows": 2, "cols": 22}),
            "notes": forms.Textarea(attrs={"rows": 2, "cols": 16}),
            "chairs": forms.CheckboxSelectMultiple,
            "chair_text": forms.TextInput(attrs={"size": 18}),
            "location": forms.TextInput(attrs={"size": 16}),
            "preparing_unit": forms.TextInput(attrs={"size": 14}),
            "start_time": forms.TimeInput(attrs={"type": "time", "size": 6}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time", "size": 6}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["cancelled"] = self.instance.state == Entry.State.CANCELLED

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cancelled"):
            self.instance.state = Entry.State.CANCELLED
        elif self.instance.state == Entry.State.CANCELLED:
            self.instance.state = Entry.State.SCHEDULED  # un-cancelled; an amendment if published
        return cleaned

    def leaders(self):
        data = self.cleaned_data
        officials = [(official_key(o), official_name(o)) for o in data.get("chairs") or []]
        names = [n for n in LEADER_SPLIT.split((data.get("chair_text") or "").strip()) if n]
        return officials + [(leader_key(n), n) for n in names]


class EntryFormSet(BaseInlineFormSet):
    """The entries of one week: days offered as a list, leaders of the week's agency, overlap warning."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.week = self.instance  # so that "outside its week" is checked on the add page too
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        week = self.instance
        if week is not None and week.agency_id and "chairs" in form.fields:
            # The agency's leadership (and whoever this week already names), as a short list of boxes.
            chosen = Entry.chairs.through.objects.filter(entry__week_id=week.pk).values("official_id")
            form.fields["chairs"].queryset = (
                form.fields["chairs"].queryset.filter(agency_id=week.agency_id)
                .filter(Q(group=Official.Group.LEADERSHIP) | Q(unit__kind=OrgUnit.Kind.LEADERSHIP)
                        | Q(pk__in=chosen))
                .order_by("unit__tree_path", "order", "full_name"))
            form.fields["chairs"].label_from_instance = official_name
        if week is not None and week.year and week.week and "date" in form.fields:
            try:
                days = week.iso_week.days
            except ValueError:
                return
            choices = [("", "---------")] + [
                (day.isoformat(), f"{weekday_name(day)} {day:%d/%m}") for day in days]
            form.fields["date"].widget = forms.Select(choices=choices)

    def clean(self):
        super().clean()
        week = self.instance
        items = []
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or self._should_delete_form(form):
                continue
            chairs = form.cleaned_data.get("chairs") or []
            foreign = [o for o in chairs if isinstance(o, Official) and o.agency_id != week.agency_id]
            if foreign:
                form.add_error("chairs", _("Chỉ được chọn lãnh đạo của chính cơ quan mình."))
                continue
            items.append((form.instance, form.leaders()))
        if self.data.get(CONFIRM_OVERLAPS):
            return
        overlaps = find_overlaps(items)
        if overlaps:
            raise ValidationError(
                [_("Cảnh báo trùng giờ: %(detail)s") % {"detail": overlap.message} for overlap in overlaps]
                + [_("Nếu lịch đúng như vậy, hãy chọn “Vẫn lưu dù có lãnh đạo trùng giờ” rồi lưu lại.")],
                code="overlap")
