from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from procedures.importers import FORMAT_BY_EXTENSION, LegalDocumentResource, ProcedureResource, run_import

KINDS = {"thu-tuc": ProcedureResource, "van-ban": LegalDocumentResource}


class Command(BaseCommand):
    help = ("Nhập thủ tục hành chính (XLSX, CSV hoặc JSON của CSDL quốc gia) hoặc văn bản pháp luật (XLSX, CSV) "
            "cho một cơ quan. Mặc định chỉ xem trước; thêm --commit để lưu. Tất cả hoặc không có gì.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp cần nhập.")
        parser.add_argument("--agency", required=True, help="Đường dẫn (slug) của cơ quan nhận dữ liệu.")
        parser.add_argument("--kind", choices=sorted(KINDS), default="thu-tuc", help="Loại dữ liệu.")
        parser.add_argument("--format", choices=sorted(FORMAT_BY_EXTENSION), help="Định dạng (mặc định theo đuôi tệp).")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (để ghi lịch sử và kiểm tra quyền).")
        parser.add_argument("--commit", action="store_true", help="Lưu thật (không có thì chỉ xem trước).")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan “{options['agency']}”.")
        extension = options["format"] or path.suffix.lower().lstrip(".")
        format_class = FORMAT_BY_EXTENSION.get(extension)
        if format_class is None:
            raise CommandError(f"Không rõ định dạng “{extension}”; dùng --format xlsx, csv hoặc json.")
        resource_class = KINDS[options["kind"]]
        if resource_class is LegalDocumentResource and extension == "json":
            raise CommandError("Văn bản pháp luật chỉ nhập từ XLSX hoặc CSV.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có tài khoản “{options['user']}”.")
        report = run_import(resource_class, agency, path.read_bytes(), format_class, user=user,
                            dry_run=not options["commit"])
        if not report.ok:
            raise CommandError("Không nhập được; chưa có gì được lưu:\n" + "\n".join(report.errors))
        verb = "Đã nhập" if options["commit"] else "Xem trước"
        self.stdout.write(f"{verb}: {report.created} mới, {report.updated} cập nhật, {report.unchanged} không đổi.")
        if not options["commit"]:
            self.stdout.write("Chưa lưu gì; chạy lại với --commit để lưu.")
