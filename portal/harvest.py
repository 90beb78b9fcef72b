"""A harvester of another deployment's read API (``manage.py harvest_portal URL``): what an upstream
aggregator (the Government's operations page, the province's data portal) does with /api/v1/.

The mirror is a folder of JSON files, one per resource (``{id: item}``) plus ``state.json``. The
first run reads everything; later runs pass the last ``server_time`` (less a minute of overlap, since
upserts are idempotent) as ``updated_since``, follow every ``next_cursor``, then apply the tombstones.
An agency that appears (new, or active again) is read in full. Outbound requests go through
portal/fetch.py (public hosts only).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from portal.fetch import fetch

# Resources listed province-wide with ?agency= and updated_since, and their tombstone types.
PROVINCE_RESOURCES = {
    "introductions": "introduction", "functions": "functions", "news": "news", "procedures": "procedure",
    "legal-documents": "legal_document", "weeks": "week", "schedule-entries": "schedule_entry",
    "indicators": "indicator", "observations": "observation", "reports": "report", "dispatches": "dispatch",
}
# Resources read per agency (/agencies/{slug}/<name>).
AGENCY_RESOURCES = {"units": "unit", "officials": "official"}
TYPES = {**{t: r for r, t in PROVINCE_RESOURCES.items()}, **{t: r for r, t in AGENCY_RESOURCES.items()},
         "agency": "agencies"}
OVERLAP = timedelta(minutes=1)
PAGE = 200


@dataclass
class Report:
    requests: int = 0
    upserted: dict = field(default_factory=dict)
    removed: dict = field(default_factory=dict)
    full: bool = False

    def count(self, bucket, resource, n=1):
        getattr(self, bucket)[resource] = getattr(self, bucket).get(resource, 0) + n


class Harvester:
    def __init__(self, base_url: str, folder: Path, timeout: float = 30):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.folder = Path(folder)
        self.timeout = timeout
        self.report = Report()
        self.data = {}

    # --- the mirror ---------------------------------------------------------------------------
    def _file(self, resource):
        return self.folder / f"{resource}.json"

    def load(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        for resource in ["agencies", *PROVINCE_RESOURCES, *AGENCY_RESOURCES]:
            path = self._file(resource)
            self.data[resource] = json.loads(path.read_text()) if path.exists() else {}
        state = self.folder / "state.json"
        return json.loads(state.read_text()) if state.exists() else {}

    def save(self, state):
        for resource, items in self.data.items():
            self._file(resource).write_text(json.dumps(items, ensure_ascii=False, sort_keys=True, indent=1))
        (self.folder / "state.json").write_text(json.dumps(state, indent=1))

    # --- the API --------------------------------------------------------------------------------
    def get(self, path, **query):
        query = {k: v for k, v in query.items() if v is not None}
        url = f"{self.base}{path}" + (f"?{urlencode(query)}" if query else "")
        response = fetch(url, timeout=self.timeout, headers={"Accept": "application/json",
                                                             "User-Agent": "harvest_portal/1"})
        self.report.requests += 1
        return json.loads(response.body.decode("utf-8"))

    def pages(self, path, **query):
        cursor = None
        while True:
            body = self.get(path, limit=PAGE, cursor=cursor, **query)
            yield body
            cursor = body["next_cursor"]
            if not cursor:
                return

    def _upsert(self, resource, items):
        for item in items:
            self.data[resource][str(item["id"])] = item
        self.report.count("upserted", resource, len(items))

    def _harvest_list(self, resource, path, since=None, **query):
        first_time = None
        for body in self.pages(path, updated_since=since, **query):
            first_time = first_time or body["server_time"]
            self._upsert(resource, body["items"])
        return first_time

    def _drop_agency(self, slug):
        for resource, items in self.data.items():
            for key in [k for k, item in items.items()
                        if (item.get("agency") == slug if resource != "agencies" else item.get("slug") == slug)]:
                del items[key]
                self.report.count("removed", resource)

    # --- one run --------------------------------------------------------------------------------
    def run(self) -> Report:
        state = self.load()
        since = state.get("since")
        self.report.full = since is None
        if since:
            since = (datetime.fromisoformat(since.replace("Z", "+00:00")) - OVERLAP).isoformat()
        known = {item["slug"] for item in self.data["agencies"].values()}
        # Agencies are few and carry the sections' last update, which changes without the agency row:
        # always read in full (one or two requests).
        started = self._harvest_list("agencies", "/agencies", None)
        self._apply_tombstones(since, type="agency")  # before reading per-agency resources
        current = {item["slug"] for item in self.data["agencies"].values()}
        for resource in PROVINCE_RESOURCES:
            self._harvest_list(resource, f"/{resource}", since)
        for slug in sorted(current):
            for resource in AGENCY_RESOURCES:
                self._harvest_list(resource, f"/agencies/{slug}/{resource}", since if slug in known else None)
        # Agencies new to the mirror (or back after being deactivated): read all of their content.
        for slug in sorted(current - known):
            if since:
                for resource in PROVINCE_RESOURCES:
                    self._harvest_list(resource, f"/{resource}", None, agency=slug)
        self._apply_tombstones(since)
        self.save({"since": started, "base": self.base})
        return self.report

    def _apply_tombstones(self, since, **query):
        for body in self.pages("/tombstones", updated_since=since, **query):
            for stone in body["items"]:
                resource = TYPES.get(stone["type"])
                if stone["type"] == "agency":
                    self._drop_agency(next((a["slug"] for a in self.data["agencies"].values()
                                            if a["id"] == stone["id"]), stone.get("agency") or ""))
                if resource and self.data[resource].pop(str(stone["id"]), None) is not None:
                    self.report.count("removed", resource)
