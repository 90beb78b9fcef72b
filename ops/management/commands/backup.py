from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup, prune


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu (pg_dump định dạng custom) và toàn bộ tệp tải lên, kèm bảng kê số dòng "
            "từng bảng và mã kiểm tra SHA-256 (ops/backup.py). Bản sao lưu dở dang không bao giờ được giữ lại.")

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", required=True, type=Path, help="Thư mục chứa các bản sao lưu.")
        parser.add_argument("--keep", type=int, default=0,
                            help="Chỉ giữ N bản mới nhất (0: giữ tất cả).")

    def handle(self, *args, **options):
        try:
            folder = create_backup(options["output_dir"], log=self.stdout.write)
        except BackupError as error:
            raise CommandError(f"Sao lưu không thành công: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu: {folder}"))
        if options["keep"]:
            for path in prune(options["output_dir"], options["keep"]):
                self.stdout.write(f"Đã xoá bản cũ: {path}")
