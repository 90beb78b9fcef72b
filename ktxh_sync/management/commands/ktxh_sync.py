from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from ktxh_sync.models import Source
from ktxh_sync.sync import run_sources


class Command(BaseCommand):
    help = ("Đồng bộ số liệu kinh tế - xã hội từ các nguồn đang bật (chạy được từ cron: mỗi nguồn chỉ "
            "một lần chạy tại một thời điểm; nguồn lỗi giữ nguyên số liệu cũ).")

    def add_arguments(self, parser):
        parser.add_argument("--agency", metavar="SLUG", help="Chỉ chạy các nguồn của cơ quan này.")
        parser.add_argument("--source", metavar="ID", type=int, help="Chỉ chạy nguồn có mã số này.")

    def handle(self, *args, **options):
        sources = Source.objects.all()
        if options["agency"]:
            agency = Agency.objects.filter(slug=options["agency"]).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan “{options['agency']}”.")
            sources = sources.filter(agency=agency)
        if options["source"]:
            sources = sources.filter(pk=options["source"])
            if not sources.exists():
                raise CommandError(f"Không có nguồn số {options['source']}.")
        reports = run_sources(sources)
        if not reports:
            self.stdout.write("Không có nguồn nào đang bật.")
        failed = 0
        for report in reports:
            style = {"ok": self.style.SUCCESS, "busy": self.style.WARNING}.get(report.status, self.style.ERROR)
            self.stdout.write(style(f"[{report.agency}] {report.summary()}"))
            for message in report.errors[:10]:
                self.stdout.write(f"    {message}")
            failed += report.status == "failed"
        if failed:
            raise CommandError(f"{failed} nguồn không đồng bộ được; số liệu cũ được giữ nguyên.")
