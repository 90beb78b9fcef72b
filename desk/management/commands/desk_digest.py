from django.core.management.base import BaseCommand

from desk.notifications import send_digests


class Command(BaseCommand):
    help = ("Gửi thư tổng hợp thông báo trong ngày cho những người chọn “gom thành một thư mỗi ngày” "
            "(mỗi người một thư, chỉ những việc chưa báo qua thư; chạy lại không gửi trùng). Dùng cho cron.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi thư.")

    def handle(self, *args, **options):
        digests = send_digests(dry_run=options["dry_run"])
        for user, items, _message in digests:
            self.stdout.write(f"{user.get_username()} <{user.email}>: {len(items)} việc")
        verb = "Sẽ gửi" if options["dry_run"] else "Đã gửi"
        self.stdout.write(f"{verb} {len(digests)} thư tổng hợp.")
