from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from compliance.reminders import send_reminders


class Command(BaseCommand):
    help = ("Gửi thư nhắc cho quản trị đơn vị và lãnh đạo duyệt của mỗi cơ quan có chuyên mục quá hạn "
            "hoặc sắp đến hạn (một thư cho mỗi cơ quan; không gửi khi đã đạt hết). Dùng cho cron.")

    def add_arguments(self, parser):
        parser.add_argument("--agency", action="append", dest="agencies", metavar="SLUG",
                            help="Chỉ nhắc cơ quan này (có thể lặp lại).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi thư.")

    def handle(self, *args, **options):
        agencies = Agency.objects.filter(is_active=True)
        if options["agencies"]:
            agencies = agencies.filter(slug__in=options["agencies"])
            missing = set(options["agencies"]) - set(agencies.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Không có cơ quan đang hoạt động: {', '.join(sorted(missing))}")
        reminders = send_reminders(agencies, dry_run=options["dry_run"])
        sent = 0
        for reminder in reminders:
            if reminder.message is None:
                self.stderr.write(f"{reminder.agency.slug}: có chuyên mục cần cập nhật nhưng không có quản trị "
                                  "đơn vị hoặc lãnh đạo duyệt nào có địa chỉ thư điện tử.")
                continue
            sent += 1
            self.stdout.write(f"{reminder.agency.slug}: {', '.join(reminder.recipients)}")
        verb = "Sẽ gửi" if options["dry_run"] else "Đã gửi"
        self.stdout.write(f"{verb} {sent} thư nhắc.")
