"""One Decree 30 / Law 80 document-type vocabulary (portal/doctypes.py), used by procedures and dispatches."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dispatches.models import Dispatch, PeriodTotalLine
from portal import doctypes
from procedures.models import LegalDocument


@pytest.mark.parametrize("text", ["QĐ", "qd", "qđ", "Quyết định", "quyet dinh", "Quyết Định", "QUYẾT ĐỊNH",
                                  " Quyết  định ", "quyet-dinh", "Quyết định (cá biệt)"])
def test_every_spelling_of_quyet_dinh(text):
    assert doctypes.parse(text) == "quyet-dinh"


@pytest.mark.parametrize("text,key", [
    ("TTr", "to-trinh"), ("ttr", "to-trinh"), ("Tờ trình", "to-trinh"), ("CV", "cong-van"), ("cong van", "cong-van"),
    ("TB", "thong-bao"), ("KH", "ke-hoach"), ("BC", "bao-cao"), ("NĐ", "nghi-dinh"), ("nd", "nghi-dinh"),
    ("ĐA", "de-an"), ("DA", "du-an"), ("HĐ", "hop-dong"), ("HD", "huong-dan"), ("QyĐ", "quy-dinh"),
    ("qyd", "quy-dinh"), ("CTr", "chuong-trinh"), ("CT", "chi-thi"), ("TTLT", "thong-tu-lien-tich"),
    ("Thông tư liên tịch", "thong-tu-lien-tich"), ("Luật", "luat"), ("Bộ luật", "bo-luat"), ("Hiến pháp", "hien-phap"),
    ("Nghị quyết HĐND", "nghi-quyet-hdnd"), ("Quyết định UBND", "quyet-dinh-ubnd"), ("Thư công", "thu-cong"),
    ("Giấy mời", "giay-moi"), ("GM", "giay-moi"), ("Công điện", "cong-dien"), ("Biên bản", "bien-ban"),
    # the keys each app stored before
    ("dea", "de-an"), ("hdg", "hop-dong"), ("thc", "thu-cong"), ("hc-quyet-dinh", None),
    ("", None), ("Không phải loại nào", None), ("=cmd", None),
])
def test_abbreviations_names_and_keys(text, key):
    assert doctypes.parse(text) == key


@pytest.mark.parametrize("text,issuer,key", [
    ("Quyết định", "Ủy ban nhân dân tỉnh Vĩnh Long", "quyet-dinh-ubnd"), ("QĐ", "UBND tỉnh", "quyet-dinh-ubnd"),
    ("Quyết định", "Thủ tướng Chính phủ", "quyet-dinh-ttg"), ("Quyết định", "Sở Nội vụ", "quyet-dinh"),
    ("Nghị quyết", "Hội đồng nhân dân tỉnh", "nghi-quyet-hdnd"), ("NQ", "Quốc hội", "nghi-quyet-qppl"),
    ("Nghị quyết", "", "nghi-quyet"), ("Thông tư", "UBND tỉnh", "thong-tu"),
])
def test_the_issuer_tells_a_legal_normative_decision_from_an_administrative_one(text, issuer, key):
    assert doctypes.parse(text, issuer=issuer) == key


@pytest.mark.parametrize("notation,key", [
    ("QĐ-UBND", "quyet-dinh"), ("12/TB-VP", "thong-bao"), ("TTr-SNV", "to-trinh"), ("UBND-VP", "cong-van"),
    ("", "cong-van"), ("qđ-ubnd", "quyet-dinh"),
])
def test_type_from_the_symbol(notation, key):
    assert doctypes.from_notation(notation) == key


def test_split_name_from_a_summary():
    assert doctypes.split_name("Quyết định về việc giao chỉ tiêu") == ("quyet-dinh", "về việc giao chỉ tiêu")
    assert doctypes.split_name("Về việc họp") == (None, "Về việc họp")


def test_vocabulary_is_complete_and_grouped():
    keys = [t.key for t in doctypes.TYPES]
    assert len(keys) == len(set(keys)) and all(len(k) <= doctypes.KEY_LENGTH for k in keys)
    names = {str(t.name) for t in doctypes.TYPES}
    for name in ["Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Thông báo", "Hướng dẫn",
                 "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản", "Tờ trình",
                 "Hợp đồng", "Công văn", "Công điện", "Bản ghi nhớ", "Bản thỏa thuận", "Giấy ủy quyền", "Giấy mời",
                 "Giấy giới thiệu", "Giấy nghỉ phép", "Phiếu gửi", "Phiếu chuyển", "Phiếu báo", "Thư công",
                 "Hiến pháp", "Luật", "Bộ luật", "Pháp lệnh", "Lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch",
                 "Nghị quyết HĐND", "Quyết định UBND"]:
        assert name in names
    assert doctypes.abbreviation("quyet-dinh") == "QĐ" and doctypes.abbreviation("cong-van") == ""
    assert {t.group for t in doctypes.TYPES if t.key in ("luat", "nghi-dinh", "quyet-dinh-ubnd")} == {doctypes.LEGAL}
    assert doctypes.BY_KEY["to-trinh"].group == doctypes.ADMINISTRATIVE
    assert doctypes.title_name("quyet-dinh-ubnd") == "Quyết định"


def test_both_apps_store_the_same_keys():
    expected = doctypes.GROUPED_CHOICES
    for model in (LegalDocument, Dispatch, PeriodTotalLine):
        assert model._meta.get_field("doc_type").choices == expected


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_converts_both_apps_and_reverses(agency):
    executor = MigrationExecutor(connection)
    old = [("dispatches", "0001_initial"), ("procedures", "0001_initial")]
    new = [("dispatches", "0003_one_document_type_vocabulary_data"), ("procedures", "0003_one_document_type_vocabulary_data")]
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    OldDispatch, OldDocument = apps.get_model("dispatches", "Dispatch"), apps.get_model("procedures", "LegalDocument")
    for i, key in enumerate(["qd", "cv", "dea", "hdg", "ttr", "nd"]):
        OldDispatch.objects.create(agency_id=agency.pk, direction="di", doc_type=key, code_number=str(i + 1),
                                   issued_date=date(2026, 1, 5), summary="Mẫu", year=2026, entry_date=date(2026, 1, 5))
    for i, key in enumerate(["nghi-quyet", "hc-nghi-quyet", "hc-quyet-dinh", "luat", "quyet-dinh-ubnd"]):
        OldDocument.objects.create(agency_id=agency.pk, doc_type=key, number=f"{i}/X", issuer="Cơ quan",
                                   issued_on=date(2020, 1, 1), summary="Mẫu", year=2020, status="draft")

    executor = MigrationExecutor(connection)
    executor.migrate(new)
    assert sorted(Dispatch.objects.values_list("doc_type", flat=True)) == sorted(
        ["quyet-dinh", "cong-van", "de-an", "hop-dong", "to-trinh", "nghi-dinh"])
    assert sorted(LegalDocument.objects.values_list("doc_type", flat=True)) == sorted(
        ["nghi-quyet-qppl", "nghi-quyet", "quyet-dinh", "luat", "quyet-dinh-ubnd"])

    executor = MigrationExecutor(connection)
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    assert sorted(apps.get_model("dispatches", "Dispatch").objects.values_list("doc_type", flat=True)) == sorted(
        ["qd", "cv", "dea", "hdg", "ttr", "nd"])
    assert sorted(apps.get_model("procedures", "LegalDocument").objects.values_list("doc_type", flat=True)) == sorted(
        ["nghi-quyet", "hc-nghi-quyet", "hc-quyet-dinh", "luat", "quyet-dinh-ubnd"])
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
