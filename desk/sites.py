"""The portal's admin site: the officer's desk as its home, and the sections in their order.

Django lists apps alphabetically; officers know the portal by the eight sections of the guidance.
The navigation (index and side bar) therefore lists the registered sections by number, each with
its models (``Section.models``), then whatever else the user may reach, app by app.
"""

from django.contrib import admin
from django.urls import path
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from portal.sections import all_sections


class PortalAdminSite(admin.AdminSite):
    index_title = _("Bàn làm việc")

    def each_context(self, request):
        """Django's context of every admin page, with the app list (the side bar's menu) built only
        when the page shows it: the review dashboard, for one, hides the side bar."""
        request._lazy_app_list = True
        try:
            return super().each_context(request)
        finally:
            del request._lazy_app_list

    def get_app_list(self, request, app_label=None):
        if getattr(request, "_lazy_app_list", False):
            return SimpleLazyObject(lambda: self.get_app_list(request, app_label))
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list  # one app's own page stays that app's
        by_model = {model["model"]: (app, model) for app in app_list for model in app["models"]}
        placed = set()
        sections = []
        for section in all_sections():
            models = []
            for model_class in section.model_classes():
                found = by_model.get(model_class)
                if found is not None and model_class not in placed:
                    placed.add(model_class)
                    models.append(found[1])
            if not models:
                continue
            sections.append({
                "name": f"{section.number}. {section.title}",
                "app_label": f"section-{section.number}",
                "app_url": models[0]["admin_url"] or "",
                "has_module_perms": True,
                "models": models,
                "section": section,
            })
        rest = []
        for app in app_list:
            models = [model for model in app["models"] if model["model"] not in placed]
            if models:
                rest.append({**app, "models": models})
        return sections + rest

    def get_urls(self):
        from . import views

        return [
            path("ban-lam-viec/thong-bao/<int:pk>/", self.admin_view(views.open_notification),
                 name="desk_notification"),
            path("ban-lam-viec/thong-bao/da-xem/", self.admin_view(views.mark_all_read), name="desk_mark_read"),
            path("ban-lam-viec/cai-dat/", self.admin_view(views.preferences), name="desk_preferences"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from .inbox import build_desk

        return super().index(request, {"desk": build_desk(request.user), **(extra_context or {})})
