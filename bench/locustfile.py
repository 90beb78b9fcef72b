"""Mixed workload for bench/load.py (Locust): citizens, officers, the push API, the review dashboard.

Request names are page types, so the report gives throughput and p50/p99 per type. Every 5xx is also
counted apart (``FIVE_XX``): the load test requires none. Settings from bench/load.py's environment:
LOAD_API_TOKENS (JSON {agency slug: key}), DEMO_PASSWORD.
"""

import json
import os
import random
import re
import uuid
from datetime import date

from locust import HttpUser, between, events, task

AGENCIES = ["vp-ubnd", "so-noi-vu", "so-tai-chinh", "so-khcn", "so-nnmt", "so-xay-dung", "so-gddt", "so-y-te",
            "so-vhttdl", "so-cong-thuong", "so-tu-phap", "thanh-tra-tinh", "phuong-thanh-duc",
            "phuong-long-chau", "phuong-an-hoi", "phuong-nguyet-hoa", "xa-cai-nhum", "xa-tam-binh",
            "xa-cau-ngang"]
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo12345")
TOKENS = json.loads(os.environ.get("LOAD_API_TOKENS", "{}"))
FIVE_XX = {"count": 0, "samples": []}
ARTICLE_LINK = re.compile(r'href="(/[a-z0-9-]+/tin-tuc/[a-z0-9-]+/)"')
PROCEDURE_LINK = re.compile(r'href="(/[a-z0-9-]+/thu-tuc-hanh-chinh/[a-z0-9.-]+/)"')
SEARCH_WORDS = ["thu tuc", "quyết định", "y te", "hội nghị", "đất đai", "giáo dục", "ke hoach"]


@events.request.add_listener
def _count_5xx(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    if status >= 500:
        FIVE_XX["count"] += 1
        if len(FIVE_XX["samples"]) < 20:
            FIVE_XX["samples"].append(f"{status} {name} {getattr(response, 'url', '')}")


@events.quitting.add_listener
def _report_5xx(environment, **kwargs):
    path = os.environ.get("LOAD_5XX_FILE")
    if path:
        with open(path, "w") as handle:
            json.dump(FIVE_XX, handle)


def admin_login(client, username):
    """Sign ``client`` in to the admin as ``username`` (demo password), as a browser would."""
    response = client.get("/admin/login/", name="admin login")
    client.post("/admin/login/", {"username": username, "password": PASSWORD,
                                  "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""), "next": "/admin/"},
                headers={"Referer": response.url}, name="admin login")


class Citizen(HttpUser):
    """Anonymous readers over every public page type, mostly agency pages."""

    weight = 56
    wait_time = between(0.5, 2)

    def on_start(self):
        self.agency = random.choice(AGENCIES)
        self.articles, self.procedures = [], []

    def _get(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"{response.status_code}")
            return response

    def _list_then_item(self, path, name, link, known, item_name):
        """Read a list page, then one of the items it links (or one seen before); the links seen."""
        response = self._get(path, name)
        links = link.findall(response.text or "")[:20] or known
        if links:
            self._get(random.choice(links), item_name)
        return links

    @task(4)
    def province_home(self):
        self._get("/", "province home")

    @task(6)
    def agency_home(self):
        self.agency = random.choice(AGENCIES)
        self._get(f"/{self.agency}/", "agency home")

    @task(2)
    def introduction(self):
        self._get(f"/{self.agency}/gioi-thieu/", "1 introduction")

    @task(2)
    def organization(self):
        self._get(f"/{self.agency}/co-cau-to-chuc/", "2 organization")

    @task(1)
    def functions(self):
        self._get(f"/{self.agency}/chuc-nang-nhiem-vu/", "3 functions")

    @task(3)
    def procedures(self):
        self.procedures = self._list_then_item(f"/{self.agency}/thu-tuc-hanh-chinh/", "4 procedure list",
                                               PROCEDURE_LINK, self.procedures, "4 procedure detail")

    @task(3)
    def schedule(self):
        self._get(f"/{self.agency}/lich-cong-tac/", "5 weekly schedule")

    @task(6)
    def news(self):
        self.articles = self._list_then_item(f"/{self.agency}/tin-tuc/", "6 news list", ARTICLE_LINK,
                                             self.articles, "6 article")

    @task(2)
    def ktxh(self):
        self._get(random.choice(["/kinh-te-xa-hoi/", "/vp-ubnd/kinh-te-xa-hoi/"]), "7 KTXH")

    @task(2)
    def dispatches(self):
        self._get(f"/{self.agency}/van-ban-di-den/", "8 dispatch statistics")

    @task(2)
    def province_pages(self):
        path = random.choice(["/tin-tuc/", "/thu-tuc-hanh-chinh/", "/lich-cong-tac/", "/van-ban-di-den/"])
        self._get(path, "province section page")

    @task(2)
    def search(self):
        self._get(f"/tim-kiem/?q={random.choice(SEARCH_WORDS)}", "search")

    @task(1)
    def sitemap(self):
        self._get(random.choice(["/sitemap.xml", "/so-do-trang/"]), "sitemap")


class Officer(HttpUser):
    """An agency's approver: opens the admin, unpublishes and republishes news (writes that turn the
    agency's page cache over), checks the public page."""

    weight = 4
    wait_time = between(2, 5)

    def on_start(self):
        self.agency = random.choice(AGENCIES)
        admin_login(self.client, f"{self.agency}-duyet")
        self.ids = []

    def _csrf(self):
        return self.client.cookies.get("csrftoken", "")

    @task(3)
    def article_list(self):
        response = self.client.get("/admin/content/article/?status__exact=published", name="admin article list")
        self.ids = re.findall(r'name="_selected_action" value="(\d+)"', response.text or "")[:10] or self.ids

    @task(2)
    def unpublish_and_publish(self):
        if not self.ids:
            return self.article_list()
        chosen = random.choice(self.ids)
        for action in ("unpublish_selected", "publish_selected"):
            self.client.post("/admin/content/article/", {
                "action": action, "_selected_action": chosen, "index": "0", "csrfmiddlewaretoken": self._csrf()},
                headers={"Referer": self.host + "/admin/content/article/"}, name=f"admin {action}")
        self.client.get(f"/{self.agency}/tin-tuc/", name="6 news list (officer)")

    @task(1)
    def admin_home(self):
        self.client.get("/admin/", name="admin home")


class Reviewer(HttpUser):
    """The provincial office's reviewer on the compliance dashboard."""

    weight = 2
    wait_time = between(3, 8)

    def on_start(self):
        admin_login(self.client, "kiemtra")

    @task
    def dashboard(self):
        self.client.get("/admin/compliance/dashboard/", name="review dashboard")


class DocumentSystem(HttpUser):
    """A document system pushing batches of dispatches through the API (all or nothing per batch)."""

    weight = 2
    wait_time = between(2, 4)

    def on_start(self):
        slugs = sorted(TOKENS)
        self.agency = slugs[random.randrange(len(slugs))] if slugs else None

    @task
    def push(self):
        if not self.agency:
            return
        batch = uuid.uuid4().hex[:10]
        items = [{"ExternalId": f"load-{batch}-{i}", "Direction": "di", "TypeName": "Công văn",
                  "CodeNumber": str(random.randint(1, 9999)), "CodeNotation": f"LOAD-{batch}",
                  "IssuedDate": date.today().isoformat(), "Subject": f"Công văn thử tải {batch} số {i}"}
                 for i in range(5)]
        self.client.post(f"/{self.agency}/van-ban-di-den/api/v1/van-ban/", data=json.dumps(items),
                         headers={"Authorization": f"Bearer {TOKENS[self.agency]}",
                                  "Content-Type": "application/json"}, name="push API")
