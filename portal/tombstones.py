"""Tombstones: what left the public pages, for harvesters of the read API.

A section app declares each model its API lists with ``track(model, type, public)``, where
``public()`` returns the model's public queryset (the same ``published()`` / ``public()`` the pages
read). Around every save and delete of that model the item's public state is read before and after
(two indexed queries); an item that was public and is no longer gets a tombstone
``(type, id, removed_at)``, an item that becomes public again loses it. ``cascade(obj, now, gone)``
lets a model take along what is shown only through it (the officials of an unpublished unit).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from .models import Tombstone


@dataclass(frozen=True)
class Tracked:
    type: str
    public: Callable  # () -> public queryset of the model
    agency_slug: Callable  # (obj) -> slug of the item's agency
    cascade: Callable | None = None  # (obj, now, gone: bool) -> None


_tracked: dict = {}


def track(model, type_name, public, agency_slug=None, cascade=None):
    _tracked[model] = Tracked(type_name, public, agency_slug or (lambda obj: obj.agency.slug), cascade)
    uid = f"tombstones_{model._meta.label_lower}"
    pre_save.connect(_before, sender=model, dispatch_uid=uid + "_pre_save")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + "_post_save")
    pre_delete.connect(_before, sender=model, dispatch_uid=uid + "_pre_delete")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "_post_delete")


def tracked_types() -> list[str]:
    return sorted({t.type for t in _tracked.values()})


def _is_public(tracked, pk) -> bool:
    return pk is not None and tracked.public().filter(pk=pk).exists()


def _before(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    instance._api_was_public = _is_public(_tracked[sender], instance.pk)


def record(type_name, pks, agency_slug, now=None):
    """Tombstones for ``pks`` of ``type_name``."""
    now = now or timezone.now()
    for pk in pks:
        Tombstone.objects.update_or_create(type=type_name, object_id=pk,
                                           defaults={"agency_slug": agency_slug, "removed_at": now})


def revive(type_name, pks):
    Tombstone.objects.filter(type=type_name, object_id__in=list(pks)).delete()


def _after_save(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    tracked = _tracked[sender]
    was_public = getattr(instance, "_api_was_public", False)
    now_public = _is_public(tracked, instance.pk)
    now = timezone.now()
    if was_public and not now_public:
        record(tracked.type, [instance.pk], tracked.agency_slug(instance), now)
        if tracked.cascade:
            tracked.cascade(instance, now, True)
    elif now_public:
        revive(tracked.type, [instance.pk])
        if not was_public and tracked.cascade:
            tracked.cascade(instance, now, False)


def _after_delete(sender, instance, **kwargs):
    tracked = _tracked[sender]
    if getattr(instance, "_api_was_public", False):
        now = timezone.now()
        try:
            slug = tracked.agency_slug(instance)
        except ObjectDoesNotExist:  # the agency itself is being deleted
            slug = ""
        record(tracked.type, [instance.pk], slug, now)
