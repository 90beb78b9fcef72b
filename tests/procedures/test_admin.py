"""Admin of section 4: tenancy vectors, inlines, roles, duplicate, preview, folded search, export."""

from datetime import date

import pytest
from django.urls import reverse

from portal.publishing import Status
from procedures.models import Channel, FormTemplate, LegalBasis, Procedure
from tests.procedures import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args, model="procedure"):
    return reverse(f"admin:procedures_{model}_{name}", args=args)


def form_data(sector, **extra):
    data = {
        "code": "1.009999", "name": "Thủ tục mới", "sector": sector.pk, "level": "tinh", "effective_on": "",
        "steps": "<p>Nộp hồ sơ</p>", "dossier": "", "dossier_copies": "1", "applicants": ["cong-dan"],
        "body": "", "result": "", "conditions": "", "online_url": "", "legal_basis_text": "",
        "abolished_on": "", "abolition_decision": "", "published_at_0": "", "published_at_1": "", "review_note": "",
    }
    for prefix in ("channels", "forms", "legal_bases"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(extra)
    return data


@pytest.fixture
def mine(agency):
    proc = f.procedure(agency, "Đăng ký khai sinh", "1.001193", status=Status.DRAFT)
    return proc


@pytest.fixture
def theirs(other_agency):
    return {
        "procedure": f.procedure(other_agency, "Thủ tục của sở khác", "1.000001", status=Status.DRAFT),
        "sector": f.sector(other_agency, "KHAC", "Lĩnh vực BÍ MẬT của sở khác"),
        "document": f.document(other_agency, "1/2020/NĐ-CP", summary="Văn bản BÍ MẬT của sở khác"),
    }


# --- another agency's staff ------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["change", "delete", "history", "preview"])
def test_other_agency_staff_get_404_on_object_urls(login, other_editor, mine, view):
    assert login(other_editor).get(url(view, mine.pk)).status_code == 404


def test_other_agency_staff_get_404_on_history_version_and_duplicate(login, other_editor, mine):
    version = mine.history.first()
    client = login(other_editor)
    assert client.get(reverse("admin:procedures_procedure_simple_history",
                              args=[mine.pk, version.history_id])).status_code == 404
    assert client.post(url("duplicate", mine.pk)).status_code == 404
    assert Procedure.objects.count() == 1


@pytest.mark.parametrize("model", ["legaldocument", "sector"])
def test_other_agency_staff_get_404_on_documents_and_fields(login, other_editor, agency, model):
    obj = f.document(agency) if model == "legaldocument" else f.sector(agency)
    assert login(other_editor).get(url("change", obj.pk, model=model)).status_code == 404


def test_changelists_show_only_own_agency(login, editor, mine, theirs):
    client = login(editor)
    html = client.get(url("changelist")).text
    assert "Đăng ký khai sinh" in html and "sở khác" not in html
    assert "BÍ MẬT" not in client.get(url("changelist", model="legaldocument")).text
    assert "BÍ MẬT" not in client.get(url("changelist", model="sector")).text


def test_choices_offer_only_own_rows(login, editor, agency, mine, theirs):
    html = login(editor).get(url("add")).text
    assert "Hộ tịch" in html and "BÍ MẬT" not in html and "Thủ tục của sở khác" not in html


def test_forged_other_agency_field_is_refused(login, editor, theirs):
    response = login(editor).post(url("add"), form_data(theirs["sector"]))
    assert response.status_code == 200
    assert not Procedure.objects.filter(name="Thủ tục mới").exists()


def test_forged_other_agency_document_in_the_legal_basis_inline_is_refused(login, editor, agency, theirs):
    data = form_data(f.sector(agency), **{"legal_bases-TOTAL_FORMS": "1",
                                          "legal_bases-0-document": theirs["document"].pk,
                                          "legal_bases-0-note": "", "legal_bases-0-order": "0"})
    response = login(editor).post(url("add"), data)
    assert response.status_code == 200
    assert not Procedure.objects.filter(name="Thủ tục mới").exists() and not LegalBasis.objects.exists()


def test_forged_other_agency_related_procedure_is_refused(login, editor, agency, theirs):
    data = form_data(f.sector(agency), related=[theirs["procedure"].pk])
    assert login(editor).post(url("add"), data).status_code == 200
    assert not Procedure.objects.filter(name="Thủ tục mới").exists()


def test_document_autocomplete_returns_only_own_documents(login, editor, agency, theirs):
    f.document(agency, "63/2010/NĐ-CP", summary="Văn bản của tôi")
    response = login(editor).get(reverse("admin:autocomplete"), {
        "app_label": "procedures", "model_name": "legalbasis", "field_name": "document", "term": "2010"})
    texts = [r["text"] for r in response.json()["results"]]
    assert texts == ["Nghị định 63/2010/NĐ-CP"]


# --- fast editing: the inlines -----------------------------------------------------------------------
def test_add_with_channel_table_and_legal_basis_inline(login, editor, agency):
    decree = f.document(agency)
    data = form_data(f.sector(agency), **{
        "channels-TOTAL_FORMS": "2",
        "channels-0-kind": "truc-tiep", "channels-0-time_limit": "05 ngày làm việc", "channels-0-working_days": "5",
        "channels-0-fee": "", "channels-0-description": "",
        "channels-1-kind": "truc-tuyen", "channels-1-time_limit": "03 ngày làm việc",
        "channels-1-working_days": "3", "channels-1-fee": "", "channels-1-description": "Qua Cổng DVC",
        "legal_bases-TOTAL_FORMS": "1", "legal_bases-0-document": decree.pk, "legal_bases-0-note": "Điều 5",
        "legal_bases-0-order": "0",
    })
    response = login(editor).post(url("add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    proc = Procedure.objects.get(name="Thủ tục mới")
    assert proc.agency == agency and proc.status == Status.DRAFT and proc.created_by == editor
    assert proc.has_online and proc.min_days == 3
    assert {c.agency_id for c in Channel.objects.filter(procedure=proc)} == {agency.pk}
    assert LegalBasis.objects.get(procedure=proc).note == "Điều 5"


def test_channel_kind_twice_is_refused(login, editor, agency):
    data = form_data(f.sector(agency), **{
        "channels-TOTAL_FORMS": "2",
        "channels-0-kind": "truc-tiep", "channels-0-time_limit": "5 ngày", "channels-0-working_days": "5",
        "channels-1-kind": "truc-tiep", "channels-1-time_limit": "3 ngày", "channels-1-working_days": "3",
    })
    assert login(editor).post(url("add"), data).status_code == 200
    assert not Procedure.objects.exists()


def test_duplicate_code_in_the_agency_is_refused_with_a_message(login, editor, agency, mine):
    response = login(editor).post(url("add"), form_data(f.sector(agency), code="1.001193"))
    assert response.status_code == 200
    assert "Cơ quan đã có thủ tục mã 1.001193." in response.text


def test_abolition_needs_both_date_and_decision(login, editor, agency):
    response = login(editor).post(url("add"), form_data(f.sector(agency), abolished_on="01/07/2025"))
    assert "Hãy ghi quyết định bãi bỏ thủ tục." in response.text
    assert not Procedure.objects.exists()


# --- roles -----------------------------------------------------------------------------------------
def test_editor_cannot_edit_a_published_procedure_only_propose_a_revision(login, editor, agency):
    from portal.publishing import open_revision

    proc = f.procedure(agency, "Đã xuất bản")
    response = login(editor).post(url("change", proc.pk), form_data(proc.sector, name="Bị sửa"))
    assert response.status_code == 302  # a draft revision for the approver; the live procedure untouched
    proc.refresh_from_db()
    assert proc.name == "Đã xuất bản" and open_revision(proc).status == "draft"


def test_approver_publishes_from_the_change_form(login, approver, mine):
    data = form_data(mine.sector, code=mine.code, name=mine.name, _transition="publish")
    response = login(approver).post(url("change", mine.pk), data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.PUBLISHED and mine.reviewed_by == approver


# --- duplicate and preview ----------------------------------------------------------------------------
def test_duplicate_button_makes_a_draft_copy_with_its_children(login, editor, agency, mine):
    decree = f.document(agency)
    f.cite(mine, decree, "Điều 3")
    f.form(mine)
    other = f.procedure(agency, "Đăng ký lại khai sinh", status=Status.DRAFT)
    mine.related.add(other)
    response = login(editor).post(url("duplicate", mine.pk))
    copy = Procedure.objects.exclude(pk__in=[mine.pk, other.pk]).get()
    assert response.status_code == 302 and response["Location"] == url("change", copy.pk)
    assert copy.name == "Đăng ký khai sinh (bản sao)" and copy.code == "" and copy.status == Status.DRAFT
    assert list(copy.channels.values_list("kind", "working_days")) == list(
        mine.channels.values_list("kind", "working_days"))
    assert copy.legal_bases.get().note == "Điều 3" and list(copy.related.all()) == [other]
    copied_form = FormTemplate.objects.get(procedure=copy)
    assert copied_form.file.name != mine.forms.get().file.name and copied_form.file.read().startswith(b"PK")


def test_duplicate_needs_post(login, editor, mine):
    assert login(editor).get(url("duplicate", mine.pk)).status_code == 405


def test_duplicate_action_on_the_list(login, editor, mine):
    response = login(editor).post(url("changelist"), {"action": "duplicate_selected", "_selected_action": [mine.pk]})
    assert response.status_code == 302
    assert Procedure.objects.filter(name__endswith="(bản sao)").count() == 1


def test_reviewer_cannot_duplicate(login, provincial_reviewer, mine):
    assert login(provincial_reviewer).post(url("duplicate", mine.pk)).status_code == 403


def test_preview_shows_the_unpublished_page_to_its_agency(login, editor, mine):
    response = login(editor).get(url("preview", mine.pk))
    assert response.status_code == 200
    assert "Bản xem trước" in response.text and "Đăng ký khai sinh" in response.text
    assert "Cách thức thực hiện" in response.text


# --- lists: folded search, export ----------------------------------------------------------------------
def test_changelist_search_folds_diacritics(login, editor, agency, mine):
    f.procedure(agency, "Cấp giấy phép hoạt động in", status=Status.DRAFT)
    html = login(editor).get(url("changelist"), {"q": "dang ky khai sinh"}).text
    assert "Đăng ký khai sinh" in html and "giấy phép hoạt động in" not in html


def test_export_action_gives_an_xlsx_of_own_rows(login, editor, mine, theirs):
    import io

    import openpyxl

    response = login(editor).post(url("changelist"), {"action": "export_xlsx", "_selected_action": [
        mine.pk, theirs["procedure"].pk]})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Mã thủ tục" and [r[1] for r in rows[1:]] == ["Đăng ký khai sinh"]


def test_legal_document_admin_checks_number_per_issuer_and_year(login, editor, agency):
    f.document(agency, "63/2010/NĐ-CP", issued_on=date(2010, 6, 8))
    data = {"doc_type": "nghi-dinh", "number": "63/2010/NĐ-CP", "issuer": "Chính phủ", "signer": "",
            "issued_on": "08/06/2010", "effective_on": "", "summary": "Trùng", "validity": "con-hieu-luc",
            "lapsed_on": "", "sector": "", "published_at_0": "", "published_at_1": "", "review_note": ""}
    response = login(editor).post(url("add", model="legaldocument"), data)
    assert response.status_code == 200
    assert "Chính phủ đã có văn bản số 63/2010/NĐ-CP trong năm 2010." in response.text
