"""Pull sync: fetch each configured agency's JSON or CSV feed and apply it like a file import.

All or nothing per agency: when the source fails (an HTTP error, a time-out, malformed data, a bad or
classified row) nothing changes and the register keeps the data of the last good run. The time and
result of every run, and the time of the last success, are recorded on ``DispatchSettings`` with
``queryset.update()`` (a run by itself turns no public page over).
"""

import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.fetch import open_url

from .importers import Report, RowError, apply_rows, dataset_rows, read_csv
from .models import DispatchSettings

USER_AGENT = "cong-thong-tin-dieu-hanh/van-ban-di-den"


class SyncError(Exception):
    pass


def max_bytes() -> int:
    return settings.DISPATCHES_SYNC_MAX_BYTES


def fetch(url: str, feed_format: str = "auto", timeout: float = 20) -> list:
    """``[(label, row)]`` read from ``url``; raises SyncError with a Vietnamese message."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise SyncError(_("Địa chỉ nguồn phải bắt đầu bằng http:// hoặc https://."))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "application/json, text/csv;q=0.9"})
    try:
        with open_url(request, timeout=timeout) as response:
            content_type = response.headers.get("Content-Type", "")
            data = response.read(max_bytes() + 1)
    except urllib.error.HTTPError as error:
        raise SyncError(_("Nguồn trả lỗi HTTP %(status)d.") % {"status": error.code}) from None
    except TimeoutError:
        raise SyncError(_("Nguồn không trả lời sau %(seconds)s giây.") % {"seconds": timeout}) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise SyncError(_("Nguồn không trả lời sau %(seconds)s giây.") % {"seconds": timeout}) from None
        raise SyncError(_("Không kết nối được với nguồn (%(reason)s).") % {"reason": error.reason}) from None
    except OSError as error:
        raise SyncError(_("Lỗi khi đọc nguồn (%(reason)s).") % {"reason": error}) from None
    if len(data) > max_bytes():
        raise SyncError(_("Dữ liệu nguồn quá lớn (tối đa %(max)d byte).") % {"max": max_bytes()})
    is_json = feed_format == "json" or (feed_format == "auto" and (
        "json" in content_type or data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"[", b"{")))
    if is_json:
        return parse_json(data)
    try:
        return dataset_rows(read_csv(data))
    except ValidationError as error:
        raise SyncError(" ".join(error.messages)) from None


def parse_json(data: bytes) -> list:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise SyncError(_("Dữ liệu nguồn không phải JSON hợp lệ.")) from None
    if isinstance(payload, dict) and isinstance(payload.get("dispatches"), list):
        payload = payload["dispatches"]
    if not isinstance(payload, list):
        raise SyncError(_("Dữ liệu nguồn phải là một danh sách văn bản."))
    rows = []
    for index, item in enumerate(payload, 1):
        if not isinstance(item, dict):
            raise SyncError(_("Mục %(item)d của nguồn không phải đối tượng JSON.") % {"item": index})
        rows.append((_("Mục %(item)d") % {"item": index},
                     {str(k): v for k, v in item.items() if not isinstance(v, (dict, list))}))
    return rows


def sync_agency(config: DispatchSettings, timeout: float = 20) -> Report:
    """Fetch and apply one agency's feed; record the run. Returns the report."""
    started = timezone.now()
    try:
        rows = fetch(config.sync_url, config.sync_format, timeout)
        report = apply_rows(config.agency, rows)
    except SyncError as error:
        report = Report(errors=[RowError("", str(error))])
    fields = {"last_sync_at": started, "last_sync_ok": report.ok, "last_sync_message": report.summary()[:10000]}
    if report.ok:
        fields["last_success_at"] = started
    DispatchSettings.objects.filter(pk=config.pk).update(**fields)
    return report
