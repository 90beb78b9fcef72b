"""Fixtures of section 7: the demo catalogue, the shipped samples, sources, and a local HTTP server."""

import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ktxh_sync.demo import MONTHLY_MAPPING, load_catalogue
from ktxh_sync.models import Indicator, Source
from ktxh_sync.samplegen import SAMPLES_DIR
from tests.factories import AgencyFactory

SAMPLE_MONTH = date(2026, 11, 1)  # the shipped samples end here


@pytest.fixture
def catalogue(db):
    load_catalogue()
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def sample_bytes():
    def read(name):
        return (SAMPLES_DIR / name).read_bytes()

    return read


@pytest.fixture
def province(db):
    return AgencyFactory(slug="vp-ubnd-thu", name="Văn phòng UBND tỉnh (thử)", short_name="VP UBND",
                         kind="provincial_office")


@pytest.fixture
def monthly_source(agency, catalogue):
    return Source.objects.create(agency=agency, name="Chỉ tiêu tháng", kind=Source.Kind.JSONSTAT,
                                 url=(SAMPLES_DIR / "vp-ubnd-thang.jsonstat.json").as_uri(), mapping=MONTHLY_MAPPING,
                                 source_name="Cục Thống kê (mẫu)")


class FeedServer:
    """A local HTTP server on 127.0.0.1 whose answer each test sets: status, body, delay, partial body."""

    def __init__(self):
        self.status, self.body, self.delay, self.partial = 200, b"", 0.0, False
        self.hits = 0
        self.release = threading.Event()
        self.release.set()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.hits += 1
                owner.release.wait(10)
                if owner.delay:
                    import time

                    time.sleep(owner.delay)
                body = owner.body
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if owner.partial else body)
                self.wfile.flush()
                if owner.partial:
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v1/vi/table.px?format=json-stat2"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()
