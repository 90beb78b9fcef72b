#!/usr/bin/env python
"""Benchmark of the news (section 6): the news list and an article page under gunicorn, on PostgreSQL.

    .venv/bin/python bench/content.py [--database-url postgres://postgres@127.0.0.1:5432/bench_content]
        [--redis-url redis://127.0.0.1:6379/3] [--agencies 20] [--news 500] [--duration 10] [--fresh]

Builds (once; --fresh rebuilds) a bulk database of N agencies × M published articles with the
project's own seeders (agencies/bulk.py, content/bulk.py), gives the measured article a real cover
image with its renditions and an attachment, then runs bench/httpbench.py: requests per second,
p50/p99 latency, SQL queries per request and the peak memory of a gunicorn worker, with and without
the page cache, next to a bare Django view returning a constant string in the same run.
A benchmark, not a test: it takes a few minutes and prints a table.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.httpbench import add_bench_arguments, bench_and_report, prepare_database  # noqa: E402

SEED = r"""
import io, json, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from agencies.bulk import seed_agencies
from content.bulk import seed_news
from content.demo import sample_image
from content.models import Article

agencies_wanted, news_wanted = int(sys.argv[1]), int(sys.argv[2])
agencies = seed_agencies([], {"agencies": agencies_wanted}, sys.stderr)
seed_news(agencies, {"news": news_wanted}, sys.stderr)
agency = agencies[len(agencies) // 2]
article = Article.objects.filter(agency=agency).order_by("-published_at")[news_wanted // 2]
if not article.cover:
    article.cover = sample_image(7)
    article.cover_alt = "Ảnh minh họa hội nghị (ảnh thử tải)"
    article.cover_caption = "Ảnh thử tải."
    article.save()
    article.attachments.create(agency=agency, title="Kế hoạch thực hiện", file=SimpleUploadedFile(
        "ke-hoach.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
print(json.dumps({"agency": agency.slug, "article": article.slug,
                  "articles": Article.objects.count(), "agencies": len(agencies)}))
"""


def prepare(database_url, redis_url, agencies, news, fresh):
    return prepare_database(database_url, redis_url, fresh, SEED, agencies, news)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_bench_arguments(parser, "bench_content", 3, agencies=20)
    parser.add_argument("--news", type=int, default=500)
    args = parser.parse_args()

    info = prepare(args.database_url, args.redis_url, args.agencies, args.news, args.fresh)
    print(f"Data: {info['agencies']} agencies, {info['articles']} articles; measured agency {info['agency']}.")
    agency = info["agency"]
    urls = [f"/{agency}/tin-tuc/", f"/{agency}/tin-tuc/{info['article']}/"]
    bench_and_report(args, urls, info)


if __name__ == "__main__":
    main()
