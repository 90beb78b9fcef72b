"""Rules of the models: uniqueness, abolition, the channel summary, applicants, the section registry."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.publishing import Status
from portal.sections import get_section
from procedures.models import Channel, Procedure
from tests.procedures import factories as f

pytestmark = pytest.mark.django_db


def test_code_is_unique_within_an_agency_only(agency, other_agency):
    f.procedure(agency, "Đăng ký khai sinh", "1.001193")
    f.procedure(other_agency, "Đăng ký khai sinh", "1.001193")  # another agency: fine
    duplicate = Procedure(agency=agency, name="Trùng mã", code="1.001193", sector=f.sector(agency), level="xa")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["code"] == ["Cơ quan đã có thủ tục mã 1.001193."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_procedures_without_a_code_may_be_many(agency):
    f.procedure(agency, "Thủ tục nội bộ 1")
    f.procedure(agency, "Thủ tục nội bộ 2")
    assert Procedure.objects.filter(code="").count() == 2


def test_document_number_is_unique_per_issuer_and_year(agency, other_agency):
    f.document(agency, "01/2024/QĐ-UBND", "UBND tỉnh", date(2024, 1, 5))
    f.document(agency, "01/2024/QĐ-UBND", "UBND tỉnh", date(2025, 1, 5))    # numbers restart every year
    f.document(agency, "01/2024/QĐ-UBND", "Sở Tư pháp", date(2024, 3, 1))    # another issuer
    f.document(other_agency, "01/2024/QĐ-UBND", "UBND tỉnh", date(2024, 1, 5))  # another agency's list
    from procedures.models import LegalDocument

    duplicate = LegalDocument(agency=agency, number="01/2024/QĐ-UBND", issuer="UBND tỉnh",
                              issued_on=date(2024, 9, 9), doc_type="quyet-dinh-ubnd", summary="Trùng")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "UBND tỉnh đã có văn bản số 01/2024/QĐ-UBND trong năm 2024." in error.value.message_dict["number"]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_field_code_is_unique_within_an_agency(agency):
    from procedures.models import Sector

    f.sector(agency, "HT", "Hộ tịch")
    with pytest.raises(ValidationError):
        Sector(agency=agency, code="ht", name="Hộ tịch 2").full_clean()


def test_lapsed_document_needs_a_date_and_in_force_has_none(agency):
    doc = f.document(agency)
    doc.validity = "het-hieu-luc"
    with pytest.raises(ValidationError) as error:
        doc.full_clean()
    assert error.value.message_dict["lapsed_on"] == ["Hãy ghi ngày hết hiệu lực."]


def test_channel_table_keeps_the_summary_for_sorting_and_filtering(agency):
    proc = f.procedure(agency, channels=[("truc-tiep", 5)])
    assert (proc.min_days, proc.has_online) == (5, False)
    online = Channel.objects.create(agency=agency, procedure=proc, kind="truc-tuyen", time_limit="2 ngày",
                                    working_days=2)
    proc.refresh_from_db()
    assert (proc.min_days, proc.has_online) == (2, True)
    online.delete()
    proc.refresh_from_db()
    assert (proc.min_days, proc.has_online) == (5, False)


def test_applicants_are_stored_in_one_column_and_filter_exactly(agency):
    f.procedure(agency, "A", applicants=["to-chuc-nuoc-ngoai"])
    f.procedure(agency, "B", applicants=["to-chuc", "cong-dan"])
    proc = Procedure.objects.get(name="B")
    assert proc.applicants == ["cong-dan", "to-chuc"]  # in the vocabulary's order
    # "to-chuc" does not match "to-chuc-nuoc-ngoai"
    assert list(Procedure.objects.filter(applicants__contains=",to-chuc,").values_list("name", flat=True)) == ["B"]
    assert proc.applicant_labels() == ["Công dân Việt Nam", "Tổ chức (trừ doanh nghiệp, hợp tác xã)"]


def test_abolished_queryset_and_abolition_rules(agency):
    gone = f.procedure(agency, "Đã bãi bỏ", abolished_on=date(2025, 7, 1), abolition_decision="QĐ 1")
    live = f.procedure(agency, "Đang áp dụng")
    assert list(Procedure.objects.active()) == [live] and list(Procedure.objects.abolished()) == [gone]
    gone.abolition_decision = ""
    with pytest.raises(ValidationError):
        gone.full_clean()


def test_section_summary_counts_published_in_force_in_two_queries(django_assert_num_queries, agency,
                                                                   other_agency):
    f.procedure(agency, "A")
    f.procedure(agency, "B", status=Status.DRAFT)
    f.procedure(agency, "C", abolished_on=date(2025, 7, 1), abolition_decision="QĐ")
    f.procedure(other_agency, "D")
    doc = f.document(other_agency)
    section = get_section("procedures")
    assert section.number == 4 and section.url_name == "procedures:procedure_list"
    with django_assert_num_queries(2):
        summary = section.summarize([agency.pk, other_agency.pk], timezone.now())
    assert summary[agency.pk].count == 1 and summary[other_agency.pk].count == 1
    assert summary[other_agency.pk].last_updated == max(doc.updated_at, Procedure.objects.get(name="D").updated_at)


def test_scheduled_procedure_counts_only_when_due(agency):
    f.procedure(agency, "Hẹn giờ", published_at=timezone.now() + timedelta(hours=2))
    section = get_section("procedures")
    assert section.summarize([agency.pk], timezone.now()).get(agency.pk) is None
    assert section.summarize([agency.pk], timezone.now() + timedelta(hours=3))[agency.pk].count == 1
