"""Issue 12, one test per door that got through: each fails on the code before the fix."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from agencies.models import Membership
from content.models import Article
from dispatches.models import Dispatch, DispatchSettings
from portal.publishing import Status
from tests.content.factories import draft_article, published_article
from tests.dispatches.factories import DispatchFactory
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db
User = get_user_model()


# --- 1. history is read-only; bulk delete judges each row -------------------------------------------
def _history_url(obj):
    record = obj.history.order_by("history_id").first()
    return reverse("admin:content_article_simple_history", args=[obj.pk, record.history_id])


def test_editor_cannot_rewrite_a_published_article_through_history_revert(login, editor, agency):
    article = published_article(agency, title="Tin gốc")
    client = login(editor)
    assert client.get(_history_url(article)).status_code == 200  # reading history stays
    response = client.post(_history_url(article), {
        "agency": agency.pk, "category": article.category_id, "title": "Tin bị sửa", "slug": article.slug,
        "summary": "Sửa", "body": "<p>Sửa</p>"})
    assert response.status_code == 405
    article.refresh_from_db()
    assert (article.title, article.status) == ("Tin gốc", Status.PUBLISHED)


def test_history_has_no_revert_even_for_approvers(login, approver, agency):
    article = published_article(agency, title="Tin gốc")
    assert login(approver).post(_history_url(article), {"title": "Khác"}).status_code == 405
    article.refresh_from_db()
    assert article.title == "Tin gốc"


def test_editor_cannot_bulk_delete_published_content(login, editor, agency):
    published, draft = published_article(agency), draft_article(agency)
    response = login(editor).post(reverse("admin:content_article_changelist"), {
        "action": "delete_selected", "_selected_action": [published.pk, draft.pk], "post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


def test_editor_may_still_bulk_delete_own_drafts(login, editor, agency):
    draft = draft_article(agency)
    login(editor).post(reverse("admin:content_article_changelist"), {
        "action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"})
    assert not Article.objects.filter(pk=draft.pk).exists()


# --- 2. accounts belong to their agencies ------------------------------------------------------------
MEMBERSHIP_ADD = "/admin/agencies/membership/add/"


def test_agency_admin_cannot_take_over_another_agencys_account(login, agency_admin, agency, other_agency):
    victim = member(other_agency, "agency_admin", username="so-khac-quantri")
    victim.email, victim.first_name = "that@so-khac.example", "Người thật"
    victim.save()
    response = login(agency_admin).post(MEMBERSHIP_ADD, {
        "agency": agency.pk, "username": victim.username, "full_name": "Kẻ giả", "email": "evil@example.com",
        "password": "matkhau-moi-123", "role": "editor"})
    assert response.status_code == 200
    assert "thuộc cơ quan khác" in response.text
    victim.refresh_from_db()
    assert (victim.email, victim.first_name) == ("that@so-khac.example", "Người thật")
    assert victim.check_password("matkhau-thu-123")
    assert not Membership.objects.filter(user=victim, agency=agency).exists()


def test_agency_admin_creates_accounts_for_their_agency(login, agency_admin, agency):
    response = login(agency_admin).post(MEMBERSHIP_ADD, {
        "agency": agency.pk, "username": "nhanvien-moi", "full_name": "Nguyễn Mới", "email": "moi@example.com",
        "password": "matkhau-moi-123", "role": "editor"})
    assert response.status_code == 302
    user = User.objects.get(username="nhanvien-moi")
    assert (user.first_name, user.email, user.is_staff) == ("Nguyễn Mới", "moi@example.com", True)
    assert Membership.objects.get(user=user).agency == agency


def test_agency_admin_cannot_change_identity_of_an_existing_account(login, agency_admin, agency):
    loose = UserFactory(username="tai-khoan-cu", first_name="Tên cũ", email="cu@example.com")
    response = login(agency_admin).post(MEMBERSHIP_ADD, {
        "agency": agency.pk, "username": loose.username, "full_name": "Tên mới", "email": "moi@example.com",
        "password": "", "role": "editor"})
    assert response.status_code == 200
    assert "không thể đổi họ tên" in response.text
    loose.refresh_from_db()
    assert (loose.first_name, loose.email) == ("Tên cũ", "cu@example.com")


def test_agency_admin_cannot_raise_their_own_role(login, agency_admin, agency):
    own = Membership.objects.get(user=agency_admin, agency=agency)
    response = login(agency_admin).post(f"/admin/agencies/membership/{own.pk}/change/", {
        "agency": agency.pk, "role": "approver", "username": agency_admin.username})
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == "agency_admin"


def test_role_changes_are_recorded_in_history_and_shown(login, agency_admin, agency):
    colleague = member(agency, "editor", username="dong-nghiep")
    membership = Membership.objects.get(user=colleague)
    client = login(agency_admin)
    response = client.post(f"/admin/agencies/membership/{membership.pk}/change/", {
        "agency": agency.pk, "role": "agency_admin", "username": colleague.username})
    assert response.status_code == 302
    record = membership.history.order_by("-history_id").first()
    assert (record.role, record.history_user) == ("agency_admin", agency_admin)
    page = client.get(f"/admin/agencies/membership/{membership.pk}/history/")
    who = agency_admin.get_full_name() or agency_admin.username  # the history names people by name
    assert "Quản trị đơn vị" in page.text and who in page.text


def test_agency_admin_cannot_grant_the_right_to_publish(login, agency_admin, agency):
    # An agency admin who could make an approver account (or raise a colleague) would publish through it.
    client = login(agency_admin)
    response = client.post(MEMBERSHIP_ADD, {
        "agency": agency.pk, "username": "lanh-dao-gia", "full_name": "Lãnh đạo giả", "email": "",
        "password": "matkhau-moi-123", "role": "approver"})
    assert response.status_code == 200 and "Chỉ quản trị cổng thông tin mới giao vai trò" in response.text
    assert not User.objects.filter(username="lanh-dao-gia").exists()
    colleague = member(agency, "editor", username="dong-nghiep-2")
    membership = Membership.objects.get(user=colleague)
    response = client.post(f"/admin/agencies/membership/{membership.pk}/change/", {
        "agency": agency.pk, "role": "approver", "username": colleague.username})
    assert response.status_code == 200 and "quyền xuất bản" in response.text
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_the_portal_administrator_grants_the_approver_role(login, agency):
    admin = UserFactory(username="quantri-tinh", is_staff=True, is_superuser=True)
    response = login(admin).post(MEMBERSHIP_ADD, {
        "agency": agency.pk, "username": "lanh-dao-that", "full_name": "Lãnh đạo thật", "email": "",
        "password": "matkhau-moi-123", "role": "approver"})
    assert response.status_code == 302
    assert Membership.objects.get(user__username="lanh-dao-that").role == "approver"


def test_editor_cannot_make_dispatch_details_public(login, editor, agency):
    DispatchSettings.objects.create(agency=agency, publish_details_default=False)
    dispatch = DispatchFactory(agency=agency, publish_details=False)
    client = login(editor)
    page = client.get(f"/admin/dispatches/dispatch/{dispatch.pk}/change/")
    assert 'name="publish_details"' not in page.text
    data = {"agency": agency.pk, "direction": dispatch.direction, "doc_type": dispatch.doc_type,
            "code_number": dispatch.code_number, "code_notation": dispatch.code_notation,
            "issued_date": "16/03/2026", "summary": dispatch.summary, "secrecy": "thuong",
            "urgency": dispatch.urgency, "publish_details": "on"}
    client.post(f"/admin/dispatches/dispatch/{dispatch.pk}/change/", data)
    client.post("/admin/dispatches/dispatch/add/", {**data, "code_number": "999"})
    assert not Dispatch.objects.filter(agency=agency, publish_details=True).exists()


def test_approver_may_make_dispatch_details_public(login, approver, agency):
    dispatch = DispatchFactory(agency=agency, publish_details=False)
    data = {"agency": agency.pk, "direction": dispatch.direction, "doc_type": dispatch.doc_type,
            "code_number": dispatch.code_number, "code_notation": dispatch.code_notation,
            "issued_date": "16/03/2026", "summary": dispatch.summary, "secrecy": "thuong",
            "urgency": dispatch.urgency, "publish_details": "on"}
    response = login(approver).post(f"/admin/dispatches/dispatch/{dispatch.pk}/change/", data)
    assert response.status_code == 302, response.text[:2000]
    dispatch.refresh_from_db()
    assert dispatch.publish_details


# --- 6. feeds carry the sapo as text -----------------------------------------------------------------
XSS = [
    "<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "<svg onload=alert(3)>",
    "<iframe src=javascript:alert(4)>", "<a href=\"javascript:alert(5)\">bấm</a>", "<body onload=alert(6)>",
    "<math><mi xlink:href=\"javascript:alert(7)\">x</mi></math>", "<details open ontoggle=alert(8)>",
    "<object data=\"data:text/html,<script>alert(9)</script>\">", "<embed src=javascript:alert(10)>",
    "<style>@import 'javascript:alert(11)'</style>", "<input autofocus onfocus=alert(12)>",
    "<![CDATA[<img src=x onerror=alert(13)>]]>", "<video><source onerror=alert(14)>",
    "&lt;img src=x onerror=alert(15)&gt;",
]


def _feed_urls(agency):
    from django.urls import reverse as rev

    return [agency.reverse("content:news_rss"), agency.reverse("content:news_atom"),
            rev("content_province:news_rss"), rev("content_province:news_atom")]


@pytest.mark.parametrize("vector", XSS)
def test_feeds_carry_the_sapo_as_escaped_text(client, agency, vector):
    from xml.etree import ElementTree

    published_article(agency, summary=f"Sapo {vector} hết")
    for url in _feed_urls(agency):
        response = client.get(url)
        assert response.status_code == 200, url
        root = ElementTree.fromstring(response.content)
        texts = [el.text or "" for el in root.iter()
                 if el.tag.split("}")[-1] in ("description", "summary") and "Sapo" in (el.text or "")]
        assert texts, url
        for html in texts:  # what a feed reader renders as HTML after XML decoding
            assert "<" not in html, (url, html)
            assert "Sapo" in html and "hết" in html


# --- 7. the "view on site" shortcut is scoped ---------------------------------------------------------
def _shortcut(obj):
    ct = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{ct.pk}/{obj.pk}/"


def test_view_on_site_of_another_agencys_draft_is_404(login, editor, other_agency):
    secret = draft_article(other_agency, title="Dự thảo bí mật của sở khác")
    response = login(editor).get(_shortcut(secret))
    assert response.status_code == 404
    assert secret.slug not in response.get("Location", "")


def test_view_on_site_of_another_agencys_published_item_is_404_too(login, editor, other_agency):
    assert login(editor).get(_shortcut(published_article(other_agency))).status_code == 404


def test_view_on_site_of_own_draft_goes_to_its_preview(login, editor, agency):
    draft = draft_article(agency)
    response = login(editor).get(_shortcut(draft))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:content_article_preview", args=[draft.pk])


def test_view_on_site_of_own_published_item_goes_to_its_page(login, editor, agency):
    article = published_article(agency)
    response = login(editor).get(_shortcut(article))
    assert response.status_code == 302
    assert response["Location"].endswith(article.get_absolute_url())


def test_view_on_site_needs_staff(client, agency):
    response = client.get(_shortcut(draft_article(agency)))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- 8. image re-encoding keeps nothing but pixels ------------------------------------------------------
PAYLOAD = "<img src=x onerror=alert('anh')><script>alert(1)</script>"


def _jpeg_with_payload():
    output = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD  # ImageDescription
    Image.new("RGB", (64, 48), (20, 120, 200)).save(output, "JPEG", comment=PAYLOAD.encode(), exif=exif.tobytes())
    assert PAYLOAD.encode() in output.getvalue()
    return output.getvalue()


def _png_with_payload():
    output = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PAYLOAD)
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{PAYLOAD}</x:xmpmeta>")
    Image.new("RGBA", (64, 48), (20, 120, 200, 128)).save(output, "PNG", pnginfo=info)
    return output.getvalue()


def _webp_with_payload():
    output = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD
    Image.new("RGB", (64, 48), (20, 120, 200)).save(output, "WEBP", exif=exif.tobytes(), xmp=PAYLOAD.encode())
    return output.getvalue()


@pytest.mark.parametrize("name,make", [("anh.jpg", _jpeg_with_payload), ("anh.png", _png_with_payload),
                                       ("anh.webp", _webp_with_payload)])
def test_reencoded_images_drop_comments_and_metadata(name, make):
    from portal.uploads import reencode_image

    data = make()
    assert b"onerror" in data
    clean = reencode_image(SimpleUploadedFile(name, data)).read()
    assert b"onerror" not in clean and b"alert" not in clean and b"xmpmeta" not in clean
    assert not set(Image.open(io.BytesIO(clean)).info) & {"comment", "exif", "xmp", "icc_profile", "Comment",
                                                         "XML:com.adobe.xmp"}


def test_editor_image_upload_drops_a_jpeg_comment(login, editor):
    upload = SimpleUploadedFile("anh.jpg", _jpeg_with_payload(), content_type="image/jpeg")
    response = login(editor).post(reverse("editor_image_upload"), {"upload": upload})
    assert response.status_code == 200
    stored = response.json()["url"].split("/media/", 1)[1]
    with default_storage.open(stored) as stored_file:
        assert b"onerror" not in stored_file.read()


def test_article_cover_drops_a_jpeg_comment(agency):
    article = published_article(agency)
    article.cover = SimpleUploadedFile("bia.jpg", _jpeg_with_payload(), content_type="image/jpeg")
    article.cover_alt = "Ảnh bìa"
    article.full_clean()
    article.save()
    with default_storage.open(article.cover.name) as stored_file:
        assert b"onerror" not in stored_file.read()


# --- 10. lock-out behind the proxy ---------------------------------------------------------------------
def _fail_then_try(client, user, settings, **headers):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": user.username, "password": "sai"}, **headers)


def test_clients_behind_the_proxy_are_counted_apart(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, officer = Client(REMOTE_ADDR="127.0.0.1"), Client(REMOTE_ADDR="127.0.0.1")
    _fail_then_try(attacker, editor, settings, HTTP_X_FORWARDED_FOR="203.0.113.9")
    url = reverse("admin:login")
    locked = attacker.post(url, {"username": editor.username, "password": "matkhau-thu-123"},
                           HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert locked.status_code == 429
    ok = officer.post(url, {"username": editor.username, "password": "matkhau-thu-123"},
                      HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert ok.status_code == 302


def test_a_forged_forwarded_for_before_the_proxy_address_is_ignored(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="127.0.0.1")
    url = reverse("admin:login")
    for index in range(settings.AXES_FAILURE_LIMIT):  # the client rotates a forged first entry
        client.post(url, {"username": editor.username, "password": "sai"},
                    HTTP_X_FORWARDED_FOR=f"10.0.0.{index}, 203.0.113.9")
    response = client.post(url, {"username": editor.username, "password": "matkhau-thu-123"},
                           HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    assert response.status_code == 429


def test_without_a_proxy_a_spoofed_header_is_ignored(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR="198.51.100.20")
    url = reverse("admin:login")
    for index in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": editor.username, "password": "sai"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{index}")
    response = client.post(url, {"username": editor.username, "password": "matkhau-thu-123"},
                           HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert response.status_code == 429


# --- 11. purge a wrongly entered record from history: superusers only, logged ---------------------------
def _wrong_dispatch(agency, superuser, client):
    dispatch = DispatchFactory(agency=agency, summary="Trích yếu nhập nhầm: số tài khoản 0123456789")
    LogEntry.objects.log_actions(user_id=superuser.pk, queryset=[dispatch], action_flag=1,
                                 change_message=[{"added": {}}, "Trích yếu nhập nhầm: số tài khoản 0123456789"],
                                 single_object=True)
    pk = dispatch.pk
    dispatch.delete()
    return pk


def test_superuser_purges_a_deleted_records_text_from_history(login, superuser, agency):
    client = login(superuser)
    pk = _wrong_dispatch(agency, superuser, client)
    assert Dispatch.history.filter(id=pk).exists()
    url = reverse("admin:dispatches_dispatch_purge_history", args=[pk])
    assert url in client.get(reverse("admin:dispatches_dispatch_history", args=[pk])).text
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    assert Dispatch.history.filter(id=pk).exists()
    response = client.post(url, {"reason": "Nhập nhầm dữ liệu cá nhân"})
    assert response.status_code == 302
    assert not Dispatch.history.filter(id=pk).exists()
    ct = ContentType.objects.get_for_model(Dispatch)
    entries = LogEntry.objects.filter(content_type=ct, object_id=str(pk))
    assert not any("0123456789" in (e.change_message + e.object_repr) for e in entries)
    assert any("Nhập nhầm dữ liệu cá nhân" in e.change_message and e.user == superuser for e in entries)


@pytest.mark.parametrize("role", ["editor", "approver", "agency_admin"])
def test_nobody_else_can_purge_history(login, agency, superuser, role):
    pk = _wrong_dispatch(agency, superuser, None)
    user = member(agency, role)
    url = reverse("admin:dispatches_dispatch_purge_history", args=[pk])
    assert login(user).post(url, {"reason": "xóa"}).status_code == 404
    assert Dispatch.history.filter(id=pk).exists()


def test_purge_function_refuses_non_superusers(editor, agency):
    from django.core.exceptions import PermissionDenied

    from portal.purge import purge_history

    dispatch = DispatchFactory(agency=agency)
    with pytest.raises(PermissionDenied):
        purge_history(Dispatch, dispatch.pk, editor, "lý do")
    assert Dispatch.history.filter(id=dispatch.pk).exists()


def test_a_stale_form_cannot_overwrite_content_published_meanwhile(login, editor, approver, agency):
    """The guard judges the row as stored now, not the copy the form was opened with."""
    from agencies import access

    draft = draft_article(agency, title="Bản nháp")
    stale_copy = Article.objects.get(pk=draft.pk)  # what the editor's open form holds
    login(approver).post(reverse("admin:content_article_change", args=[draft.pk]), {
        "agency": agency.pk, "category": draft.category_id, "title": "Bản nháp", "slug": draft.slug,
        "summary": draft.summary, "body": draft.body, "_transition": "publish", "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0"})
    assert Article.objects.get(pk=draft.pk).status == Status.PUBLISHED
    assert access.may_change(editor, stale_copy, stored=False)  # the stale copy still says "draft"
    assert not access.may_change(editor, stale_copy)  # the stored row decides
    stale_copy.title = "Sửa sau khi đã xuất bản"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        access.check_change(editor, stale_copy)
