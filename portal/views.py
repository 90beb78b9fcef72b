import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils._os import safe_join


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
