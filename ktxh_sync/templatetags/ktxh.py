"""Numbers as Vietnamese officers write them (12.345,6) and the change against last year in words."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ktxh_sync.models import ChangeKind

register = template.Library()


@register.filter
def ktxh_number(value, decimals=1):
    if value is None or value == "":
        return "—"
    return number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.simple_tag
def change_text(figure):
    """ "Tăng 8,5% so với cùng kỳ", "Giảm 0,3 điểm % so với cùng kỳ", "Bằng cùng kỳ" or ""."""
    change, trend = figure.change, figure.trend
    if change is None:
        return ""
    if trend == "flat":
        return _("Bằng cùng kỳ năm trước")
    decimals = max(figure.indicator.decimals, 1)
    amount = number_format(abs(change), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    unit = "points" if figure.indicator.change_kind == ChangeKind.POINTS else "%"
    if unit == "%":
        text = _("Tăng %(amount)s%% so với cùng kỳ") if trend == "up" else _("Giảm %(amount)s%% so với cùng kỳ")
    else:
        text = _("Tăng %(amount)s điểm %% so với cùng kỳ") if trend == "up" else _(
            "Giảm %(amount)s điểm %% so với cùng kỳ")
    return text % {"amount": amount}


@register.simple_tag
def assessment_text(figure):
    return {"good": _("xu hướng tốt"), "bad": _("xu hướng chưa tốt")}.get(figure.assessment, "")
