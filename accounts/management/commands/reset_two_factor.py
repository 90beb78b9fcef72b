from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import twofactor


class Command(BaseCommand):
    help = ("Đặt lại xác thực hai bước của một tài khoản (mất điện thoại và mã dự phòng): xóa mọi thiết bị; "
            "lần đăng nhập tới, tài khoản thiết lập lại. Ghi vào lịch sử quản trị dưới tên quản trị viên --by.")

    def add_arguments(self, parser):
        parser.add_argument("username", help="tài khoản cần đặt lại")
        parser.add_argument("--by", required=True, help="tài khoản quản trị cổng (superuser) thực hiện")
        parser.add_argument("--reason", default="", help="lý do (ghi vào nhật ký)")

    def handle(self, username, by, reason, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        actor = User.objects.filter(username=by).first()
        if actor is None or not (actor.is_active and actor.is_superuser):
            raise CommandError(f"“{by}” không phải quản trị cổng thông tin (superuser) đang hoạt động.")
        removed = twofactor.reset_devices(user, by=actor, reason=reason or "lệnh reset_two_factor")
        self.stdout.write(f"Đã đặt lại xác thực hai bước của “{username}” ({removed} thiết bị).")
