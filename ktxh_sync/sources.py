"""Where a KTXH source may be read from (checked on the model and before each fetch)."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def file_roots() -> list[Path]:
    """Folders a file:// source may read from (the shipped samples by default)."""
    roots = settings.KTXH_SYNC_FILE_ROOTS or [Path(__file__).resolve().parent / "samples"]
    return [Path(r).resolve() for r in roots]


def check_url(url: str) -> None:
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return
    if parts.scheme == "file":
        path = Path(unquote(parts.path)).resolve()
        if any(path.is_relative_to(root) for root in file_roots()):
            return
        raise ValueError(_("Tệp cục bộ chỉ được đọc trong thư mục dữ liệu mẫu đã cấu hình."))
    raise ValueError(_("Địa chỉ phải bắt đầu bằng http:// hoặc https://."))
