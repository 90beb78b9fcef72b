from django.core.management.base import BaseCommand

from dispatches.models import DispatchSettings
from dispatches.sync import sync_agency


class Command(BaseCommand):
    help = ("Đồng bộ sổ công văn đi - đến từ hệ thống quản lý văn bản của từng cơ quan đã cấu hình nguồn "
            "(chạy theo lịch, ví dụ mỗi giờ). Nguồn lỗi thì giữ nguyên số liệu cũ.")

    def add_arguments(self, parser):
        parser.add_argument("--agency", action="append", default=[], help="Chỉ đồng bộ cơ quan này (đường dẫn).")
        parser.add_argument("--timeout", type=float, default=20, help="Số giây chờ nguồn trả lời.")

    def handle(self, *args, **options):
        configs = (DispatchSettings.objects.exclude(sync_url="").filter(agency__is_active=True)
                   .select_related("agency").order_by("agency__order"))
        if options["agency"]:
            configs = configs.filter(agency__slug__in=options["agency"])
        failures = 0
        for config in configs:
            report = sync_agency(config, timeout=options["timeout"])
            style = self.style.SUCCESS if report.ok else self.style.ERROR
            failures += not report.ok
            self.stdout.write(style(f"{config.agency.slug}: {report.summary()}"))
        if failures:
            self.stderr.write(self.style.WARNING(f"{failures} nguồn lỗi; số liệu cũ được giữ nguyên."))
