from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu của lệnh backup vào cơ sở dữ liệu trống và thư mục (hoặc bucket) tệp "
            "trống, kiểm tra mã SHA-256 trước và so số dòng từng bảng, mã từng tệp sau khi khôi phục.")

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Thư mục portal-YYYYmmdd-HHMMSS do lệnh backup tạo.")

    def handle(self, *args, **options):
        try:
            report = restore_backup(options["folder"], log=self.stdout.write)
        except BackupError as error:
            raise CommandError(f"Khôi phục không thành công: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục {report.tables} bảng, {report.rows} dòng, {report.media_files} tệp; "
            "số dòng và mã kiểm tra khớp với bản sao lưu."))
