"""Who may do what in which agency: the one place roles are turned into capabilities.

Capabilities: "view" (read in the admin), "edit" (create and edit drafts), "publish" (approve,
schedule, return, unpublish, edit published content) and "manage" (agency profile, memberships).
"""

from .models import Membership

Role = Membership.Role

CAPABILITIES = {
    Role.EDITOR: frozenset({"view", "edit"}),
    Role.APPROVER: frozenset({"view", "edit", "publish"}),
    Role.AGENCY_ADMIN: frozenset({"view", "edit", "manage"}),
}
REVIEW_PERMISSION = "agencies.review_all_agencies"


def is_reviewer(user) -> bool:
    """Provincial reviewers read every agency and edit nothing."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(REVIEW_PERMISSION))


def roles_by_agency(user) -> dict[int, str]:
    """``{agency_id: role}`` for the user's active agencies, read once per request."""
    if not (user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user, agency__is_active=True).values_list("agency_id", "role")
        )
        user._portal_roles = cached
    return cached


def _everywhere(user, capability: str) -> bool | None:
    """True: the user has ``capability`` in every agency (superusers; reviewers reading); False: in
    none (anonymous or inactive); None: the user's memberships answer."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or (capability == "view" and is_reviewer(user)):
        return True
    return None


def can(user, capability: str, agency_id: int | None) -> bool:
    everywhere = _everywhere(user, capability)
    if everywhere is not None:
        return everywhere
    role = roles_by_agency(user).get(agency_id)
    return role is not None and capability in CAPABILITIES[role]


def agency_ids(user, capability: str) -> set[int] | None:
    """Agencies where the user has ``capability``; None means every agency."""
    if user.is_superuser or (capability == "view" and is_reviewer(user)):
        return None
    return {aid for aid, role in roles_by_agency(user).items() if capability in CAPABILITIES[role]}


def can_anywhere(user, capability: str) -> bool:
    """Whether the user has ``capability`` in at least one agency (for add buttons and menus)."""
    everywhere = _everywhere(user, capability)
    if everywhere is not None:
        return everywhere
    return any(capability in CAPABILITIES[role] for role in roles_by_agency(user).values())


def may_grant(user, role: str) -> bool:
    """Whether ``user`` may give someone ``role``. Publishing rights are granted by the portal's
    administrators only: an agency admin who could create an approver account would publish through it."""
    capabilities = CAPABILITIES.get(role, frozenset())
    return bool(user.is_superuser or "publish" not in capabilities)


# --- the one write guard --------------------------------------------------------------------------
def agency_of(obj) -> int | None:
    """The agency a row belongs to (an Agency is its own)."""
    from .models import Agency

    return obj.pk if isinstance(obj, Agency) else getattr(obj, "agency_id", None)


def stored_state(obj) -> tuple[int | None, str | None]:
    """``(agency_id, status)`` of ``obj`` as the database holds it now, not as the object in hand says.

    A form bound to an old version (a history record, a stale tab, an import row) carries an old
    status; the decision is about the row that would be overwritten.
    """
    from portal.publishing import Publishable

    publishable = isinstance(obj, Publishable)
    in_hand = agency_of(obj), obj.status if publishable else None
    if obj.pk is None or obj._state.adding:
        return in_hand
    fields = [name for name, wanted in (("agency_id", hasattr(obj, "agency_id")), ("status", publishable)) if wanted]
    if not fields:
        return in_hand
    row = type(obj)._base_manager.filter(pk=obj.pk).values(*fields).first()
    if row is None:  # gone meanwhile: judge what is in hand
        return in_hand
    return row.get("agency_id", in_hand[0]), row.get("status")


def may_change(user, obj, capability: str = "edit", *, stored: bool = True) -> bool:
    """May ``user`` change (or delete) ``obj`` in its current state? The one write guard.

    Every admin path that writes a row asks this: change form, inlines, list edits, bulk actions,
    workflow buttons, imports, duplicates, amendments, deletes. The rule: the user holds
    ``capability`` (edit, or manage for agency-level things) in the row's agency, and pending or
    published (including scheduled) content changes only by those who may publish — an editor's
    change to it goes through the workflow (a new draft, then approval). ``stored=False`` judges the
    object as it is in hand (for rendering, where it was just read from the database).
    """
    from portal.publishing import EDITABLE_BY_EDITORS, Publishable

    if stored:
        agency_id, status = stored_state(obj)
    else:
        agency_id, status = agency_of(obj), obj.status if isinstance(obj, Publishable) else None
    if not can(user, capability, agency_id):
        return False
    if status is not None and status not in EDITABLE_BY_EDITORS:
        return can(user, "publish", agency_id)
    return True


def check_change(user, obj, capability: str = "edit") -> None:
    """``may_change`` or PermissionDenied, for write paths that have no form to show an error on."""
    from django.core.exceptions import PermissionDenied

    if not may_change(user, obj, capability):
        raise PermissionDenied


def may_revise(user, obj, *, stored: bool = True) -> bool:
    """May ``user`` propose a revision of ``obj`` (a published item), or read and compare one?

    Anyone who may edit in the row's agency: the revision goes through the workflow, and whether it
    may be saved, submitted, returned or published is ``may_change`` on the revision itself (a
    ``portal.models.Revision`` is Publishable: a pending one changes only by those who may publish).
    """
    agency_id = stored_state(obj)[0] if stored else agency_of(obj)
    return can(user, "edit", agency_id)


def check_revise(user, obj) -> None:
    from django.core.exceptions import PermissionDenied

    if not may_revise(user, obj):
        raise PermissionDenied
