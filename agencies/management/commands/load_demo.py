import os
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agencies.cache import deferred_version_bumps
from portal.demo import DemoContext, demo_loaders


class Command(BaseCommand):
    help = "Nạp tỉnh mẫu (dữ liệu mẫu) để trình diễn; chạy lại nhiều lần không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo12345"))

    def handle(self, *args, **options):
        context = DemoContext(password=options["password"], stdout=self.stdout, now=timezone.now())
        with transaction.atomic(), deferred_version_bumps():
            for loader in demo_loaders():
                started = time.monotonic()
                loader(context)
                if options["verbosity"] > 1:
                    self.stdout.write(f"  {loader.__module__}.{loader.__name__}: {time.monotonic() - started:.1f} s")
        self.stdout.write(self.style.SUCCESS("\nDữ liệu mẫu đã sẵn sàng: http://127.0.0.1:%s/" %
                                             os.environ.get("PORT", "8000")))
        self.stdout.write(f"Mật khẩu chung của mọi tài khoản mẫu: {context.password}")
        for username, description in context.logins:
            self.stdout.write(f"  {username:<28} {description}")
