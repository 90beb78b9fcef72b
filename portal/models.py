from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

PROVINCE_CACHE_KEY = "portal:province"


class Province(models.Model):
    """The one province this deployment serves (a single row)."""

    name = models.CharField(_("tên tỉnh"), max_length=150, default="Tỉnh Vĩnh Long")
    portal_name = models.CharField(_("tên cổng thông tin"), max_length=255,
                                   default="Cổng thông tin điện tử phục vụ điều hành")
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    responsible_name = models.CharField(_("người chịu trách nhiệm nội dung"), max_length=150, blank=True)
    responsible_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_sample_data = models.BooleanField(
        _("dữ liệu mẫu"), default=False,
        help_text=_("Bật khi cổng chứa dữ liệu mẫu để trình diễn: mọi trang sẽ ghi rõ “dữ liệu mẫu”."))

    class Meta:
        verbose_name = _("thông tin tỉnh")
        verbose_name_plural = _("thông tin tỉnh")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(PROVINCE_CACHE_KEY)

    @classmethod
    def current(cls) -> "Province":
        province = cache.get(PROVINCE_CACHE_KEY)
        if province is None:
            province = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(PROVINCE_CACHE_KEY, province, 3600)
        return province
