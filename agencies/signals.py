"""Cache invalidation: every write of an agency's content bumps that agency's version.

Connected in AgenciesConfig.ready() to every concrete tenant-owned model, so no view or admin
knows about caching (the Wagtail frontend-cache way).
"""

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.publishing import Publishable, Status

from .cache import bump_content_version, note_scheduled, register_publishable
from .middleware import HOSTS_CACHE_KEY
from .models import Agency, TenantModel


def content_changed(sender, instance, **kwargs):
    agency_id = getattr(instance, "agency_id", None)
    if agency_id is None:
        return
    bump_content_version(agency_id)
    if isinstance(instance, Publishable) and instance.status == Status.PUBLISHED:
        note_scheduled(agency_id, instance.published_at)


def relations_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed(sender, instance)


def agency_changed(sender, instance, **kwargs):
    cache.delete(HOSTS_CACHE_KEY)
    if kwargs.get("signal") is post_save:
        bump_content_version(instance.pk)


def connect():
    post_save.connect(agency_changed, sender=Agency, dispatch_uid="agency_changed_save")
    post_delete.connect(agency_changed, sender=Agency, dispatch_uid="agency_changed_delete")
    for model in apps.get_models():
        if issubclass(model, TenantModel) and not model._meta.abstract:
            uid = f"content_changed_{model._meta.label_lower}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid + "_save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=uid + "_delete")
            for field in model._meta.many_to_many:
                m2m_changed.connect(relations_changed, sender=field.remote_field.through,
                                    dispatch_uid=f"{uid}_{field.name}_m2m")
            if issubclass(model, Publishable):
                register_publishable(model)
