from django.core.management.base import BaseCommand

from portal.importing import storage


class Command(BaseCommand):
    help = "Xóa các tệp nhập dữ liệu chờ xác nhận quá một ngày (mỗi lần nhập mới cũng tự làm việc này)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=storage.MAX_AGE, help="số giây tối đa được giữ")

    def handle(self, *args, max_age, **options):
        removed = storage.sweep(max_age)
        self.stdout.write(f"{removed}")
