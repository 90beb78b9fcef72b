"""What the desk keeps: each workflow step that someone must hear about, who must hear it, and how.

``WorkflowEvent`` is one submission, return or publication (it also answers "who submitted this?",
the author a return or a publication is reported to); the history of the item itself stays in
simple_history. ``Notification`` is one recipient's copy, read or not, e-mailed or not.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency


class WorkflowEvent(models.Model):
    class Kind(models.TextChoices):
        # Labels as the recipient reads them in the list of notifications.
        SUBMITTED = "submit", _("Chờ duyệt")
        RETURNED = "return", _("Bị trả lại")
        PUBLISHED = "publish", _("Đã xuất bản")

    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("việc"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True,
                              on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("tiêu đề"), max_length=300)
    note = models.TextField(_("ý kiến"), blank=True)
    scheduled_for = models.DateTimeField(_("hẹn giờ xuất bản"), null=True, blank=True)
    public_url = models.CharField(_("trang công khai"), max_length=500, blank=True)
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("bước duyệt")
        verbose_name_plural = _("bước duyệt")
        indexes = [models.Index(fields=["content_type", "object_id", "kind", "at"], name="desk_event_object")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                                  related_name="desk_notifications")
    event = models.ForeignKey(WorkflowEvent, on_delete=models.CASCADE, related_name="notifications")
    read_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["recipient", "read_at"], name="desk_notification_unread")]

    def __str__(self):
        return str(self.event)


class Preference(models.Model):
    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Gửi thư ngay khi có việc")
        DAILY = "daily", _("Gom thành một thư mỗi ngày")
        OFF = "off", _("Không gửi thư, chỉ báo trong trang quản trị")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_preference")
    email = models.CharField(_("nhận thư thông báo"), max_length=10, choices=Email.choices, default=Email.IMMEDIATE)

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")

    def __str__(self):
        return f"{self.user}: {self.get_email_display()}"

    @classmethod
    def mode_for(cls, user) -> str:
        pref = cls.objects.filter(user=user).values_list("email", flat=True).first()
        return pref or cls.Email.IMMEDIATE
