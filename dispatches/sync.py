"""Pull sync: fetch each configured agency's JSON or CSV feed and apply it like a file import.

All or nothing per agency: when the source fails (an HTTP error, a time-out, malformed data, a bad or
classified row) nothing changes and the register keeps the data of the last good run. The time and
result of every run, and the time of the last success, are recorded on ``DispatchSettings`` with
``queryset.update()`` (a run by itself turns no public page over).
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.fetch import FetchError
from portal.fetch import fetch as portal_fetch
from portal.importing.report import ImportReport

from .importers import RowError, apply_rows, dataset_rows, read_csv
from .models import DispatchSettings

USER_AGENT = "cong-thong-tin-dieu-hanh/van-ban-di-den"


class SyncError(Exception):
    pass


def max_bytes() -> int:
    """The app's own cap, never above the one of portal.fetch (the strictest applies)."""
    return min(settings.DISPATCHES_SYNC_MAX_BYTES, settings.PORTAL_FETCH_MAX_BYTES)


def fetch(url: str, feed_format: str = "auto", timeout: float = 20) -> list:
    """``[(label, row)]`` read from ``url``; raises SyncError with a Vietnamese message."""
    try:
        response = portal_fetch(url, timeout=timeout, max_bytes=max_bytes(), headers={"User-Agent": USER_AGENT,
                                                              "Accept": "application/json, text/csv;q=0.9"})
    except FetchError as error:
        raise SyncError(str(error)) from None
    content_type, data = response.content_type, response.body
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
        # Nested values are kept (as JSON text) so the column and classified checks see them too.
        rows.append((_("Mục %(item)d") % {"item": index},
                     {str(k): (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
                      for k, v in item.items()}))
    return rows


def sync_agency(config: DispatchSettings, timeout: float = 20) -> ImportReport:
    """Fetch and apply one agency's feed; record the run. Returns the report."""
    started = timezone.now()
    try:
        rows = fetch(config.sync_url, config.sync_format, timeout)
        report = apply_rows(config.agency, rows)
    except SyncError as error:
        report = ImportReport(errors=[RowError("", str(error))])
    fields = {"last_sync_at": started, "last_sync_ok": report.ok, "last_sync_message": report.summary()[:10000]}
    if report.ok:
        fields["last_success_at"] = started
    DispatchSettings.objects.filter(pk=config.pk).update(**fields)
    return report
