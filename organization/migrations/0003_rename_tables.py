"""The moved tables take this app's names: agencies_orgunit → organization_orgunit, and the same for
officials and both history tables. Rows, ids, foreign keys (schedules' chairs) and indexes follow the
rename; nothing is copied."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0003_organization_moved_out'),
        ('organization', '0002_contact_officer'),
    ]

    operations = [
        migrations.AlterModelTable(name='orgunit', table=None),
        migrations.AlterModelTable(name='official', table=None),
        migrations.AlterModelTable(name='historicalorgunit', table=None),
        migrations.AlterModelTable(name='historicalofficial', table=None),
    ]
