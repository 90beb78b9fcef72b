"""Every admin door that accepts POST, walked as an editor of agency A.

The walk is generic: it reads the URL patterns of every registered ModelAdmin (``get_urls()``), the
admin site's own URLs and the other URLs under /admin/, fills their parameters with a published row
of agency A or a row of agency B, and POSTs plausible data: the change form as an authorised user
sees it (with every text changed), each bulk action with the row selected, each workflow button, and
whatever confirmation form the answer carries (delete confirmation, import preview → confirm) is
posted back. A door added next year is walked without editing this file; a door whose parameter
this file cannot fill, or a registered model without a row maker below, fails the test by name.

What must hold afterwards: no row of agency B and no row the editor may not change (published or
pending content, agency-level and province-level settings, accounts) differs in the slightest, no
row appears in agency B, and every URL that names B's row answers 404 (or 405 for a read-only door).
A control POSTs the same change-form data as a superuser and sees the row change, so the data the
editor sent was valid and only the guard stopped it.
"""

import csv
import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from agencies.models import Agency, Membership
from compliance.models import Confirmation, Exemption, InspectionNote, SectionRule
from content.models import Attachment, Category, Functions, Introduction
from dispatches.models import ApiToken, DispatchSettings
from ktxh_sync.demo import load_catalogue
from ktxh_sync.models import Indicator, IntegratedGroup, Observation, Report, Source
from organization.models import Official, OrgUnit
from participation.models import Comment, DisclosureItem
from portal.models import Province
from portal.publishing import EDITABLE_BY_EDITORS, Publishable, Status
from procedures.models import Channel, FormTemplate, LegalBasis
from schedules.models import Entry
from tests.content.factories import functions_page, introduction, published_article
from tests.dispatches.factories import DispatchFactory, period
from tests.factories import AgencyFactory, UserFactory, member
from tests.participation.conftest import make_consultation, make_plan, make_question, make_request
from tests.procedures.factories import cite, document, form, procedure
from tests.schedules.factories import entry, official, published_week

pytestmark = pytest.mark.django_db
ADMIN = "/admin/"
HACK = "ĐÃ BỊ SỬA"
PAST = timezone.now() - timedelta(days=2)


# --- one row per registered model, for an agency ------------------------------------------------
def _published(obj):
    if isinstance(obj, Publishable) and obj.status != Status.PUBLISHED:
        type(obj).objects.filter(pk=obj.pk).update(status=Status.PUBLISHED, published_at=PAST)
        obj.refresh_from_db()
    return obj


def make_rows(agency):
    """``{model: row}``: one row of every registered tenant model in ``agency`` (published where that
    applies), with children (attachments, channels, entries, lines) so that inlines have rows too."""
    load_catalogue()
    indicator = Indicator.objects.order_by("pk").first()
    art = published_article(agency)
    Attachment.objects.create(agency=agency, article=art, title="Tệp đính kèm", file="x/tep.pdf")
    proc = procedure(agency, name=f"Thủ tục của {agency.short_name}")
    doc = _published(document(agency, number=f"1/{agency.pk}/QĐ-UBND"))
    cite(proc, doc)
    form(proc)
    week = published_week(agency)
    entry(week)
    person = official(agency)
    total = period(agency, date(2026, 1, 1), {("den", "cv"): 3})
    source = Source.objects.create(agency=agency, name="Nguồn thử", kind=Source.Kind.CSV,
                                   url="http://127.0.0.1:9/so-lieu.csv")  # refused at once
    token = ApiToken(agency=agency, name="Hệ thống văn bản")
    token.generate()
    token.save()
    consultation = make_consultation(agency)
    question = make_question(agency, published=True)
    return {
        Agency: agency,
        Membership: Membership.objects.filter(agency=agency).order_by("pk").first() or Membership.objects.get(
            agency=agency, user=member(agency, "editor")),
        OrgUnit: _published(person.unit),
        Official: person,
        Introduction: introduction(agency),
        Functions: functions_page(agency),
        Category: Category.objects.filter(agency=agency).first(),
        art.__class__: art,
        proc.sector.__class__: proc.sector,
        doc.__class__: doc,
        proc.__class__: proc,
        week.__class__: week,
        Entry: week.entries.first(),
        Observation: Observation.objects.create(agency=agency, indicator=indicator, period=date(2026, 1, 1),
                                                value=10, fetched_at=PAST, source_name="Thử"),
        Source: source,
        IntegratedGroup: IntegratedGroup.objects.create(agency=agency, group="xa-hoi"),
        Report: Report.objects.create(agency=agency, title="Báo cáo tình hình KTXH", frequency="month",
                                      period=date(2026, 1, 1), status=Status.PUBLISHED, published_at=PAST),
        DispatchFactory._meta.model: DispatchFactory(agency=agency, publish_details=False),
        DispatchSettings: DispatchSettings.objects.get_or_create(agency=agency)[0],
        total.__class__: total,
        ApiToken: token,
        Exemption: Exemption.objects.create(agency=agency, section_key="news", reason="Miễn thử"),
        InspectionNote: InspectionNote.objects.create(agency=agency, summary="Kết luận kiểm tra"),
        Confirmation: Confirmation.objects.create(agency=agency, section_key="gioi-thieu", note="Còn hiệu lực"),
        question.__class__: question,
        consultation.__class__: consultation,
        Comment: Comment.objects.create(agency=agency, consultation=consultation, name="Người góp ý",
                                        contact="gopy@example.org", text="Đề nghị bổ sung điều 3."),
        (request := make_request(agency)).__class__: request,
        DisclosureItem: DisclosureItem.objects.create(agency=agency, title="Nhóm thông tin công khai",
                                                      status=Status.PUBLISHED, published_at=PAST),
        (plan := make_plan(agency)).__class__: plan,
    }


# Models whose rows of their own agency an editor may change (no workflow, capability "edit"), and
# children of a parent row (they follow the parent's rule).
EDITOR_EDITS = {"dispatches.dispatch", "dispatches.periodtotal", "dispatches.periodtotalline",
                "procedures.sector", "ktxh_sync.observation",
                # staff handle citizens' input: moderate comments, process information requests
                "participation.comment", "participation.informationrequest"}
PARENT = {Attachment: "article", Channel: "procedure", FormTemplate: "procedure", LegalBasis: "procedure",
          Entry: "week"}
CACHE_FIELDS = ("content_version", "next_publication_at")
GLOBAL_MODELS = {Province, Indicator, SectionRule, get_user_model(), Group}


def _tracked_models():
    models = set()
    for model, model_admin in admin.site._registry.items():
        if not model._meta.proxy:
            models.add(model)
        for inline in model_admin.inlines:
            models.add(inline.model)
    return models


def _protected(row, agency_a) -> bool:
    """Whether an editor of agency A must not be able to change ``row`` (judged from the data)."""
    model = type(row)
    if model in GLOBAL_MODELS:
        return True
    agency_id = row.pk if model is Agency else getattr(row, "agency_id", None)
    if agency_id != agency_a.pk:
        return True
    if model in PARENT:
        return _protected(getattr(row, PARENT[model]), agency_a)
    if isinstance(row, Publishable):
        return row.status not in EDITABLE_BY_EDITORS
    return model._meta.label_lower not in EDITOR_EDITS


def protected_rows(agency_a) -> dict:
    """``{model: [pk, ...]}`` of the rows an editor of A must not change, judged once from the data."""
    found = {}
    for model in _tracked_models():
        if model._meta.app_label == "axes":
            continue  # login attempt logs
        pks = [row.pk for row in model._base_manager.all() if _protected(row, agency_a)]
        if pks:
            found[model] = pks
    return found


def snapshot(protected, agency_b):
    rows, counts = {}, {}
    for model, pks in protected.items():
        for values in model._base_manager.filter(pk__in=pks).values():
            for name in CACHE_FIELDS:  # bumped by any public change in the agency: not the row's content
                values.pop(name, None)
            rows[(model._meta.label, values[model._meta.pk.attname])] = values
        if any(f.name == "agency" for f in model._meta.fields):
            counts[model._meta.label] = model._base_manager.filter(agency=agency_b).count()
    return rows, counts


def assert_unchanged(before, after, door):
    rows_before, counts_before = before
    rows_after, counts_after = after
    changed = [key for key, values in rows_before.items() if rows_after.get(key) != values]
    assert not changed, f"{door} changed or deleted protected rows: {changed[:5]}"
    assert counts_after == counts_before, f"{door} added rows to agency B"


# --- forms as the browser would send them ---------------------------------------------------------
class FormParser(HTMLParser):
    """The fields of the first POST form of a page (inputs, selects, textareas) with their values."""

    def __init__(self, form_index=None):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea, self._options = [], None, None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": [], "files": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind == "file":
                self._form["files"].append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value", "on"), kind))
            elif kind not in ("submit", "button", "image", "reset"):
                self._form["fields"].append((name, attrs.get("value", ""), kind))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            for value in chosen:
                self._form["fields"].append((name, value, "select"))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1], "textarea"))
            self._textarea = None


def post_forms(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return [f for f in parser.forms if not f["action"].rstrip("/").endswith("logout")]


TEXT_NAMES = re.compile(r"(^|-)(title|name|full_name|summary|note|reason|content|answer|body|duties|steps)$")


def tampered(fields) -> dict:
    """The form's data with every free text changed (so any successful save shows)."""
    data = {}
    for name, value, kind in fields:
        if kind in ("text", "textarea") and TEXT_NAMES.search(name) and value:
            value = f"{value} {HACK}"
        data.setdefault(name, []).append(value)
    return data


def upload_for(model_admin, rows):
    """A file for an import door: the admin's own export of the rows (changed), else a small CSV."""
    try:
        resource = model_admin.get_export_resource_classes(None)[0]()
    except Exception:  # noqa: BLE001 - not an import-export admin, or no export
        resource = None
    content = "a,b\r\n1,2\r\n"
    if resource is not None:
        try:
            dataset = resource.export(type(rows[0])._base_manager.filter(pk__in=[r.pk for r in rows]))
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(dataset.headers)
            for row in dataset:
                writer.writerow([f"{v} {HACK}" if isinstance(v, str) and v and len(v) > 8 else v for v in row])
            content = out.getvalue()
        except Exception:  # noqa: BLE001 - an export that needs a request: the small CSV will do
            pass
    return SimpleUploadedFile("tep.csv", content.encode("utf-8"), content_type="text/csv")


# --- the URL patterns ------------------------------------------------------------------------------
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
GROUP = re.compile(r"\((?:\?P<(\w+)>)?[^()]*\)")


def _fill(route: str, values: dict, positional: list) -> str:
    unknown = []

    def named(match):
        name = match.group(1)
        if name not in values:
            unknown.append(name)
            return "x"
        return str(values[name])

    route = PARAM.sub(named, route)
    queue = list(positional)

    def group(match):
        if match.group(1):
            return named(match)
        return str(queue.pop(0)) if queue else "x"

    route = GROUP.sub(group, route).replace("^", "").replace("$", "")
    assert not unknown, f"the walk cannot fill the parameters {unknown} of {route!r}: teach it"
    return route.replace("\\", "")


def admin_doors():
    """``(model or None, route template)`` of every URL pattern under /admin/."""
    doors = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            assert isinstance(pattern, URLPattern)
            doors.append((model, prefix + str(pattern.pattern)))
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLPattern):
            doors.append((None, str(pattern.pattern)))
    for pattern in get_resolver().url_patterns:  # doors mounted under /admin/ outside the admin site
        route = str(pattern.pattern)
        if route.startswith("admin/") and isinstance(pattern, URLPattern):
            doors.append((None, route[len("admin/"):]))
    return doors


def _history_id(row):
    history = getattr(type(row), "history", None)
    if history is None:
        return 1
    record = history.filter(**{type(row)._meta.pk.attname: row.pk}).order_by("history_id").first()
    return record.history_id if record else 1


def _values(model, row):
    app_label = model._meta.app_label if model else "content"
    ct = ContentType.objects.get_for_model(type(row))
    return ({"object_id": row.pk, "direction": "up", "app_label": app_label, "content_type_id": ct.pk,
             "version_id": _history_id(row), "id": row.pk, "pk": row.pk, "url": "khong-co/"},
            [row.pk, _history_id(row)])


# --- the walk --------------------------------------------------------------------------------------
@pytest.fixture
def world(db):
    agency_a = AgencyFactory(slug="so-a", name="Sở A", short_name="Sở A")
    agency_b = AgencyFactory(slug="so-b", name="Sở B", short_name="Sở B")
    editor = member(agency_a, "editor", username="so-a-bientap")
    member(agency_b, "editor", username="so-b-bientap")
    superuser = UserFactory(username="quantri-goc", is_superuser=True)
    return {"a": agency_a, "b": agency_b, "editor": editor, "superuser": superuser,
            "rows_a": make_rows(agency_a), "rows_b": make_rows(agency_b)}


def test_every_registered_model_has_a_row_maker(world):
    missing = [m._meta.label for m in admin.site._registry
               if m not in world["rows_a"] and m not in GLOBAL_MODELS and not m._meta.proxy
               and m._meta.app_label not in ("axes", "tenancy_app")]
    assert not missing, f"add a row maker for {missing} in make_rows()"


def _row_for(model, rows):
    if model is None:
        return rows[type(rows[OrgUnit])]
    if model in rows:
        return rows[model]
    return None


def _form_data_as(client, url):
    page = client.get(url)
    if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
        return None
    forms = post_forms(page.content.decode())
    return forms[0] if forms else None


def test_editor_cannot_change_through_any_admin_door(world, login):
    editor, superuser = world["editor"], world["superuser"]
    as_editor, as_superuser = login(editor), login(superuser)
    doors = admin_doors()
    assert len(doors) > 150  # every model's standard doors, history, imports, previews, moves, ...
    protected = protected_rows(world["a"])
    assert len(protected) > 20
    walked, failures = 0, []
    for model, route in doors:
        as_editor.force_login(editor)
        before = snapshot(protected, world["b"])
        door = f"{route} ({model._meta.label if model else 'admin'})"
        row_a = _row_for(model, world["rows_a"])
        row_b = _row_for(model, world["rows_b"])
        if row_a is None:  # a registered model without agency rows (accounts, axes logs, rules)
            row_a = row_b = world["superuser"] if model is get_user_model() else None
            if row_a is None:
                instance = model._base_manager.order_by("pk").first()
                if instance is None:
                    continue
                row_a = row_b = instance
        if model is None and route.startswith(("logout", "password_change")):
            continue  # the editor's own session and password: nothing of anyone else's
        takes_object = bool(PARAM.search(route) or GROUP.search(route)) and (
            isinstance(row_a, Agency) or hasattr(row_a, "agency_id")) and (model is not None or "object_id" in route)
        for target, is_b in ((row_a, False), (row_b, True)):
            values, positional = _values(model, target)
            url = ADMIN + _fill(route, values, positional)
            # What an authorised user would send through this door: the form the superuser sees.
            seen = _form_data_as(as_superuser, url)
            data = tampered(seen["fields"]) if seen else {}
            variants = [data]
            files = {name: upload_for(admin.site._registry.get(model), [row_a, row_b])
                     for name in (seen or {}).get("files", [])}
            if route.endswith(f"{model._meta.model_name}/") if model else False:  # the changelist
                ma = admin.site._registry[model]
                request = type("R", (), {"user": superuser, "GET": {}, "POST": {}})()
                actions = list(ma.get_actions(request)) if hasattr(ma, "get_actions") else []
                variants = [{"action": name, "_selected_action": [row_a.pk, row_b.pk], "index": "0",
                             "post": "yes", "select_across": "0"} for name in actions] + [data]
            elif seen is not None and model is not None and issubclass(model, Publishable):
                variants += [{**data, "_transition": name} for name in ("submit", "publish", "unpublish", "return")]
            if seen is not None:
                variants += [{**data, "_save": "Lưu", "post": "yes"}]
            for variant in variants:
                payload = {**variant, **{k: v for k, v in files.items()}}
                for f in files.values():
                    f.seek(0)
                response = as_editor.post(url, payload)
                walked += 1
                sent = f"POST {url} {variant.get('action') or variant.get('_transition') or ''}"
                if response.status_code >= 500:
                    failures.append(f"{sent}: {response.status_code}")
                redirect_to_change = response.status_code == 302 and response["Location"] == url + "change/"
                if is_b and takes_object and response.status_code not in (404, 405) and not redirect_to_change:
                    failures.append(f"{sent}: answered {response.status_code} for agency B's row (404 expected)")
                # A confirmation the answer asks for (delete "Yes", import "Confirm"): post it back.
                if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                    for follow in post_forms(response.content.decode())[:1]:
                        target_url = follow["action"] or url
                        if not target_url.startswith("/"):
                            target_url = url
                        as_editor.post(target_url, tampered(follow["fields"]))
        try:
            assert_unchanged(before, snapshot(protected, world["b"]), door)
        except AssertionError as error:
            failures.append(str(error))
    assert walked > 300
    assert not failures, "\n".join(dict.fromkeys(failures))


@pytest.mark.parametrize("model", [OrgUnit, Official, Introduction, Functions, Report, Category])
def test_control_the_walks_change_form_data_is_valid(world, login, model):
    """The superuser sending the same tampered change form does change the row: the data is valid."""
    row = world["rows_a"][model]
    as_superuser = login(world["superuser"])
    opts = model._meta
    url = f"{ADMIN}{opts.app_label}/{opts.model_name}/{row.pk}/change/"
    seen = _form_data_as(as_superuser, url)
    response = as_superuser.post(url, {**tampered(seen["fields"]), "_save": "Lưu"})
    assert response.status_code == 302, response.content.decode()[:3000]
    row.refresh_from_db()
    assert any(HACK in str(getattr(row, f.attname)) for f in opts.concrete_fields)
