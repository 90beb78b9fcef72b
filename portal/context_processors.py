from portal.models import Province
from portal.sections import all_sections


def portal(request):
    """What every public page needs: the province, the current agency and the section list."""
    agency = getattr(request, "agency", None)
    return {
        "province": Province.current(),
        "agency": agency,
        "sections": all_sections(),
    }
