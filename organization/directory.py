"""Reads of section 2 for the public pages: the chart, the directory and the headcount.

A unit is public when it is published and so is every unit above it; an official is public when
``Official.objects.public()`` says so and their unit is public. Each function costs one query
whatever the number of units or officials, so the public pages stay flat (tests assert it).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from portal.text import search_terms

from .models import Official, OrgUnit

GROUP_LABELS_EN = {
    Official.Group.LEADERSHIP: "Agency leadership",
    Official.Group.HEAD: "Heads of division",
    Official.Group.DEPUTY: "Deputy heads of division",
    Official.Group.SPECIALIST: "Specialists",
    Official.Group.OTHER: "Other staff",
}


@dataclass(frozen=True)
class GroupColumn:
    value: str
    label: str
    english_label: str


GROUPS = [GroupColumn(group.value, group.label, GROUP_LABELS_EN[group]) for group in Official.Group]


def public_units(agency, now) -> list[OrgUnit]:
    """Public units of ``agency`` in chart order, each with ``subunits`` (public units below it)
    and an empty ``staff`` list (see ``attach``)."""
    units = list(OrgUnit.objects.for_agency(agency).published(now).in_chart_order()
                 .only("pk", "agency_id", "parent_id", "name", "name_en", "kind", "phone", "email",
                       "address", "duties", "tree_path", "depth", "updated_at"))
    visible = {}
    for unit in units:  # chart order puts every parent before its children
        if unit.parent_id is None or unit.parent_id in visible:
            unit.subunits = []
            unit.staff = []
            visible[unit.pk] = unit
            if unit.parent_id is not None:
                visible[unit.parent_id].subunits.append(unit)
    return list(visible.values())


def roots(units: list[OrgUnit]) -> list[OrgUnit]:
    return [unit for unit in units if unit.parent_id is None]


def public_officials(agency, units, now, query=None, only_groups=None, with_contact_officer=False) -> list[Official]:
    """Public officials of the public ``units`` in chart order; ``query`` folds diacritics;
    ``only_groups`` keeps those groups (and the contact officer when ``with_contact_officer``)."""
    by_unit = {unit.pk: unit for unit in units}
    officials = Official.objects.for_agency(agency).public(now).filter(unit_id__in=list(by_unit))
    if only_groups:
        condition = Q(group__in=only_groups)
        if with_contact_officer:
            condition |= Q(is_contact_officer=True)
        officials = officials.filter(condition)
    for term in search_terms(query):
        officials = officials.filter(Q(search_text__contains=term) | Q(unit__search_text__contains=term))
    officials = officials.in_chart_order().only(
        "pk", "agency_id", "unit_id", "full_name", "title", "title_en", "group", "email", "phone", "photo",
        "order", "is_contact_officer")
    result = []
    for official in officials:
        official.unit = by_unit[official.unit_id]  # no query per row
        result.append(official)
    return result


def attach(units, officials) -> None:
    """Put each official in their unit's ``staff`` list."""
    for unit in units:
        unit.staff = []
    by_unit = {unit.pk: unit for unit in units}
    for official in officials:
        by_unit[official.unit_id].staff.append(official)


@dataclass
class HeadcountRow:
    unit: OrgUnit
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Headcount:
    groups: list = field(default_factory=lambda: GROUPS)
    rows: list[HeadcountRow] = field(default_factory=list)

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[i] for row in self.rows) for i in range(len(self.groups))]

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def by_group(self) -> list[tuple]:
        return list(zip(self.groups, self.totals, strict=True))


def headcount(agency, units, now) -> Headcount:
    """Published officials by unit and by group, from the data (one aggregate query).

    Officials not shown in the directory (``is_public`` off) still count: the headcount is the
    agency's staffing, not the list of names.
    """
    rows = (Official.objects.for_agency(agency).published(now)
            .filter(unit_id__in=[unit.pk for unit in units])
            .order_by().values("unit_id", "group").annotate(n=Count("pk")))
    counts = {}
    for row in rows:
        counts[(row["unit_id"], row["group"])] = row["n"]
    result = Headcount()
    for unit in units:
        result.rows.append(HeadcountRow(unit, [counts.get((unit.pk, group.value), 0) for group in GROUPS]))
    return result


def vcard(official: Official, agency) -> str:
    """The official's contact card (vCard 3.0, RFC 2426; vobject escapes and folds the text)."""
    import vobject

    card = vobject.vCard()
    card.add("fn").value = official.full_name
    parts = official.full_name.split()
    card.add("n").value = vobject.vcard.Name(family=parts[0] if len(parts) > 1 else "",
                                             given=" ".join(parts[1:]) if len(parts) > 1 else official.full_name)
    card.add("title").value = official.title
    card.add("org").value = [agency.name, official.unit.name]
    if official.email:
        email = card.add("email")
        email.value = official.email
        email.type_param = "INTERNET"
    if official.phone:
        tel = card.add("tel")
        tel.value = official.phone
        tel.type_param = "WORK"
    if agency.address:
        card.add("adr").value = vobject.vcard.Address(street=agency.address, country="Việt Nam")
    return card.serialize()
