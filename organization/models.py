"""Section 2 (Bộ máy tổ chức): an agency's units in a tree, its officials and the staff directory."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from agencies.models import TenantPublishable, TenantPublishableQuerySet
from portal.fields import FoldedTextField
from portal.publishing import Status
from portal.text import fold
from portal.uploads import PortalImageField

MAX_UNIT_DEPTH = 4  # "a few levels deep": agency → division → sub-unit → team


def move_unit(unit, direction: str, user=None, guard=None) -> bool:
    """Move ``unit`` one place "up" or "down" among its siblings; False when it cannot move."""
    with transaction.atomic():
        siblings = list(OrgUnit.objects.select_for_update()
                        .filter(agency_id=unit.agency_id, parent_id=unit.parent_id).order_by("order", "name", "pk"))
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == unit.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(siblings):
            return False
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings, 1):
            if sibling.order != position * 10:
                if guard is not None:
                    guard(sibling)  # raises before anything is saved (one transaction)
                sibling.order = position * 10
                if user is not None:
                    sibling.updated_by = sibling._history_user = user
                sibling.save(update_fields=["order", "updated_at", "updated_by"])  # history, cache, tree
    return True


class OrgUnitQuerySet(TenantPublishableQuerySet):
    def in_chart_order(self):
        return self.order_by("tree_path")


class OfficialQuerySet(TenantPublishableQuerySet):
    def public(self, now=None):
        """Published, shown publicly and in a published unit: the only officials public code reads."""
        from django.utils import timezone

        now = now or timezone.now()
        return self.published(now).filter(is_public=True, unit__status=Status.PUBLISHED,
                                          unit__published_at__lte=now)

    def in_chart_order(self):
        return self.order_by("unit__tree_path", "order", "full_name", "pk")


class OrgUnit(TenantPublishable):
    """A division or subordinate unit of an agency, in a tree (``parent``), ordered among siblings."""

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("Ban lãnh đạo")
        OFFICE = "office", _("Văn phòng")
        INSPECTORATE = "inspectorate", _("Thanh tra")
        DIVISION = "division", _("Phòng chuyên môn, nghiệp vụ")
        SUB_DEPARTMENT = "sub_department", _("Chi cục")
        SERVICE_UNIT = "service_unit", _("Đơn vị sự nghiệp công lập trực thuộc")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên đơn vị"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    parent = models.ForeignKey("self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children",
                               help_text=_("Để trống nếu đơn vị trực thuộc thẳng cơ quan."))
    order = models.PositiveIntegerField(_("thứ tự"), default=0, help_text=_(
        "Thứ tự giữa các đơn vị cùng cấp; dùng nút lên/xuống trong danh sách thay vì gõ số."))
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    duties = models.TextField(_("nhiệm vụ chính"), blank=True,
                              help_text=_("Tóm tắt ngắn chức năng, nhiệm vụ của đơn vị."))
    # Position in the agency's chart ("0001.0003.") and depth, kept by rebuild_tree(); never edited.
    tree_path = models.CharField(max_length=255, default="", editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    search_text = FoldedTextField(sources=["name", "name_en"])

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị trực thuộc")
        verbose_name_plural = _("đơn vị trực thuộc")
        ordering = ["agency", "tree_path"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="orgunit_name_unique_in_agency")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.pk and not self.order:
            siblings = OrgUnit.objects.filter(agency_id=self.agency_id, parent_id=self.parent_id)
            self.order = (siblings.aggregate(m=models.Max("order"))["m"] or 0) + 10
        super().save(*args, **kwargs)
        self.tree_path, self.depth = rebuild_tree(self.agency_id).get(self.pk, (self.tree_path, self.depth))

    def ancestors(self):
        """Parents up to the root, nearest first (stops on a cycle)."""
        seen, node = set(), self.parent
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            yield node
            node = node.parent

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Một đơn vị không thể trực thuộc chính nó.")})
        chain = list(self.parent.ancestors()) if self.parent else []
        if self.pk and any(node.pk == self.pk for node in chain):
            raise ValidationError({"parent": _(
                "Không thể đặt “%(parent)s” làm đơn vị cấp trên: nó đang trực thuộc “%(unit)s”."
            ) % {"parent": self.parent, "unit": self}})
        if len(chain) + 2 > MAX_UNIT_DEPTH:
            raise ValidationError({"parent": _("Cơ cấu tổ chức chỉ được tối đa %(n)d cấp.") % {"n": MAX_UNIT_DEPTH}})


def rebuild_tree(agency_id) -> dict:
    """Recompute ``tree_path`` and ``depth`` of every unit of an agency (a few dozen rows).

    Returns ``{pk: (tree_path, depth)}``."""
    units = list(OrgUnit.objects.filter(agency_id=agency_id).only("pk", "parent_id", "order", "name",
                                                                  "tree_path", "depth"))
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    changed, visited = [], set()

    def walk(parent_id, prefix, depth):
        for position, unit in enumerate(sorted(children.get(parent_id, []), key=lambda u: (u.order, u.name)), 1):
            if unit.pk in visited:
                continue
            visited.add(unit.pk)
            path = f"{prefix}{position:04d}."
            if (unit.tree_path, unit.depth) != (path, depth):
                unit.tree_path, unit.depth = path, depth
                changed.append(unit)
            walk(unit.pk, path, depth + 1)

    walk(None, "", 0)
    if changed:
        OrgUnit.objects.bulk_update(changed, ["tree_path", "depth"])
    return {unit.pk: (unit.tree_path, unit.depth) for unit in units}


# Headcount groups from the title (DOMAIN.md vocabulary); the unit kind tells a Giám đốc of the
# agency (leadership) from the Giám đốc of a subordinate centre (head of unit).
_AGENCY_LEADER_TITLES = ("chu tich", "pho chu tich")
_HEAD_WORDS = ("giam doc", "truong phong", "chanh van phong", "chanh thanh tra", "chi cuc truong",
               "truong ban", "truong tram", "truong khoa", "hieu truong", "vien truong", "chanh", "truong")
_SPECIALIST_WORDS = ("chuyen vien", "can su", "thanh tra vien", "ke toan", "ky su", "kiem soat vien",
                     "phap che", "van thu", "luu tru vien", "vien chuc")


def group_for_title(title: str, unit_kind: str | None = None) -> str:
    """The headcount group an official with ``title`` most likely belongs to."""
    folded = fold(title)
    deputy = folded.startswith("pho ")
    core = folded[4:] if deputy else folded
    if core.startswith(_AGENCY_LEADER_TITLES):
        return Official.Group.LEADERSHIP
    is_head_title = core.startswith(_HEAD_WORDS)
    if core.startswith(_SPECIALIST_WORDS):
        return Official.Group.SPECIALIST
    if is_head_title:
        if unit_kind == OrgUnit.Kind.LEADERSHIP:
            return Official.Group.LEADERSHIP
        return Official.Group.DEPUTY if deputy else Official.Group.HEAD
    return Official.Group.OTHER


# English titles for the English organization page; Official.title_en overrides.
TITLES_EN = {
    "giam doc": "Director", "pho giam doc": "Deputy Director",
    "chu tich": "Chairman", "pho chu tich": "Vice Chairman",
    "pho chu tich thuong truc": "Standing Vice Chairman",
    "chanh van phong": "Chief of Office", "pho chanh van phong": "Deputy Chief of Office",
    "chanh thanh tra": "Chief Inspector", "pho chanh thanh tra": "Deputy Chief Inspector",
    "truong phong": "Head of Division", "pho truong phong": "Deputy Head of Division",
    "chi cuc truong": "Head of Sub-department", "pho chi cuc truong": "Deputy Head of Sub-department",
    "chuyen vien cao cap": "Senior Principal Officer", "chuyen vien chinh": "Principal Officer",
    "chuyen vien": "Officer", "can su": "Clerk", "nhan vien": "Staff", "thanh tra vien": "Inspector",
    "ke toan": "Accountant", "van thu": "Records Clerk",
}


def title_in_english(title: str) -> str:
    return TITLES_EN.get(fold(title), title)


class Official(TenantPublishable):
    """A member of staff as the public directory shows them."""

    class Group(models.TextChoices):
        LEADERSHIP = "leadership", _("Lãnh đạo cơ quan")
        HEAD = "head", _("Cấp trưởng phòng, đơn vị")
        DEPUTY = "deputy", _("Cấp phó phòng, đơn vị")
        SPECIALIST = "specialist", _("Chuyên viên và tương đương")
        OTHER = "other", _("Khác")

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="officials")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức vụ"), max_length=150, help_text=_(
        "Ví dụ: Giám đốc, Phó Giám đốc, Chánh Văn phòng, Trưởng phòng, Chuyên viên chính."))
    title_en = models.CharField(_("chức vụ (tiếng Anh)"), max_length=150, blank=True,
                                help_text=_("Để trống để dùng bản dịch chuẩn của chức vụ."))
    group = models.CharField(_("nhóm"), max_length=12, choices=Group.choices, blank=True, help_text=_(
        "Dùng để thống kê số lượng; để trống thì tự xác định theo chức vụ."))
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    photo = PortalImageField(_("ảnh"), blank=True, max_side=480)  # a portrait, shown at 96 px
    order = models.PositiveIntegerField(_("thứ tự trong đơn vị"), default=0)
    is_public = models.BooleanField(_("hiện công khai"), default=True, help_text=_(
        "Bỏ chọn để không đưa người này lên danh bạ, bảng số lượng không đổi."))
    # The agency's contact officer lives here (one per agency) so agencies/ never depends on section 2.
    is_contact_officer = models.BooleanField(
        _("cán bộ đầu mối cung cấp thông tin"), default=False,
        help_text=_("Người tiếp nhận yêu cầu cung cấp thông tin (Nghị định 42/2022/NĐ-CP); mỗi cơ quan một người: "
                    "chọn người này thì người trước đó thôi là đầu mối."))
    search_text = FoldedTextField(sources=["full_name", "title", "email", "phone"])

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["agency", "unit__tree_path", "order", "full_name"]
        indexes = [models.Index(fields=["agency", "status", "is_public"], name="official_public_idx")]
        constraints = [models.UniqueConstraint(fields=["agency"], condition=models.Q(is_contact_officer=True),
                                               name="one_contact_officer_per_agency")]

    def __str__(self):
        return f"{self.full_name} — {self.title}"

    def validate_constraints(self, exclude=None):
        # Naming a new contact officer is allowed: save() relieves the previous one in the same transaction.
        if self.is_contact_officer:
            exclude = {*(exclude or ()), "is_contact_officer"}
        super().validate_constraints(exclude)

    def save(self, *args, **kwargs):
        if not self.group:
            self.group = group_for_title(self.title, getattr(self.unit, "kind", None) if self.unit_id else None)
        with transaction.atomic():
            if self.is_contact_officer and self.agency_id:
                # One contact officer per agency: naming a new one relieves the previous one (with history).
                for previous in (Official.objects.select_for_update()
                                 .filter(agency_id=self.agency_id, is_contact_officer=True).exclude(pk=self.pk)):
                    previous.is_contact_officer = False
                    previous.save(update_fields=["is_contact_officer", "updated_at"])
            super().save(*args, **kwargs)

    @property
    def english_title(self) -> str:
        return self.title_en or title_in_english(self.title)

