#!/usr/bin/env python
"""Benchmark of section 4: the filtered procedure list, a procedure page, the legal documents list and
the province-wide folded search, under gunicorn on PostgreSQL.

    .venv/bin/python bench/procedures.py [--database-url postgres://postgres@127.0.0.1:5432/bench_procedures]
        [--redis-url redis://127.0.0.1:6379/5] [--agencies 20] [--procedures 500] [--documents 100]
        [--duration 10] [--fresh]

Builds (once; --fresh rebuilds) a bulk database of N agencies × M published procedures (with their
channel tables) and K legal documents with the project's own seeders (agencies/bulk.py,
procedures/bulk.py), gives the measured procedure its legal basis and a form, then runs
bench/httpbench.py: requests per second, p50/p99 latency, SQL queries per request and the peak memory
of a gunicorn worker, with and without the page cache, next to a bare Django view in the same run.
The province search is the one to watch: a folded ``LIKE '%term%'`` over every agency's procedures,
served by the trigram index of the migration. A benchmark, not a test: it takes a few minutes.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.httpbench import add_bench_arguments, bench_and_report, prepare_database  # noqa: E402

SEED = r"""
import json, sys
import django
django.setup()
from django.core.files.base import ContentFile
from agencies.bulk import seed_agencies
from procedures.bulk import seed_procedures
from procedures.models import FormTemplate, LegalBasis, LegalDocument, Procedure
from procedures.samples import FORM_LINES, docx_bytes

agencies_wanted, procedures_wanted, documents_wanted = (int(v) for v in sys.argv[1:4])
agencies = seed_agencies([], {"agencies": agencies_wanted}, sys.stderr)
seed_procedures(agencies, {"procedures": procedures_wanted, "legal_documents": documents_wanted}, sys.stderr)
agency = agencies[len(agencies) // 2]
procedure = Procedure.objects.filter(agency=agency).order_by("pk")[procedures_wanted // 2]
if not procedure.forms.exists():
    for order, document in enumerate(LegalDocument.objects.filter(agency=agency).order_by("pk")[:3]):
        LegalBasis.objects.create(agency=agency, procedure=procedure, document=document, order=order)
    form = FormTemplate(agency=agency, procedure=procedure, title="Đơn đề nghị (thử tải)")
    form.file.save("don.docx", ContentFile(docx_bytes("Đơn đề nghị", FORM_LINES)), save=False)
    form.save()
    procedure.related.set(Procedure.objects.filter(agency=agency).order_by("pk")[:3])
print(json.dumps({"agency": agency.slug, "procedure": procedure.pk, "agencies": len(agencies),
                  "procedures": Procedure.objects.count(), "documents": LegalDocument.objects.count()}))
"""


def prepare(database_url, redis_url, agencies, procedures, documents, fresh):
    return prepare_database(database_url, redis_url, fresh, SEED, agencies, procedures, documents)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_bench_arguments(parser, "bench_procedures", 5, agencies=20)
    parser.add_argument("--procedures", type=int, default=500)
    parser.add_argument("--documents", type=int, default=100)
    args = parser.parse_args()

    info = prepare(args.database_url, args.redis_url, args.agencies, args.procedures, args.documents, args.fresh)
    print(f"Data: {info['agencies']} agencies, {info['procedures']} procedures, {info['documents']} documents; "
          f"measured agency {info['agency']}.")
    agency = info["agency"]
    urls = [
        f"/{agency}/thu-tuc-hanh-chinh/?q=dang+ky&cap=xa&doi_tuong=cong-dan&truc_tuyen=1&sap_xep=thoi-han",
        f"/{agency}/thu-tuc-hanh-chinh/{info['procedure']}/",
        f"/{agency}/thu-tuc-hanh-chinh/van-ban/?nam=2020",
        "/thu-tuc-hanh-chinh/?q=giay+phep&cap=tinh",
    ]
    bench_and_report(args, urls, info)


if __name__ == "__main__":
    main()
