"""What both procedure resources share beyond the foundation's base: the agency's fields (lĩnh vực)."""

from agencies.importing import TenantResource
from portal.text import fold

from ..models import Sector


class SectorResource(TenantResource):
    """A resource of one agency that reads its fields once per import and may create one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sectors = None

    def dehydrate_sector_code(self, obj):
        return obj.sector.code if obj.sector_id else ""

    # sectors, loaded once per import
    def _sector_maps(self):
        if self._sectors is None:
            sectors = list(Sector.objects.filter(agency=self.agency)) if self.agency else []
            self._sectors = ({fold(s.code): s for s in sectors}, {fold(s.name): s for s in sectors})
        return self._sectors

    def find_sector(self, code, name):
        by_code, by_name = self._sector_maps()
        return by_code.get(fold(code)) if code else by_name.get(fold(name))

    def create_sector(self, code, name):
        sector = Sector(agency=self.agency, code=code[:30], name=name[:255])
        sector.full_clean()
        sector.save()
        by_code, by_name = self._sector_maps()
        by_code[fold(code)], by_name[fold(name)] = sector, sector
        return sector
