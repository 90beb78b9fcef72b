"""Factories that read like the domain; section apps add theirs in tests/<app>/factories.py."""

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from agencies.models import Agency, Membership

PASSWORD = "matkhau-thu-123"  # every factory user's password (sign-in tests type it)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm số {n}")
    short_name = factory.Sequence(lambda n: f"Sở TN {n}")
    slug = factory.Sequence(lambda n: f"so-thu-nghiem-{n}")
    kind = Agency.Kind.DEPARTMENT
    joined_on = date(2026, 1, 5)
    address = "1 đường Thử nghiệm, tỉnh Vĩnh Long"
    phone = "0270 3800 000"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@example.invalid")
    responsible_name = "Nguyễn Văn Thử"
    responsible_title = "Giám đốc Sở"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    first_name = "Người dùng"
    is_staff = True
    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


def member(agency, role, username=None):
    """A staff user holding ``role`` ("editor", "approver", "agency_admin") in ``agency``."""
    user = UserFactory(username=username or f"{agency.slug}-{role}")
    Membership.objects.get_or_create(user=user, agency=agency, defaults={"role": role})
    return user


def reviewer(username="kiemtra"):
    user = UserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="review_all_agencies"))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache
