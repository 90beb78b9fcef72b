"""Model fields shared by every section: sanitized rich text and folded search text."""

from django.db import models
from django_ckeditor_5.fields import CKEditor5Field

from .sanitize import sanitize_html
from .text import fold, fold_html


class RichTextField(CKEditor5Field):
    """CKEditor 5 in the admin; sanitized with the allow-list whenever it reaches the database.

    Sanitizing in ``pre_save`` covers save() and bulk_create(); ``get_prep_value`` also covers
    queryset.update(). So admin forms, imports, the API and the shell all store clean HTML.
    """

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return sanitize_html(value) if isinstance(value, str) else value


class FoldedTextField(models.TextField):
    """Diacritic-folded copy of other fields, recomputed on every save, for searching.

    ``FoldedTextField(sources=["title", "summary", "body"])``; HTML in a source is stripped.
    On PostgreSQL a trigram index makes ``search_text__contains`` an index scan
    (portal.migration_operations.TrigramIndex).
    """

    def __init__(self, *args, sources=(), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        for key in ("editable", "blank", "default"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        parts = []
        for source in self.sources:
            value = getattr(model_instance, source, "")
            if callable(value):
                value = value()
            value = "" if value is None else str(value)
            parts.append(fold_html(value) if "<" in value else fold(value))
        value = " ".join(p for p in parts if p)
        setattr(model_instance, self.attname, value)
        return value
