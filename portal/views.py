import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils._os import safe_join

from .downloads import sandboxed


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
    return sandboxed(FileResponse(full_path.open("rb"), content_type=content_type or "application/octet-stream",
                                  as_attachment=content_type not in IMAGE_TYPES, filename=full_path.name))


def page_not_found(request, exception):
    return render(request, "404.html", {"message": str(exception) if exception else ""}, status=404)


def switch_language(request):
    """Language switch as a plain link (no form, so cached pages carry no CSRF token)."""
    from django.http import HttpResponseRedirect
    from django.utils.http import url_has_allowed_host_and_scheme

    language = request.GET.get("lang")
    target = request.GET.get("next", "/")
    # A path on this site only; never a view name for redirect() to reverse (``next=abc`` was a 500).
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
                            samesite="Lax", secure=settings.LANGUAGE_COOKIE_SECURE, httponly=True)
    return response


def admin_view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" shortcut (``/admin/r/<type>/<id>/``), scoped like the admin.

    Django's own shortcut redirects any object to its public URL, so another agency's draft would
    reveal its address (its slug, i.e. its title). Here the object is looked up through its model
    admin's queryset (another agency's object: 404), and an item the public cannot see yet goes to
    its admin preview (or 404 when it has none) instead of a public address.
    """
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut
    from django.core.exceptions import ObjectDoesNotExist, ValidationError
    from django.shortcuts import redirect
    from django.urls import NoReverseMatch, reverse

    from portal.publishing import Publishable

    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ObjectDoesNotExist:
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404
    try:
        obj = model_admin.get_queryset(request).get(pk=model._meta.pk.to_python(object_id))
    except (ObjectDoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if isinstance(obj, Publishable) and not obj.is_public:
        info = model._meta.app_label, model._meta.model_name
        try:
            return redirect(reverse("admin:%s_%s_preview" % info, args=[obj.pk]))
        except NoReverseMatch:
            raise Http404 from None
    return shortcut(request, content_type_id, object_id)
