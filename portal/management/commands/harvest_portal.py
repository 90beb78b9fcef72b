from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.fetch import FetchError
from portal.harvest import Harvester


class Command(BaseCommand):
    help = _("Thu thập (tăng dần) dữ liệu công khai của một cổng khác qua API /api/v1/ vào thư mục JSON.")

    def add_arguments(self, parser):
        parser.add_argument("url", help=_("Địa chỉ gốc của cổng, ví dụ https://congthongtin.vinhlong.gov.vn"))
        parser.add_argument("--into", help=_("Thư mục lưu bản sao (mặc định var/harvest/<tên miền>)"))
        parser.add_argument("--timeout", type=float, default=30)

    def handle(self, *args, **options):
        host = urlsplit(options["url"]).netloc.replace(":", "_") or "portal"
        folder = Path(options["into"] or Path("var") / "harvest" / host)
        try:
            report = Harvester(options["url"], folder, options["timeout"]).run()
        except (FetchError, OSError, ValueError, KeyError) as error:
            raise CommandError(_("Không thu thập được: %(error)s") % {"error": error}) from error
        kind = _("toàn bộ") if report.full else _("tăng dần")
        self.stdout.write(_("Thu thập %(kind)s xong: %(requests)d yêu cầu, cập nhật %(up)d mục, xóa %(gone)d mục.") % {
            "kind": kind, "requests": report.requests, "up": sum(report.upserted.values()),
            "gone": sum(report.removed.values())})
