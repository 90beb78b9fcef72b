from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from dispatches import counts


class Command(BaseCommand):
    help = ("Đếm lại số văn bản đi - đến theo cơ quan, sổ, loại và tháng từ sổ văn bản và so với bảng số liệu "
            "tổng hợp mà thống kê dùng; --repair để sửa các chỗ lệch. Thoát với mã 1 khi có chỗ lệch (chưa sửa).")

    def add_arguments(self, parser):
        parser.add_argument("--agency", action="append", default=[], help="Chỉ kiểm tra cơ quan này (đường dẫn).")
        parser.add_argument("--repair", action="store_true", help="Sửa bảng số liệu cho khớp với sổ văn bản.")

    def handle(self, *args, **options):
        agency_ids = None
        if options["agency"]:
            agencies = dict(Agency.objects.filter(slug__in=options["agency"]).values_list("slug", "pk"))
            unknown = sorted(set(options["agency"]) - set(agencies))
            if unknown:
                raise CommandError(f"Không có cơ quan: {', '.join(unknown)}")
            agency_ids = list(agencies.values())
        wrong = counts.repair(agency_ids) if options["repair"] else counts.differences(agency_ids)
        for (agency_id, direction, doc_type, month), (stored, counted) in wrong.items():
            self.stdout.write(f"cơ quan {agency_id} · {direction} · {doc_type} · {month:%m/%Y}: "
                              f"bảng {stored}, sổ {counted}")
        if not wrong:
            self.stdout.write(self.style.SUCCESS("Số liệu tổng hợp khớp với sổ văn bản."))
        elif options["repair"]:
            self.stdout.write(self.style.SUCCESS(f"Đã sửa {len(wrong)} chỗ lệch."))
        else:
            self.stderr.write(self.style.ERROR(f"{len(wrong)} chỗ lệch; chạy lại với --repair để sửa."))
            raise SystemExit(1)
