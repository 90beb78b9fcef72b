"""Demo (idempotent, marked sample) and bulk seeding."""

import io

import pytest
from django.utils import timezone

from agencies.demo import load_agencies
from portal.demo import DemoContext, bulk_seeders
from portal.publishing import Status
from procedures.demo import load_procedures
from procedures.models import Channel, FormTemplate, LegalBasis, LegalDocument, Procedure, Sector
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

MODELS = [Sector, LegalDocument, Procedure, Channel, FormTemplate, LegalBasis]


def snapshot():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS}


def test_demo_fills_every_department_and_commune_and_runs_twice_without_change():
    context = DemoContext(password="demo-test-123", stdout=io.StringIO(), now=timezone.now())
    load_agencies(context)
    load_procedures(context)
    for slug, agency in context.agencies.items():
        count = Procedure.objects.filter(agency=agency).count()
        if slug.startswith(("so-", "thanh-tra", "phuong-", "xa-")):
            assert 15 <= count <= 30, (slug, count)
    tu_phap = context.agencies["so-tu-phap"]
    assert Procedure.objects.filter(agency=tu_phap).published().active().count() >= 13
    assert Procedure.objects.filter(agency=tu_phap).abolished().exists()
    birth = Procedure.objects.get(agency=context.agencies["phuong-an-hoi"], name="Đăng ký khai sinh")
    assert birth.has_online and birth.legal_documents.filter(number="60/2014/QH13").exists()
    assert "Dữ liệu mẫu" in birth.steps
    form = birth.forms.get()
    assert form.title.endswith("(tệp mẫu)") and form.file_type == "DOCX"
    assert form.file.read().startswith(b"PK")
    assert Procedure.objects.filter(status=Status.DRAFT).exists() and Procedure.objects.filter(
        status=Status.PENDING).exists()
    before = snapshot()
    load_procedures(context)
    assert snapshot() == before


def test_bulk_seeder_tops_up_to_the_wanted_volume():
    agencies = [AgencyFactory(), AgencyFactory()]
    seeder = next(s for s in bulk_seeders() if s.seed.__module__ == "procedures.bulk")
    out = io.StringIO()
    seeder.seed(agencies, {"procedures": 30, "legal_documents": 12}, out)
    seeder.seed(agencies, {"procedures": 30, "legal_documents": 12}, out)
    assert Procedure.objects.count() == 60 and LegalDocument.objects.count() == 24
    assert Procedure.objects.filter(has_online=True).count() == 20
    assert Procedure.objects.exclude(search_text="").count() == 60
