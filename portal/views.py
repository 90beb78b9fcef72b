import mimetypes
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies import access
from agencies.models import Agency
from portal.cache import cache_province_page
from portal.sections import all_sections
from portal.text import fold, search_terms
from portal.uploads import generated_name, reencode_image


def _active_agencies():
    return Agency.objects.public()


@cache_province_page
def province_home(request):
    agencies = list(_active_agencies().only("name", "short_name", "slug", "kind", "host"))
    query = request.GET.get("q", "").strip()
    terms = search_terms(query)
    if terms:
        agencies = [a for a in agencies if all(t in fold(f"{a.name} {a.short_name}") for t in terms)]
    kind_labels = dict(Agency.Kind.choices)
    groups = [(kind_labels[kind], list(items)) for kind, items in groupby(agencies, key=lambda a: a.kind)]
    blocks = [
        (section, section.province_block_context())
        for section in all_sections()
        if section.province_block_template and section.province_block_context
    ]
    return render(request, "portal/province_home.html", {
        "groups": groups, "query": query, "result_count": len(agencies), "blocks": blocks,
    })


@cache_province_page
def site_map(request):
    return render(request, "portal/site_map.html", {
        "agencies": _active_agencies().only("name", "slug", "kind", "host"),
        "sections": all_sections(),
    })


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_POST
@login_required
def editor_image_upload(request):
    """CKEditor 5's image upload: members only, re-encoded, stored under the agency's folder."""
    agency_ids = access.agency_ids(request.user, "edit")
    agency = (Agency.objects.filter(pk__in=agency_ids) if agency_ids is not None else Agency.objects.none())
    agency = agency.order_by("pk").first()
    if agency is None:
        return JsonResponse({"error": {"message": _("Bạn không có quyền tải ảnh lên.")}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Chưa chọn ảnh.")}}, status=400)
    try:
        clean = reencode_image(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    name = default_storage.save(generated_name(agency, clean.name, "noi-dung-anh"), clean)
    return JsonResponse({"url": default_storage.url(name)})


IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


def serve_media(request, path):
    """Media files when Django serves them (demo, small sites): documents always as downloads."""
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception:
        raise Http404 from None
    if not full_path.is_file():
        raise Http404
    content_type, _encoding = mimetypes.guess_type(full_path.name)
    response = FileResponse(full_path.open("rb"), content_type=content_type or "application/octet-stream",
                            as_attachment=content_type not in IMAGE_TYPES, filename=full_path.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def page_not_found(request, exception):
    return render(request, "404.html", {"message": str(exception) if exception else ""}, status=404)


def switch_language(request):
    """Language switch as a plain link (no form, so cached pages carry no CSRF token)."""
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    language = request.GET.get("lang")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
                            samesite="Lax", secure=settings.LANGUAGE_COOKIE_SECURE, httponly=True)
    return response
