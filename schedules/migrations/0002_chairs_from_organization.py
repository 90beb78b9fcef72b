"""State only: the chairs point at organization.Official (the same table, moved by organization 0001)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0001_initial'),
        ('schedules', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='entry',
                    name='chairs',
                    field=models.ManyToManyField(blank=True, help_text='Chọn trong danh bạ cán bộ của cơ quan.', related_name='schedule_entries', to='organization.official', verbose_name='lãnh đạo chủ trì'),
                ),
            ],
        ),
    ]
