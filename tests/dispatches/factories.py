"""Factories for section 8 that read like the register."""

from datetime import date

import factory

from dispatches.models import Direction, Dispatch, DispatchSettings, DocumentType, PeriodTotal, PeriodTotalLine


class DispatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispatch

    direction = Direction.OUTGOING
    doc_type = DocumentType.CONG_VAN
    code_number = factory.Sequence(lambda n: str(n + 1))
    code_notation = "UBND-VP"
    issued_date = date(2026, 3, 16)
    summary = factory.Sequence(lambda n: f"Về việc thử nghiệm số {n}")
    publish_details = True


def incoming(agency, day, **kwargs):
    kwargs.setdefault("organ_name", "Bộ Nội vụ")
    return DispatchFactory(agency=agency, direction=Direction.INCOMING, issued_date=kwargs.pop("issued", day),
                           arrival_date=day, **kwargs)


def outgoing(agency, day, **kwargs):
    return DispatchFactory(agency=agency, direction=Direction.OUTGOING, issued_date=day, **kwargs)


def totals_mode(agency):
    settings, _created = DispatchSettings.objects.update_or_create(agency=agency, defaults={"mode": "totals"})
    return settings


def period(agency, start, lines, kind=PeriodTotal.Kind.MONTH):
    """``lines`` = {(direction, doc_type): count}."""
    obj = PeriodTotal.objects.create(agency=agency, kind=kind, start=start)
    for (direction, doc_type), count in lines.items():
        PeriodTotalLine.objects.create(agency=agency, period=obj, direction=direction, doc_type=doc_type, count=count)
    return obj
