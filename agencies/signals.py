"""Cache invalidation: a write the public can see turns the agency's (and the province's) pages over.

Connected in AgenciesConfig.ready() to every concrete tenant-owned model, so no view or admin
knows about caching (the Wagtail frontend-cache way). What counts as visible is decided in one
place, ``agencies.cache.is_publicly_visible``.
"""

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from portal.publishing import Publishable, Status

from .cache import (
    bump_content_version,
    bump_province,
    forget_agency_address,
    is_bump_pending,
    is_publicly_visible,
    note_scheduled,
    previous_state,
    register_publishable,
)
from .middleware import HOSTS_CACHE_KEY
from .models import Agency, TenantModel


def remember_previous(sender, instance, raw=False, **kwargs):
    agency_id = getattr(instance, "agency_id", None)
    if raw or agency_id is None or is_bump_pending(agency_id):
        instance._public_previous = None
        return
    instance._public_previous = previous_state(instance)


def content_changed(sender, instance, signal=None, update_fields=None, raw=False, **kwargs):
    agency_id = getattr(instance, "agency_id", None)
    if agency_id is None or raw:
        return
    if isinstance(instance, Publishable) and instance.status == Status.PUBLISHED and signal is post_save:
        note_scheduled(agency_id, instance.published_at)  # before the bump, which reads it
    if is_bump_pending(agency_id):
        return
    previous = instance.__dict__.pop("_public_previous", None)
    if is_publicly_visible(instance, previous, deleted=signal is post_delete, update_fields=update_fields):
        bump_content_version(agency_id)


def relations_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        agency_id = getattr(instance, "agency_id", None)
        if agency_id is not None and not is_bump_pending(agency_id) and is_publicly_visible(instance):
            bump_content_version(agency_id)


def agency_will_change(sender, instance, raw=False, **kwargs):
    instance._previous_address = None
    if instance.pk and not raw:
        instance._previous_address = Agency.objects.filter(pk=instance.pk).values("slug", "host").first()


def agency_changed(sender, instance, signal=None, **kwargs):
    cache.delete(HOSTS_CACHE_KEY)
    previous = instance.__dict__.pop("_previous_address", None)
    if signal is post_delete:
        forget_agency_address(instance.slug, instance.host)
        bump_province()
        return
    if previous and previous["slug"] != instance.slug:
        forget_agency_address(slug=previous["slug"])
    if previous and previous["host"] and previous["host"] != instance.host:
        forget_agency_address(host=previous["host"])
    bump_content_version(instance.pk)  # the profile shows on every page of the agency


def connect():
    pre_save.connect(agency_will_change, sender=Agency, dispatch_uid="agency_will_change")
    post_save.connect(agency_changed, sender=Agency, dispatch_uid="agency_changed_save")
    post_delete.connect(agency_changed, sender=Agency, dispatch_uid="agency_changed_delete")
    for model in apps.get_models():
        if issubclass(model, TenantModel) and not model._meta.abstract:
            uid = f"content_changed_{model._meta.label_lower}"
            pre_save.connect(remember_previous, sender=model, dispatch_uid=uid + "_pre_save")
            post_save.connect(content_changed, sender=model, dispatch_uid=uid + "_save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=uid + "_delete")
            for field in model._meta.many_to_many:
                m2m_changed.connect(relations_changed, sender=field.remote_field.through,
                                    dispatch_uid=f"{uid}_{field.name}_m2m")
            if issubclass(model, Publishable):
                register_publishable(model)
