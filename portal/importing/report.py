"""What one import did: the one report of every file import, push and sync."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class ImportReport:
    """Rows created, updated and left unchanged, or the errors for which nothing was written.

    ``conflict``: concurrent writers kept colliding on the same rows (the dispatch push API answers
    409). Feeds also count the entries they ``skipped`` (no figure) and the rows ``refused``.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    refused: int = 0
    errors: list = field(default_factory=list)
    conflict: bool = False

    @classmethod
    def from_totals(cls, totals, **kwargs):
        """The report of a django-import-export result's ``totals`` (new, update, skip)."""
        return cls(created=totals["new"], updated=totals["update"], unchanged=totals["skip"], **kwargs)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return _("Không lưu gì: %(count)d lỗi.") % {"count": len(self.errors)} + "\n" + "\n".join(
                str(e) for e in self.errors)
        return _("Thêm mới %(created)d, cập nhật %(updated)d, không đổi %(unchanged)d.") % {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged}
