"""Periodic job (daily from cron / a systemd timer): erase contact details past the retention period."""

from django.core.management.base import BaseCommand

from participation.retention import erase_expired_contacts


class Command(BaseCommand):
    help = "Xoá thông tin liên hệ của câu hỏi, góp ý, yêu cầu đã kết thúc quá thời hạn lưu giữ."

    def handle(self, *args, **options):
        counts = erase_expired_contacts()
        self.stdout.write(
            f"Đã xoá thông tin liên hệ: {counts['questions']} câu hỏi, {counts['comments']} góp ý, "
            f"{counts['requests']} yêu cầu cung cấp thông tin.")
