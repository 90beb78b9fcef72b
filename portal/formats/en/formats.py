# The English interface keeps the Vietnamese date and number conventions of the data it shows.
from portal.formats.vi.formats import *  # noqa: F403
