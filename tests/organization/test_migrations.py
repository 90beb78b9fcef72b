"""Moving section 2 out of ``agencies`` keeps every row: units, officials, their history, the
schedules' chairs and the contact officer (agencies 0003, organization 0001–0003, schedules 0002)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("agencies", "0002_organization"), ("schedules", "0001_initial"), ("organization", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_made_before_the_move_keeps_its_data():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        Agency = old.get_model("agencies", "Agency")
        OrgUnit = old.get_model("agencies", "OrgUnit")
        Official = old.get_model("agencies", "Official")
        HistoricalOfficial = old.get_model("agencies", "HistoricalOfficial")
        Week = old.get_model("schedules", "Week")
        Entry = old.get_model("schedules", "Entry")
        now = timezone.now()
        agencies = [Agency.objects.create(name=f"Sở {i}", short_name=f"S{i}", slug=f"so-{i}", kind="department",
                                          joined_on=datetime.date(2026, 1, 5)) for i in range(2)]
        people = []
        for agency in agencies:
            unit = OrgUnit.objects.create(agency=agency, name="Ban Giám đốc", kind="leadership", tree_path="0001.")
            for n in range(3):
                person = Official.objects.create(agency=agency, unit=unit, full_name=f"Người {n}", title="Phó Giám đốc",
                                                 group="leadership", status="published", published_at=now)
                HistoricalOfficial.objects.create(
                    id=person.pk, agency=agency, unit=unit, full_name=person.full_name, title=person.title,
                    group="leadership", history_date=now, history_type="+", created_at=now, updated_at=now)
                people.append(person)
        Agency.objects.filter(pk=agencies[0].pk).update(contact_officer=people[1])
        week = Week.objects.create(agency=agencies[0], year=2026, week=2)
        entry = Entry.objects.create(agency=agencies[0], week=week, date=datetime.date(2026, 1, 5), period="sang",
                                     start_time=datetime.time(8), content="Giao ban")
        entry.chairs.set(people[:2])
    finally:
        new = _migrate(leaves)

    OrgUnit = new.get_model("organization", "OrgUnit")
    Official = new.get_model("organization", "Official")
    assert OrgUnit._meta.db_table == "organization_orgunit"
    assert OrgUnit.objects.count() == 2
    assert sorted(Official.objects.values_list("pk", flat=True)) == sorted(p.pk for p in people)
    assert new.get_model("organization", "HistoricalOfficial").objects.count() == 6
    assert list(Official.objects.filter(is_contact_officer=True).values_list("pk", flat=True)) == [people[1].pk]
    chairs = new.get_model("schedules", "Entry").objects.get().chairs.all()
    assert sorted(chairs.values_list("pk", flat=True)) == [people[0].pk, people[1].pk]
    ContentType = new.get_model("contenttypes", "ContentType")
    assert not ContentType.objects.filter(app_label="agencies", model__in=["orgunit", "official"]).exists()
