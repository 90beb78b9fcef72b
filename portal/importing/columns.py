"""Column checks shared by every import: unknown and duplicate columns are refused, naming them.

A column the importer does not know is never silently ignored (it may carry what the portal must
refuse, e.g. a secrecy level under a heading nobody expected), and two headings that mean the same
field are refused rather than letting the first non-empty one win. Secrecy headings ("Độ mật",
"Secrecy", …) are always accepted: the classified check reads them on every row.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal import classified

from .cells import text

SECRECY = "__secrecy__"


def column_problems(headers, column_for) -> list[str]:
    """Vietnamese messages for the unknown and duplicate headings (empty when all is well).

    ``column_for(heading)`` gives the field a heading means, or None when it means nothing.
    """
    unknown, by_field = [], {}
    for heading in headers:
        name = text(heading)
        if not name:
            continue
        field = SECRECY if classified.is_marking_header(name) else column_for(name)
        if field is None:
            unknown.append(name)
        elif field != SECRECY:
            by_field.setdefault(field, []).append(name)
    problems = []
    if unknown:
        problems.append(_("Tệp có cột không dùng được: %(columns)s. Hãy xóa các cột này hoặc dùng đúng tiêu đề "
                          "cột như tệp mẫu; không có gì được lưu.") % {
            "columns": ", ".join(f"“{c[:60]}”" for c in unknown[:20])})
    for names in by_field.values():
        if len(names) > 1:
            problems.append(_("Các cột %(columns)s cùng chỉ một nội dung; hãy giữ một cột. Không có gì được "
                              "lưu.") % {"columns": ", ".join(f"“{c[:60]}”" for c in names)})
    return problems


def check_columns(headers, column_for) -> None:
    problems = column_problems(headers, column_for)
    if problems:
        raise ValidationError(problems, code="columns")
