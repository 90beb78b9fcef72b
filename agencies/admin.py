from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from . import access
from .models import Agency, Membership
from .tenant_admin import TenantAdmin

SUPERUSER_ONLY_FIELDS = ("slug", "kind", "parent", "host", "joined_on", "is_active", "order")


@admin.register(Agency)
class AgencyAdmin(TenantAdmin):
    edit_capability = "manage"
    list_display = ("name", "short_name", "kind", "joined_on", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("short_name",)}
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "parent", "logo")}),
        (_("Liên hệ"), {"fields": ("address", "phone", "fax", "email", "name_en", "address_en")}),
        (_("Người chịu trách nhiệm nội dung (hiện ở chân trang)"),
         {"fields": ("responsible_name", "responsible_title")}),
        (_("Trên cổng thông tin"), {"fields": ("host", "joined_on", "is_active", "order")}),
    )

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return SUPERUSER_ONLY_FIELDS

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class MembershipForm(forms.ModelForm):
    """Agency admins add people by user name: an unknown name creates the account.

    Accounts belong to their agencies: an existing account can be added only when every agency it
    is a member of is one the requesting user manages, and its identity (name, e-mail, password)
    is never changed here — only a new account takes the values typed. Superusers may do both.
    """

    request_user = None  # set by MembershipAdmin.get_form

    username = forms.CharField(label=_("tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("họ và tên"), max_length=150, required=False)
    email = forms.EmailField(label=_("thư điện tử"), required=False)
    password = forms.CharField(label=_("mật khẩu ban đầu"), required=False, widget=forms.PasswordInput,
                               help_text=_("Chỉ cần khi tạo tài khoản mới; người dùng đổi lại sau khi đăng nhập."))

    class Meta:
        model = Membership
        fields = ("agency", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            user = self.instance.user
            self.fields["username"].initial = user.username
            self.fields["username"].disabled = True
            self.fields["full_name"].initial = user.get_full_name()
            self.fields["email"].initial = user.email
            if not self._superuser:
                for name in ("full_name", "email", "password"):
                    self.fields[name].disabled = True

    @property
    def _superuser(self):
        return bool(self.request_user is not None and self.request_user.is_superuser)

    def _identity_changes(self, user):
        """The identity fields typed for an existing account that differ from what it holds."""
        changes = []
        if self.cleaned_data.get("full_name") and self.cleaned_data["full_name"] != user.first_name:
            changes.append("full_name")
        if self.cleaned_data.get("email") and self.cleaned_data["email"].lower() != user.email.lower():
            changes.append("email")
        if self.cleaned_data.get("password"):
            changes.append("password")
        return changes

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if (role and self.request_user is not None and "role" in self.changed_data
                and not access.may_grant(self.request_user, role)):
            self.add_error("role", _("Chỉ quản trị cổng thông tin mới giao vai trò “%(role)s” (quyền xuất bản).") % {
                "role": Membership.Role(role).label})
        if self.instance.pk:
            return cleaned
        User = get_user_model()
        username = cleaned.get("username")
        user = User.objects.filter(username=username).first()
        if user is not None and (user.is_superuser or access.is_reviewer(user)):
            self.add_error("username", _("Không thể gán tài khoản này vào cơ quan."))
        elif user is None and not cleaned.get("password"):
            self.add_error("password", _("Tài khoản “%(name)s” chưa có: hãy nhập mật khẩu ban đầu.") % {
                "name": username})
        elif user is not None and Membership.objects.filter(user=user, agency=cleaned.get("agency")).exists():
            self.add_error("username", _("Tài khoản này đã là thành viên của cơ quan."))
        elif user is not None and not self._superuser:
            managed = access.agency_ids(self.request_user, "manage") if self.request_user is not None else set()
            elsewhere = set(user.memberships.values_list("agency_id", flat=True))
            if managed is not None and not elsewhere <= managed:
                self.add_error("username", _(
                    "Tài khoản “%(name)s” thuộc cơ quan khác: không thể thêm vào cơ quan này. Hãy tạo tài khoản "
                    "mới hoặc đề nghị quản trị cổng thông tin.") % {"name": username})
            for name in self._identity_changes(user):
                self.add_error(name, _(
                    "Tài khoản “%(name)s” đã có: không thể đổi họ tên, thư điện tử hay mật khẩu của tài khoản "
                    "khác ở đây.") % {"name": username})
        return cleaned

    def save(self, commit=True):
        User = get_user_model()
        new_account = False
        if not self.instance.pk:
            user = User.objects.filter(username=self.cleaned_data["username"]).first()
            if user is None:
                new_account = True
                user = User(username=self.cleaned_data["username"], is_staff=True)
                user.set_password(self.cleaned_data["password"])
            self.instance.user = user
        user = self.instance.user
        user.is_staff = True
        if new_account or self._superuser:  # an existing account's identity is its own
            if self.cleaned_data.get("full_name"):
                user.first_name = self.cleaned_data["full_name"]
            if self.cleaned_data.get("email"):
                user.email = self.cleaned_data["email"]
        user.save()
        self.instance.user = user
        return super().save(commit)


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    edit_capability = "manage"
    form = MembershipForm
    list_display = ("user", "user_full_name", "agency", "role")
    list_filter = ("agency", "role")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = ("agency", "username", "full_name", "email", "password", "role")
    history_list_display = ["role"]  # who changed whose role, when: the history page of each membership

    @admin.display(description=_("họ và tên"))
    def user_full_name(self, obj):
        return obj.user.get_full_name()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def has_change_permission(self, request, obj=None):
        # Nobody changes their own role (an agency admin would make themselves an approver).
        if obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if obj.user_id == request.user.pk and not request.user.is_superuser:
            raise PermissionDenied
        if "role" in form.changed_data and not access.may_grant(request.user, obj.role):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "agency")
