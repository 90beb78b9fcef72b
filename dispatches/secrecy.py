"""The one check that keeps classified documents out of the portal (Law 29/2018/QH14).

Every door calls ``refuse_classified`` (or ``is_classified``) before anything is stored: the admin
form (``forms.DispatchForm``), the file import, the push API and the pull sync (all through
``importers.clean_row``). A refused record leaves nothing behind — not its summary, not its number,
not a count — and reports name it only by row number or external id.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.text import fold


class Secrecy(models.TextChoices):
    ORDINARY = "thuong", _("Thường (không mật)")
    SECRET = "mat", _("Mật")
    TOP_SECRET = "toi_mat", _("Tối mật")
    MOST_SECRET = "tuyet_mat", _("Tuyệt mật")


CLASSIFIED = frozenset({Secrecy.SECRET, Secrecy.TOP_SECRET, Secrecy.MOST_SECRET})

# Folded words that mark a secrecy level in a free-text field (Priority, "Độ mật", ...).
_WORDS = re.compile(r"\b(mat|toi mat|tuyet mat|secret|top secret|confidential|classified)\b")

MESSAGE = _("Văn bản mật (Mật, Tối mật, Tuyệt mật) không được đưa lên cổng thông tin: "
            "không lưu trích yếu, số hiệu hay số lượng của văn bản này.")


def is_classified(value) -> bool:
    """Whether a secrecy or priority value names a classified level.

    Accepts the ``Secrecy`` values and free text as document systems send it ("Mật",
    "Khẩn, Tối mật", "TUYỆT MẬT", "secret"). Empty and ordinary values are not classified.
    """
    if value is None:
        return False
    text = str(value).strip()
    if not text:
        return False
    if text in CLASSIFIED:
        return True
    folded = fold(text).replace("_", " ")
    return bool(_WORDS.search(folded))


def refuse_classified(*values) -> None:
    """Raise ``ValidationError`` (code "classified") if any value names a classified level."""
    if any(is_classified(v) for v in values):
        raise ValidationError(MESSAGE, code="classified")
