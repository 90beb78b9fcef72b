"""Section 2 moves from ``agencies`` to its own app: the models enter this app's state on the
existing tables (no SQL here); 0003 renames the tables. Content types follow, so permissions,
admin log entries and history links are kept."""

import django.db.models.deletion
import portal.fields
import portal.uploads
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ("orgunit", "official", "historicalorgunit", "historicalofficial")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(ContentType.objects.using(db).filter(app_label="organization").values_list("model", flat=True))
    (ContentType.objects.using(db).filter(app_label="agencies", model__in=[m for m in MOVED if m not in taken])
     .update(app_label="organization"))


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="organization", model__in=MOVED).update(app_label="agencies")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agencies', '0002_organization'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('portal', '0002_pg_trgm'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='Official',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('draft', 'Bản nháp'), ('pending', 'Chờ duyệt'), ('returned', 'Bị trả lại'), ('published', 'Đã xuất bản'), ('unpublished', 'Đã gỡ xuống')], default='draft', editable=False, max_length=12, verbose_name='trạng thái')),
                    ('published_at', models.DateTimeField(blank=True, help_text='Để trống để xuất bản ngay khi được duyệt; chọn thời điểm trong tương lai để hẹn giờ.', null=True, verbose_name='thời điểm xuất bản')),
                    ('review_note', models.TextField(blank=True, help_text='Ghi rõ lý do khi trả lại để người biên tập sửa.', verbose_name='ý kiến của người duyệt')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='cập nhật lúc')),
                    ('full_name', models.CharField(max_length=150, verbose_name='họ và tên')),
                    ('title', models.CharField(help_text='Ví dụ: Giám đốc, Phó Giám đốc, Chánh Văn phòng, Trưởng phòng, Chuyên viên chính.', max_length=150, verbose_name='chức vụ')),
                    ('title_en', models.CharField(blank=True, help_text='Để trống để dùng bản dịch chuẩn của chức vụ.', max_length=150, verbose_name='chức vụ (tiếng Anh)')),
                    ('group', models.CharField(blank=True, choices=[('leadership', 'Lãnh đạo cơ quan'), ('head', 'Cấp trưởng phòng, đơn vị'), ('deputy', 'Cấp phó phòng, đơn vị'), ('specialist', 'Chuyên viên và tương đương'), ('other', 'Khác')], help_text='Dùng để thống kê số lượng; để trống thì tự xác định theo chức vụ.', max_length=12, verbose_name='nhóm')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                    ('phone', models.CharField(blank=True, max_length=50, verbose_name='điện thoại')),
                    ('photo', portal.uploads.PortalImageField(blank=True, max_side=480, verbose_name='ảnh')),
                    ('order', models.PositiveIntegerField(default=0, verbose_name='thứ tự trong đơn vị')),
                    ('is_public', models.BooleanField(default=True, help_text='Bỏ chọn để không đưa người này lên danh bạ, bảng số lượng không đổi.', verbose_name='hiện công khai')),
                    ('search_text', portal.fields.FoldedTextField(sources=('full_name', 'title', 'email', 'phone'))),
                    ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_set', to='agencies.agency', verbose_name='cơ quan')),
                    ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                    ('reviewed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người duyệt')),
                    ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người sửa')),
                ],
                options={
                    'db_table': 'agencies_official',
                    'verbose_name': 'cán bộ',
                    'verbose_name_plural': 'cán bộ',
                    'ordering': ['agency', 'unit__tree_path', 'order', 'full_name'],
                },
            ),
            migrations.CreateModel(
                name='OrgUnit',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('draft', 'Bản nháp'), ('pending', 'Chờ duyệt'), ('returned', 'Bị trả lại'), ('published', 'Đã xuất bản'), ('unpublished', 'Đã gỡ xuống')], default='draft', editable=False, max_length=12, verbose_name='trạng thái')),
                    ('published_at', models.DateTimeField(blank=True, help_text='Để trống để xuất bản ngay khi được duyệt; chọn thời điểm trong tương lai để hẹn giờ.', null=True, verbose_name='thời điểm xuất bản')),
                    ('review_note', models.TextField(blank=True, help_text='Ghi rõ lý do khi trả lại để người biên tập sửa.', verbose_name='ý kiến của người duyệt')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='cập nhật lúc')),
                    ('name', models.CharField(max_length=255, verbose_name='tên đơn vị')),
                    ('name_en', models.CharField(blank=True, max_length=255, verbose_name='tên tiếng Anh')),
                    ('kind', models.CharField(choices=[('leadership', 'Ban lãnh đạo'), ('office', 'Văn phòng'), ('inspectorate', 'Thanh tra'), ('division', 'Phòng chuyên môn, nghiệp vụ'), ('sub_department', 'Chi cục'), ('service_unit', 'Đơn vị sự nghiệp công lập trực thuộc'), ('other', 'Khác')], default='division', max_length=20, verbose_name='loại đơn vị')),
                    ('order', models.PositiveIntegerField(default=0, help_text='Thứ tự giữa các đơn vị cùng cấp; dùng nút lên/xuống trong danh sách thay vì gõ số.', verbose_name='thứ tự')),
                    ('phone', models.CharField(blank=True, max_length=50, verbose_name='điện thoại')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                    ('address', models.CharField(blank=True, max_length=255, verbose_name='địa chỉ')),
                    ('duties', models.TextField(blank=True, help_text='Tóm tắt ngắn chức năng, nhiệm vụ của đơn vị.', verbose_name='nhiệm vụ chính')),
                    ('tree_path', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                    ('depth', models.PositiveSmallIntegerField(default=0, editable=False)),
                    ('search_text', portal.fields.FoldedTextField(sources=('name', 'name_en'))),
                    ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_set', to='agencies.agency', verbose_name='cơ quan')),
                    ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                    ('parent', models.ForeignKey(blank=True, help_text='Để trống nếu đơn vị trực thuộc thẳng cơ quan.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='organization.orgunit', verbose_name='đơn vị cấp trên')),
                    ('reviewed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người duyệt')),
                    ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người sửa')),
                ],
                options={
                    'db_table': 'agencies_orgunit',
                    'verbose_name': 'đơn vị trực thuộc',
                    'verbose_name_plural': 'đơn vị trực thuộc',
                    'ordering': ['agency', 'tree_path'],
                },
            ),
            migrations.AddField(
                model_name='official',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='officials', to='organization.orgunit', verbose_name='đơn vị'),
            ),
            migrations.CreateModel(
                name='HistoricalOrgUnit',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('status', models.CharField(choices=[('draft', 'Bản nháp'), ('pending', 'Chờ duyệt'), ('returned', 'Bị trả lại'), ('published', 'Đã xuất bản'), ('unpublished', 'Đã gỡ xuống')], default='draft', editable=False, max_length=12, verbose_name='trạng thái')),
                    ('published_at', models.DateTimeField(blank=True, help_text='Để trống để xuất bản ngay khi được duyệt; chọn thời điểm trong tương lai để hẹn giờ.', null=True, verbose_name='thời điểm xuất bản')),
                    ('review_note', models.TextField(blank=True, help_text='Ghi rõ lý do khi trả lại để người biên tập sửa.', verbose_name='ý kiến của người duyệt')),
                    ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='cập nhật lúc')),
                    ('name', models.CharField(max_length=255, verbose_name='tên đơn vị')),
                    ('name_en', models.CharField(blank=True, max_length=255, verbose_name='tên tiếng Anh')),
                    ('kind', models.CharField(choices=[('leadership', 'Ban lãnh đạo'), ('office', 'Văn phòng'), ('inspectorate', 'Thanh tra'), ('division', 'Phòng chuyên môn, nghiệp vụ'), ('sub_department', 'Chi cục'), ('service_unit', 'Đơn vị sự nghiệp công lập trực thuộc'), ('other', 'Khác')], default='division', max_length=20, verbose_name='loại đơn vị')),
                    ('order', models.PositiveIntegerField(default=0, help_text='Thứ tự giữa các đơn vị cùng cấp; dùng nút lên/xuống trong danh sách thay vì gõ số.', verbose_name='thứ tự')),
                    ('phone', models.CharField(blank=True, max_length=50, verbose_name='điện thoại')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                    ('address', models.CharField(blank=True, max_length=255, verbose_name='địa chỉ')),
                    ('duties', models.TextField(blank=True, help_text='Tóm tắt ngắn chức năng, nhiệm vụ của đơn vị.', verbose_name='nhiệm vụ chính')),
                    ('tree_path', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                    ('depth', models.PositiveSmallIntegerField(default=0, editable=False)),
                    ('search_text', portal.fields.FoldedTextField(sources=('name', 'name_en'))),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan')),
                    ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người duyệt')),
                    ('updated_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người sửa')),
                    ('parent', models.ForeignKey(blank=True, db_constraint=False, help_text='Để trống nếu đơn vị trực thuộc thẳng cơ quan.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.orgunit', verbose_name='đơn vị cấp trên')),
                ],
                options={
                    'db_table': 'agencies_historicalorgunit',
                    'verbose_name': 'historical đơn vị trực thuộc',
                    'verbose_name_plural': 'historical đơn vị trực thuộc',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalOfficial',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('status', models.CharField(choices=[('draft', 'Bản nháp'), ('pending', 'Chờ duyệt'), ('returned', 'Bị trả lại'), ('published', 'Đã xuất bản'), ('unpublished', 'Đã gỡ xuống')], default='draft', editable=False, max_length=12, verbose_name='trạng thái')),
                    ('published_at', models.DateTimeField(blank=True, help_text='Để trống để xuất bản ngay khi được duyệt; chọn thời điểm trong tương lai để hẹn giờ.', null=True, verbose_name='thời điểm xuất bản')),
                    ('review_note', models.TextField(blank=True, help_text='Ghi rõ lý do khi trả lại để người biên tập sửa.', verbose_name='ý kiến của người duyệt')),
                    ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='cập nhật lúc')),
                    ('full_name', models.CharField(max_length=150, verbose_name='họ và tên')),
                    ('title', models.CharField(help_text='Ví dụ: Giám đốc, Phó Giám đốc, Chánh Văn phòng, Trưởng phòng, Chuyên viên chính.', max_length=150, verbose_name='chức vụ')),
                    ('title_en', models.CharField(blank=True, help_text='Để trống để dùng bản dịch chuẩn của chức vụ.', max_length=150, verbose_name='chức vụ (tiếng Anh)')),
                    ('group', models.CharField(blank=True, choices=[('leadership', 'Lãnh đạo cơ quan'), ('head', 'Cấp trưởng phòng, đơn vị'), ('deputy', 'Cấp phó phòng, đơn vị'), ('specialist', 'Chuyên viên và tương đương'), ('other', 'Khác')], help_text='Dùng để thống kê số lượng; để trống thì tự xác định theo chức vụ.', max_length=12, verbose_name='nhóm')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                    ('phone', models.CharField(blank=True, max_length=50, verbose_name='điện thoại')),
                    ('photo', models.TextField(blank=True, max_length=255, verbose_name='ảnh')),
                    ('order', models.PositiveIntegerField(default=0, verbose_name='thứ tự trong đơn vị')),
                    ('is_public', models.BooleanField(default=True, help_text='Bỏ chọn để không đưa người này lên danh bạ, bảng số lượng không đổi.', verbose_name='hiện công khai')),
                    ('search_text', portal.fields.FoldedTextField(sources=('full_name', 'title', 'email', 'phone'))),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan')),
                    ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người duyệt')),
                    ('updated_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người sửa')),
                    ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.orgunit', verbose_name='đơn vị')),
                ],
                options={
                    'db_table': 'agencies_historicalofficial',
                    'verbose_name': 'historical cán bộ',
                    'verbose_name_plural': 'historical cán bộ',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.AddConstraint(
                model_name='orgunit',
                constraint=models.UniqueConstraint(fields=('agency', 'name'), name='orgunit_name_unique_in_agency'),
            ),
            migrations.AddIndex(
                model_name='official',
                index=models.Index(fields=['agency', 'status', 'is_public'], name='official_public_idx'),
            ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
