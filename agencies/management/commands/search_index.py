"""Keep the site-wide search index (portal/search.py) in step with what the public may see.

Signals index every save; run this from cron every few minutes for what they cannot see (bulk
writes, scheduled items coming due, schedule weeks moving on):

    */5 * * * * .venv/bin/python manage.py search_index --since 10

``--rebuild`` writes the whole index again (after restoring a backup or a bulk load).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.search import rebuild_index, searchables, update_index


class Command(BaseCommand):
    help = "Cập nhật chỉ mục tìm kiếm toàn cổng (hoặc dựng lại toàn bộ với --rebuild)."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=int, default=10,
                            help="Xem lại các mục thay đổi hoặc đến hạn đăng trong từng ấy phút gần nhất.")
        parser.add_argument("--rebuild", action="store_true", help="Dựng lại toàn bộ chỉ mục.")
        parser.add_argument("--kind", action="append", choices=[s.kind for s in searchables()],
                            help="Chỉ dựng lại loại này (dùng với --rebuild; có thể lặp lại).")

    def handle(self, *args, since, rebuild, kind, **options):
        if rebuild:
            counts = rebuild_index(kinds=kind)
        else:
            counts = update_index(timezone.now() - timedelta(minutes=since))
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
