from django import template
from django.utils import timezone

from agencies import access
from agencies.models import Agency

from ..models import InspectionNote
from ..review import review_agencies
from ..views import can_review_province

register = template.Library()


@register.simple_tag(takes_context=True)
def compliance_home(context):
    """What the admin home shows: the province summary for reviewers, the own checklist for staff."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    now = timezone.now()
    if can_review_province(user):
        review = review_agencies(Agency.objects.filter(is_active=True).order_by("order", "name"), now)
        return {"province": True, "review": review, "totals": review.section_totals(),
                "open_notes": InspectionNote.objects.open().count()}
    ids = list(access.roles_by_agency(user))
    if not ids:
        return None
    review = review_agencies(Agency.objects.filter(pk__in=ids).order_by("order", "name"), now)
    notes = list(InspectionNote.objects.open().filter(agency_id__in=ids).select_related("agency"))
    return {"province": False, "review": review, "notes": notes}
