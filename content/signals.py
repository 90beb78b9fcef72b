"""Every agency gets the default news categories when it is created."""

from django.db.models.signals import post_save

from agencies.models import Agency


def agency_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .models import ensure_default_categories

        ensure_default_categories(instance)


def connect():
    post_save.connect(agency_created, sender=Agency, dispatch_uid="content_default_categories")
