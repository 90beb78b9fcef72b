"""The contact officer moves from ``Agency.contact_officer`` to a flag on the official (one per
agency), so that ``agencies`` does not depend on section 2. Existing choices are copied here;
agencies 0003 then drops the old column."""

from django.db import migrations, models


def copy_contact_officers(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    Official = apps.get_model("organization", "Official")
    db = schema_editor.connection.alias
    chosen = list(Agency.objects.using(db).exclude(contact_officer=None).values_list("contact_officer_id", flat=True))
    Official.objects.using(db).filter(pk__in=chosen).update(is_contact_officer=True)


def copy_back(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    Official = apps.get_model("organization", "Official")
    db = schema_editor.connection.alias
    for agency_id, official_id in Official.objects.using(db).filter(is_contact_officer=True).values_list(
            "agency_id", "pk"):
        Agency.objects.using(db).filter(pk=agency_id).update(contact_officer=official_id)


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='official',
            name='is_contact_officer',
            field=models.BooleanField(default=False, help_text='Người tiếp nhận yêu cầu cung cấp thông tin (Nghị định 42/2022/NĐ-CP); mỗi cơ quan một người: chọn người này thì người trước đó thôi là đầu mối.', verbose_name='cán bộ đầu mối cung cấp thông tin'),
        ),
        migrations.AddField(
            model_name='historicalofficial',
            name='is_contact_officer',
            field=models.BooleanField(default=False, help_text='Người tiếp nhận yêu cầu cung cấp thông tin (Nghị định 42/2022/NĐ-CP); mỗi cơ quan một người: chọn người này thì người trước đó thôi là đầu mối.', verbose_name='cán bộ đầu mối cung cấp thông tin'),
        ),
        migrations.RunPython(copy_contact_officers, copy_back),
        migrations.AddConstraint(
            model_name='official',
            constraint=models.UniqueConstraint(condition=models.Q(('is_contact_officer', True)), fields=('agency',), name='one_contact_officer_per_agency'),
        ),
    ]
