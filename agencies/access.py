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


def can(user, capability: str, agency_id: int | None) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if capability == "view" and is_reviewer(user):
        return True
    role = roles_by_agency(user).get(agency_id)
    return role is not None and capability in CAPABILITIES[role]


def agency_ids(user, capability: str) -> set[int] | None:
    """Agencies where the user has ``capability``; None means every agency."""
    if user.is_superuser or (capability == "view" and is_reviewer(user)):
        return None
    return {aid for aid, role in roles_by_agency(user).items() if capability in CAPABILITIES[role]}


def can_anywhere(user, capability: str) -> bool:
    """Whether the user has ``capability`` in at least one agency (for add buttons and menus)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if capability == "view" and is_reviewer(user):
        return True
    return any(capability in CAPABILITIES[role] for role in roles_by_agency(user).values())
