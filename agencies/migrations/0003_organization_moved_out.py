"""Section 2 now lives in ``organization``: the contact officer became ``Official.is_contact_officer``
(copied by organization 0002), and the moved models leave this app's state (their tables stay;
organization 0003 renames them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0002_organization'),
        ('organization', '0002_contact_officer'),
        ('schedules', '0002_chairs_from_organization'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='agency',
            name='contact_officer',
        ),
        migrations.RemoveField(
            model_name='historicalagency',
            name='contact_officer',
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='HistoricalOfficial'),
                migrations.DeleteModel(name='HistoricalOrgUnit'),
                migrations.DeleteModel(name='Official'),
                migrations.DeleteModel(name='OrgUnit'),
            ],
        ),
    ]
