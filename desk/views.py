"""The desk's own admin pages: open a notification, mark all as read, choose how to be e-mailed."""

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import links
from .models import Notification, Preference
from .notifications import forget_unread


def open_notification(request, pk):
    """Mark one of the user's notifications read and go to its item (someone else's: 404)."""
    notification = get_object_or_404(Notification.objects.select_related("event", "event__content_type"),
                                     pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
        forget_unread([request.user.pk])
    model = notification.event.content_type.model_class()
    if model is None:
        raise Http404
    return HttpResponseRedirect(links.admin_change_path(model, notification.event.object_id))


def mark_all_read(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread([request.user.pk])
    messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã xem.") % {"count": count})
    return HttpResponseRedirect(reverse("admin:index"))


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}
        help_texts = {"email": _("Thư tổng hợp được gửi mỗi sáng, gồm mọi việc chưa báo qua thư.")}
        error_messages = {"email": {"invalid_choice": _("Nhận thư thông báo: hãy chọn một trong các cách dưới đây."),
                                    "required": _("Nhận thư thông báo: hãy chọn một cách.")}}


def preferences(request):
    instance = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return HttpResponseRedirect(reverse("admin:index"))
    context = {**admin.site.each_context(request), "title": _("Cách nhận thông báo"), "form": form,
               "has_email": bool(request.user.email)}
    return TemplateResponse(request, "desk/preferences.html", context)
