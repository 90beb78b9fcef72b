from django.core.management.base import BaseCommand

from compliance.snapshots import take_snapshot


class Command(BaseCommand):
    help = "Chụp số liệu kiểm tra cập nhật của mọi cơ quan trong ngày (chạy lại trong ngày sẽ ghi đè)."

    def handle(self, *args, **options):
        count = take_snapshot()
        self.stdout.write(f"Đã lưu số liệu kiểm tra của {count} cơ quan.")
