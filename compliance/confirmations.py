""""Still current": an approver confirms that a static section is unchanged and still true.

One write path, called by the button on the agency's checklist and by the admin (add form and the
"confirm again" action): the write guard first (capability "publish", the approver's), then the
model's validation (a static section with published content), then one row added.
"""

from django.db import transaction
from django.utils import timezone

from agencies import access

from .models import Confirmation


def confirm_current(user, agency, section_key: str, note: str = "", now=None) -> Confirmation:
    """Record that ``user`` confirmed ``section_key`` of ``agency`` still current.

    Raises PermissionDenied when the user may not (not an approver of the agency), ValidationError
    with a Vietnamese message when the section cannot be confirmed (not static, nothing published).
    """
    confirmation = Confirmation(agency=agency, section_key=section_key, note=(note or "").strip(),
                                confirmed_at=now or timezone.now(), confirmed_by=user,
                                created_by=user, updated_by=user)
    access.check_change(user, confirmation, "publish")
    confirmation.full_clean()
    with transaction.atomic():
        confirmation.save()
    return confirmation
