from django.shortcuts import render
from django.utils import timezone

from portal.cache import cache_agency_page
from portal.sections import all_sections


@cache_agency_page
def agency_home(request):
    agency = request.agency
    now = timezone.now()
    blocks = []
    for section in all_sections():
        summary = section.summarize([agency.pk], now).get(agency.pk)
        extra = section.agency_block_context(agency) if section.agency_block_context else {}
        blocks.append({"section": section, "summary": summary, "extra": extra,
                       "url": agency.reverse(section.url_name)})
    return render(request, "agencies/agency_home.html", {"agency": agency, "blocks": blocks})
