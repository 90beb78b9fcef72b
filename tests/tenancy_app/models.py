"""A small tenant-owned model family used only by the foundation's tests (installed under pytest).

It exercises every scoping vector of the admin base: a foreign key to another tenant model, a
many-to-many, an inline and the publishing workflow.
"""

from django.db import models

from agencies.models import TenantModel, TenantPublishable
from portal.fields import FoldedTextField, RichTextField
from portal.uploads import DocumentField, PortalImageField


class Topic(TenantModel):
    name = models.CharField("tên", max_length=100)

    def __str__(self):
        return self.name


class Tag(TenantModel):
    name = models.CharField("tên", max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="tag_name_per_agency",
                                               violation_error_message="Cơ quan đã có nhãn này.")]

    def __str__(self):
        return self.name


class Note(TenantPublishable):
    title = models.CharField("tiêu đề", max_length=200)
    body = RichTextField("nội dung", blank=True)
    topic = models.ForeignKey(Topic, verbose_name="chủ đề", null=True, blank=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField(Tag, verbose_name="nhãn", blank=True)
    image = PortalImageField("ảnh", blank=True)
    search_text = FoldedTextField(sources=["title", "body"])

    def __str__(self):
        return self.title


class NoteFile(TenantModel):
    public_parent = "note"

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="files")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL)
    file = DocumentField("tệp", blank=True)
