"""Every scoping vector of the admin base, with two agencies and a user of each role."""

import pytest
from django.urls import reverse

from agencies.models import Agency, Membership
from portal.publishing import Status
from tests.factories import member
from tests.tenancy_app.models import Note, NoteFile, Tag, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(agency, other_agency):
    mine = Topic.objects.create(agency=agency, name="Chủ đề của tôi")
    theirs = Topic.objects.create(agency=other_agency, name="Chủ đề BÍ MẬT của sở khác")
    my_tag = Tag.objects.create(agency=agency, name="nhãn của tôi")
    their_tag = Tag.objects.create(agency=other_agency, name="nhãn sở khác")
    my_note = Note.objects.create(agency=agency, title="Ghi chú của tôi", topic=mine)
    their_note = Note.objects.create(agency=other_agency, title="Ghi chú của sở khác", topic=theirs)
    return {"mine": mine, "theirs": theirs, "my_tag": my_tag, "their_tag": their_tag,
            "my_note": my_note, "their_note": their_note}


def note_url(name, *args):
    return reverse(f"admin:tenancy_app_note_{name}", args=args)


def form_data(**extra):
    data = {"title": "Bài mới", "body": "<p>x</p>", "topic": "", "published_at_0": "", "published_at_1": "",
            "review_note": "", "files-TOTAL_FORMS": "0", "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0", "files-MAX_NUM_FORMS": "1000"}
    data.update(extra)
    return data


# --- lists and object URLs -----------------------------------------------------------------------
def test_changelist_shows_only_own_agency(login, editor, data):
    response = login(editor).get(note_url("changelist"))
    assert response.status_code == 200
    assert "Ghi chú của tôi" in response.text and "Ghi chú của sở khác" not in response.text


@pytest.mark.parametrize("view", ["change", "delete", "history", "preview"])
def test_other_agency_object_urls_answer_404(login, other_editor, data, view):
    response = login(other_editor).get(note_url(view, data["my_note"].pk))
    assert response.status_code == 404


def test_other_agency_history_version_answers_404(login, other_editor, data):
    version = data["my_note"].history.first()
    url = reverse("admin:tenancy_app_note_simple_history", args=[data["my_note"].pk, version.history_id])
    assert login(other_editor).get(url).status_code == 404


def test_own_history_is_visible(login, editor, data):
    assert login(editor).get(note_url("history", data["my_note"].pk)).status_code == 200


def test_post_to_other_agency_object_changes_nothing(login, other_editor, data):
    response = login(other_editor).post(note_url("change", data["my_note"].pk), form_data(title="Bị sửa"))
    assert response.status_code == 404
    data["my_note"].refresh_from_db()
    assert data["my_note"].title == "Ghi chú của tôi"


def test_delete_of_other_agency_object_is_404(login, other_editor, data):
    response = login(other_editor).post(note_url("delete", data["my_note"].pk), {"post": "yes"})
    assert response.status_code == 404
    assert Note.objects.filter(pk=data["my_note"].pk).exists()


# --- choices in forms, inlines, autocomplete and filters ----------------------------------------
def test_foreign_key_and_m2m_choices_are_scoped(login, editor, data):
    response = login(editor).get(note_url("add"))
    assert "nhãn của tôi" in response.text
    assert "nhãn sở khác" not in response.text and "BÍ MẬT" not in response.text


def test_forged_foreign_key_is_rejected_and_nothing_saved(login, editor, data):
    response = login(editor).post(note_url("add"), form_data(topic=data["theirs"].pk))
    assert response.status_code == 200  # the form again, with an error
    assert not Note.objects.filter(title="Bài mới").exists()


def test_forged_many_to_many_is_rejected(login, editor, data):
    login(editor).post(note_url("add"), form_data(tags=[data["their_tag"].pk]))
    assert not Note.objects.filter(title="Bài mới").exists()


def test_forged_id_in_inline_is_rejected(login, editor, data):
    payload = form_data(**{"files-TOTAL_FORMS": "1", "files-0-topic": data["theirs"].pk, "files-0-file": ""})
    login(editor).post(note_url("add"), payload)
    assert not Note.objects.filter(title="Bài mới").exists()
    assert not NoteFile.objects.exists()


def test_inline_rows_take_the_parent_agency(login, editor, data, agency):
    payload = form_data(**{"files-TOTAL_FORMS": "1", "files-0-topic": data["mine"].pk, "files-0-file": ""})
    response = login(editor).post(note_url("add"), payload)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert NoteFile.objects.get().agency == agency


def test_autocomplete_returns_only_own_rows(login, editor, data):
    url = reverse("admin:autocomplete")
    response = login(editor).get(url, {"app_label": "tenancy_app", "model_name": "note",
                                       "field_name": "topic", "term": "Chủ"})
    texts = [r["text"] for r in response.json()["results"]]
    assert texts == ["Chủ đề của tôi"]


def test_list_filter_offers_only_own_values(login, editor, data):
    response = login(editor).get(note_url("changelist"))
    assert "BÍ MẬT" not in response.text


# --- the agency that is saved ---------------------------------------------------------------------
def test_single_agency_user_saves_into_own_agency_even_if_forged(login, editor, data, agency, other_agency):
    response = login(editor).post(note_url("add"), form_data(agency=other_agency.pk))
    assert response.status_code == 302
    assert Note.objects.get(title="Bài mới").agency == agency


def test_multi_agency_user_chooses_among_own_agencies_only(login, agency, other_agency, data):
    third = Agency.objects.create(name="Sở Thứ ba", short_name="S3", slug="so-thu-ba", kind="department",
                                  joined_on="2026-01-05")
    user = member(agency, "editor", username="hai-co-quan")
    Membership.objects.create(user=user, agency=other_agency, role="editor")
    client = login(user)
    page = client.get(note_url("add")).text
    assert "Sở Thứ ba" not in page
    client.post(note_url("add"), form_data(agency=third.pk))
    assert not Note.objects.filter(title="Bài mới").exists()
    # a relation to the user's other agency is refused too
    client.post(note_url("add"), form_data(agency=agency.pk, topic=data["theirs"].pk))
    assert not Note.objects.filter(title="Bài mới").exists()
    client.post(note_url("add"), form_data(agency=agency.pk, topic=data["mine"].pk))
    assert Note.objects.get(title="Bài mới").agency == agency


# --- actions ------------------------------------------------------------------------------------
def test_bulk_action_cannot_reach_other_agency_rows(login, approver, data):
    login(approver).post(note_url("changelist"), {
        "action": "publish_selected", "_selected_action": [data["my_note"].pk, data["their_note"].pk]})
    data["their_note"].refresh_from_db()
    data["my_note"].refresh_from_db()
    assert data["their_note"].status == Status.DRAFT
    assert data["my_note"].status == Status.PUBLISHED


# --- roles -----------------------------------------------------------------------------------------
def test_editor_can_submit_but_not_publish(login, editor, data):
    client = login(editor)
    note = data["my_note"]
    response = client.post(note_url("change", note.pk), form_data(title="Sửa", _transition="publish"))
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.status == Status.DRAFT
    client.post(note_url("change", note.pk), form_data(title="Sửa", _transition="submit"))
    note.refresh_from_db()
    assert note.status == Status.PENDING and note.title == "Sửa"


def test_editor_cannot_publish_with_bulk_action(login, editor, data):
    login(editor).post(note_url("changelist"), {"action": "publish_selected",
                                                "_selected_action": [data["my_note"].pk]})
    data["my_note"].refresh_from_db()
    assert data["my_note"].status == Status.DRAFT


def test_editor_cannot_change_published_content_only_propose_a_revision(login, editor, approver, data):
    from portal.publishing import open_revision

    note = data["my_note"]
    note.status = Status.PUBLISHED
    note.save()
    client = login(editor)
    assert client.get(note_url("change", note.pk)).status_code == 200
    response = client.post(note_url("change", note.pk), form_data(title="Sửa lén"))
    assert response.status_code == 302  # kept as a draft revision for the approver, the live row untouched
    note.refresh_from_db()
    assert note.title == "Ghi chú của tôi" and note.status == Status.PUBLISHED
    assert open_revision(note).status == Status.DRAFT


def test_editor_cannot_change_pending_content(login, editor, data):
    note = data["my_note"]
    note.status = Status.PENDING
    note.save()
    response = login(editor).post(note_url("change", note.pk), form_data(title="Sửa lén"))
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.title == "Ghi chú của tôi"


def test_approver_publishes_with_the_button(login, approver, data):
    note = data["my_note"]
    response = login(approver).post(note_url("change", note.pk), form_data(title="Đã duyệt", _transition="publish"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == Status.PUBLISHED and note.reviewed_by == approver
    assert note.history.first().history_user == approver


def test_reviewer_reads_everything_and_changes_nothing(login, provincial_reviewer, data):
    client = login(provincial_reviewer)
    listing = client.get(note_url("changelist")).text
    assert "Ghi chú của tôi" in listing and "Ghi chú của sở khác" in listing
    assert client.get(note_url("change", data["their_note"].pk)).status_code == 200
    assert client.get(note_url("add")).status_code == 403
    response = client.post(note_url("change", data["their_note"].pk), form_data(title="Sửa"))
    assert response.status_code == 403
    data["their_note"].refresh_from_db()
    assert data["their_note"].title == "Ghi chú của sở khác"


def test_anonymous_is_sent_to_login(client, data):
    response = client.get(note_url("changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- agencies and memberships -------------------------------------------------------------------
def test_agency_admin_edits_own_profile_only(login, agency_admin, agency, other_agency):
    client = login(agency_admin)
    assert client.get(reverse("admin:agencies_agency_change", args=[other_agency.pk])).status_code == 404
    page = client.get(reverse("admin:agencies_agency_change", args=[agency.pk]))
    assert page.status_code == 200
    assert 'name="slug"' not in page.text  # superuser-only fields are read-only
    assert client.get(reverse("admin:agencies_agency_add")).status_code == 403


def test_editor_cannot_edit_agency_profile_or_memberships(login, editor, agency):
    client = login(editor)
    response = client.post(reverse("admin:agencies_agency_change", args=[agency.pk]), {"name": "Đổi tên"})
    assert response.status_code == 403
    assert client.get(reverse("admin:agencies_membership_add")).status_code == 403


def test_agency_admin_adds_a_member_to_own_agency(login, agency_admin, agency, other_agency):
    client = login(agency_admin)
    response = client.post(reverse("admin:agencies_membership_add"), {
        "agency": other_agency.pk, "username": "canbo-moi", "full_name": "Cán bộ Mới",
        "email": "moi@example.invalid", "password": "mat-khau-dai-123", "role": "editor"})
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="canbo-moi")
    assert membership.agency == agency and membership.user.is_staff


def test_membership_form_explains_missing_password(login, agency_admin):
    response = login(agency_admin).post(reverse("admin:agencies_membership_add"), {
        "username": "chua-co", "role": "editor"})
    assert "hãy nhập mật khẩu ban đầu" in response.text
    assert not Membership.objects.filter(user__username="chua-co").exists()


def test_unique_constraint_with_agency_is_a_form_message_not_a_crash(login, editor, data):
    """agency is read-only on the change form; its unique constraints must still be checked."""
    Tag.objects.create(agency=data["mine"].agency, name="trùng tên")
    url = reverse("admin:tenancy_app_tag_change", args=[data["my_tag"].pk])
    response = login(editor).post(url, {"name": "trùng tên"})
    assert response.status_code == 200
    assert "Cơ quan đã có nhãn này." in response.text
    data["my_tag"].refresh_from_db()
    assert data["my_tag"].name == "nhãn của tôi"
