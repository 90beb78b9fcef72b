"""The one classified check: classified records (Mật, Tối mật, Tuyệt mật — Law 29/2018/QH14) are
never stored. Every door calls it before anything is written: admin forms, the import framework
(``portal.importing``, for every row), the push API and both syncs.

Two kinds of text are judged differently, because they mean different things:

**A marking field** (a column or key whose job is the secrecy level: "Độ mật", "Mức độ mật",
"Secrecy", "SecurityLevel", "DoMat", ... — see ``is_marking_header``). Read strictly, and *fail
closed*: a value is either known to be ordinary or refused.

- ordinary: empty, ``0``/``00``, ``False``, "Thường", "Bình thường", "Không", "Không mật",
  "Công khai", "Normal", "None", "-";
- classified: the three words in any case, with or without diacritics, precomposed (NFC) or
  decomposed (NFD), with any spacing or punctuation ("TỐI-MẬT", "tuyet_mat", "Tối  mật.");
  abbreviations M / TM / TUM (also "TuM", "TMat"); numeric codes 1 / 2 / 3 (the order used by
  document-management systems: 1 Mật, 2 Tối mật, 3 Tuyệt mật; "01"… and 1.0 from a spreadsheet);
  the stamp letters C / B / A of the old secrecy stamps (C Mật, B Tối mật, A Tuyệt mật); English
  "secret", "top secret", "confidential", "classified"; ``True`` (a "secret: true" flag);
- anything else (a value the portal cannot read, a number like 7, a list) is refused too: a
  secrecy field the portal cannot understand is not taken as "ordinary".

**A priority field** (urgency, often combined: "Độ khẩn", "Độ khẩn, mật", "Priority"). Its own
values (Thường, Khẩn, Thượng khẩn, Hỏa tốc, and the urgency codes 0–4) are not secrecy; the field is
split at commas, semicolons, slashes and "và" / "+", and refused when any part is a secrecy word
or abbreviation: "Khẩn, Mật", "Hỏa tốc - Tối mật", "Mật".

**Free text** (titles, summaries, any other cell). Vietnamese uses "mật" in ordinary words — "mật độ
dân số" (density), "mật ong" (honey), "bí mật kinh doanh" (trade secret), "bảo mật" (security),
"mật khẩu" (password), "thân mật" — so the bare word is not refused. What is refused is a *stamp*:

- the whole text is a marking: "MẬT", "(Mật)", "[TỐI MẬT]", "Tuyệt mật.";
- "Tối mật" or "Tuyệt mật" anywhere (these words have no ordinary meaning);
- a level in brackets anywhere: "Báo cáo (Mật) quý III", "«Mật»";
- a label with a level: "Độ mật: Mật", "Mức độ mật - M", "Độ khẩn, mật: Khẩn, Mật";
- a level opening the text: "Mật - Kế hoạch …", "MẬT: …", "Mật Báo cáo …";
- a document noun followed by the level, anywhere: "Báo cáo Mật …", "Tài liệu mật về …",
  "Công văn MẬT số 12", "Kế hoạch mật" (so a dispatch *about* the handling of classified papers
  is written "bảo vệ bí mật nhà nước", which passes, rather than "quản lý văn bản mật");
- "MẬT" written in capitals inside a mixed-case text ("Thông báo kết quả MẬT").

In the last three rules a level followed by a word that makes an ordinary compound ("mật độ",
"mật ong", "mật khẩu", "mật mã", "mật thiết", …) or preceded by one ("bí mật", "bảo mật",
"thân mật", "túi mật", …) is not a stamp: "Báo cáo mật độ dân số" passes. Free text is read with
its diacritics (after NFC and case folding): "mat", "mắt", "mặt", "mất" are other words.

Refusal messages never echo the classified value: callers name the row by number or external id.
"""

import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.text import fold

MESSAGE = _("Văn bản mật (Mật, Tối mật, Tuyệt mật) không được đưa lên cổng thông tin: "
            "không lưu trích yếu, số hiệu hay số lượng của văn bản này.")
UNKNOWN_MESSAGE = _("Không rõ độ mật: cột độ mật chỉ nhận để trống, “Thường” hoặc “0”. "
                    "Văn bản mật (Mật, Tối mật, Tuyệt mật) không được đưa lên cổng thông tin.")

SECRET, TOP_SECRET, MOST_SECRET = "mat", "toi_mat", "tuyet_mat"
LEVELS = (SECRET, TOP_SECRET, MOST_SECRET)

# Marking-field values, folded (no diacritics, lower case, punctuation → one space).
_ORDINARY = {"", "0", "00", "000", "false", "thuong", "binh thuong", "khong", "khong mat", "khong co",
             "cong khai", "normal", "none", "ordinary", "public", "unclassified", "n a", "na", "no"}
_LEVEL_WORDS = {
    "mat": SECRET, "m": SECRET, "1": SECRET, "c": SECRET, "secret": SECRET, "confidential": SECRET,
    "classified": SECRET, "do mat": SECRET, "co mat": SECRET,
    "toi mat": TOP_SECRET, "toimat": TOP_SECRET, "tm": TOP_SECRET, "tmat": TOP_SECRET, "2": TOP_SECRET,
    "b": TOP_SECRET, "top secret": TOP_SECRET,
    "tuyet mat": MOST_SECRET, "tuyetmat": MOST_SECRET, "tum": MOST_SECRET, "tuym": MOST_SECRET,
    "3": MOST_SECRET, "a": MOST_SECRET, "most secret": MOST_SECRET,
}
# In a priority (urgency) field the letters and digits are urgency codes, not secrecy.
_PRIORITY_LEVEL_WORDS = {word: level for word, level in _LEVEL_WORDS.items()
                         if not (len(word) == 1 and word not in {"m"}) and word not in {"do mat", "co mat"}}

# Headings/keys whose job is the secrecy level (folded, spaces removed).
_MARKING_HEADERS = {"domat", "mucdomat", "domatvanban", "mucmat", "secrecy", "securitylevel", "security",
                    "classification", "secret", "confidentiality", "domat1", "capdomat", "baomat",
                    "mucdobaomat", "dobaomat", "phanloaimat"}
_PRIORITY_HEADERS = {"dokhanmat", "dokhan", "mucdokhan", "priority", "urgency", "dokhanvamat"}


def _folded(value) -> str:
    """Folded text with punctuation as single spaces: "TỐI-MẬT." → "toi mat"."""
    text = unicodedata.normalize("NFC", str(value))
    return re.sub(r"[\W_]+", " ", fold(text)).strip()


def _header_key(header) -> str:
    return re.sub(r"[\W_]+", "", fold(unicodedata.normalize("NFC", str(header or ""))))


def is_marking_header(header) -> bool:
    """Whether a column heading / JSON key holds a secrecy level ("Độ mật", "Secrecy", "DoMat")."""
    return _header_key(header) in _MARKING_HEADERS


def is_priority_header(header) -> bool:
    """Whether a heading holds the urgency, possibly combined with the secrecy ("Độ khẩn, mật")."""
    return _header_key(header) in _PRIORITY_HEADERS


def _number(value):
    """A number given as a number (1, 2.0, Decimal) → its int, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)) or (isinstance(value, float) and value == value):
        return int(value) if value == int(value) else value
    return None


def marking_level(value) -> str | None:
    """The level a *marking field* value names; None for an ordinary value.

    Raises ``ValidationError`` (UNKNOWN_MESSAGE, code "classified") for a value it cannot read:
    a secrecy field is never guessed to be ordinary.
    """
    if value is None or value is False:
        return None
    if value is True:
        return SECRET
    number = _number(value)
    if number is not None:
        value = str(number)
    if not isinstance(value, str):
        raise ValidationError(UNKNOWN_MESSAGE, code="classified")
    folded = _folded(value)
    if folded in _ORDINARY or re.fullmatch(r"0+", folded):
        return None
    key = folded.lstrip("0") if re.fullmatch(r"0*[123]", folded) else folded
    if key in _LEVEL_WORDS:
        return _LEVEL_WORDS[key]
    # "Mật (M)", "Tối mật - TM", "Khẩn, Mật": any part a level word.
    for part in re.split(r"\s*(?:,|;|/|\+|\bva\b|-|\(|\))\s*", str(value)):
        level = _LEVEL_WORDS.get(_folded(part))
        if level:
            return level
    level = free_text_level(value)
    if level:
        return level
    raise ValidationError(UNKNOWN_MESSAGE, code="classified")


def priority_level(value) -> str | None:
    """The secrecy level hidden in a *priority* field ("Khẩn, Mật"); None for urgency alone."""
    if value is None or isinstance(value, bool) or _number(value) is not None:
        return None
    text = unicodedata.normalize("NFC", str(value))
    parts = re.split(r"[,;/+|.:]|\s-\s|\s–\s|\bvà\b|\band\b|\(|\)", text, flags=re.IGNORECASE)
    for part in [text, *parts]:
        level = _PRIORITY_LEVEL_WORDS.get(_folded(part))
        if level:
            return level
    # "Độ khẩn: Khẩn; Độ mật: Mật" and stamps inside the field.
    return free_text_level(text)


# --- free text --------------------------------------------------------------------------------
_LEVEL = r"(tuyệt\s+mật|tối\s+mật|mật)"
_OPEN, _CLOSE = r"[\(\[\{«<“\"']", r"[\)\]\}»>”\"']"
# Words that, right after "mật", make an ordinary compound ("mật độ", "mật ong", ...).
_AFTER = ("độ", "ong", "khẩu", "mã", "thiết", "mía", "gấu", "ngọt", "vụ", "thám", "rỉ", "đắng", "cá", "heo",
          "bò", "trâu", "nhân")
# Words that, right before "mật", make one ("bí mật", "bảo mật", "thân mật", ...).
_BEFORE = ("bí", "bảo", "thân", "túi", "sỏi", "đường", "ngọt", "đắng", "nghiêm", "nhỏ", "ong", "lấy", "như")
_DOCUMENT_NOUNS = ("báo cáo", "tài liệu", "văn bản", "công văn", "quyết định", "kế hoạch", "thông báo",
                   "tờ trình", "hồ sơ", "chỉ thị", "nghị quyết", "biên bản", "công điện", "điện", "thông tin",
                   "số liệu", "dự thảo", "đề án", "phương án", "chương trình", "hướng dẫn", "thư", "mệnh lệnh",
                   "chỉ lệnh", "bản đồ", "tin")
_AFTER_RE = "|".join(map(re.escape, _AFTER))
_BEFORE_RE = "|".join(map(re.escape, _BEFORE))
_NOT_COMPOUND_AFTER = rf"(?!\s+(?:{_AFTER_RE})(?!\w))"

_WHOLE = re.compile(rf"^\W*{_LEVEL}\W*$")
_STRONG = re.compile(r"(?<!\w)(tuyệt\s+mật|tối\s+mật)(?!\w)")
_BRACKETED = re.compile(rf"{_OPEN}\s*{_LEVEL}\s*{_CLOSE}")
_LABEL = re.compile(r"(?<!\w)(?:mức\s+)?độ\s+(?P<urgency>khẩn\s*(?:,|/|và)?\s*)?(?:bảo\s+)?mật\s*[:=\-–]\s*"
                    r"(?P<value>[^\n;|]{0,40})")
_OPENING = re.compile(rf"^\W*{_LEVEL}(?!\w){_NOT_COMPOUND_AFTER}")
_AFTER_NOUN = re.compile(
    rf"(?<!\w)(?:{'|'.join(map(re.escape, _DOCUMENT_NOUNS))})\s+{_LEVEL}(?!\w){_NOT_COMPOUND_AFTER}")
_CAPITALS = re.compile(r"(?<!\w)(TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)(?!\w)")


def _normal(text: str) -> str:
    """NFC, case-folded (keeping diacritics), spaces squeezed: "MẬT" (NFD) → "mật"."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _preceded_by_compound(text: str, start: int) -> bool:
    before = text[:start].rstrip().rsplit(" ", 1)[-1] if text[:start].strip() else ""
    return re.sub(r"\W", "", before) in _BEFORE


def _level_of(words: str) -> str:
    words = _normal(words)
    return MOST_SECRET if words.startswith("tuyệt") else TOP_SECRET if words.startswith("tối") else SECRET


def free_text_level(value) -> str | None:
    """The level a secrecy *stamp* in free text names (a title, a summary); None for ordinary text."""
    if value is None or not isinstance(value, str) or not value.strip():
        return None
    original = re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    text = original.lower()
    match = _WHOLE.match(text) or _STRONG.search(text) or _BRACKETED.search(text)
    if match:
        return _level_of(match.group(1))
    for label in _LABEL.finditer(text):
        # "Độ mật: X" is read like a secrecy field (fail closed: "Độ mật: cao" is refused too);
        # "Độ khẩn, mật: X" like a priority field.
        value = label.group("value")
        if label.group("urgency"):
            level = priority_level(value)
        else:
            try:
                level = marking_level(re.split(r"[.,(]", value, maxsplit=1)[0].strip())
            except ValidationError:
                level = SECRET
        if level:
            return level
    match = _OPENING.match(text)
    if match:
        return _level_of(match.group(1))
    for match in _AFTER_NOUN.finditer(text):
        return _level_of(match.group(1))
    letters = [ch for ch in original if ch.isalpha()]
    mostly_capitals = letters and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)
    if not mostly_capitals:
        for match in _CAPITALS.finditer(original):
            after = text[match.end():]
            if re.match(rf"\s+(?:{_AFTER_RE})(?!\w)", after) or _preceded_by_compound(text, match.start()):
                continue
            return _level_of(match.group(1))
    return None


# --- what the doors call -------------------------------------------------------------------------
def is_classified(value, kind: str = "text") -> bool:
    """Whether ``value`` marks a classified record; ``kind`` is "marking", "priority" or "text".

    An unreadable marking-field value counts as classified (fail closed).
    """
    try:
        return bool(level_of(value, kind))
    except ValidationError:
        return True


def level_of(value, kind: str = "text") -> str | None:
    if kind == "marking":
        return marking_level(value)
    if kind == "priority":
        return priority_level(value)
    return free_text_level(value) if isinstance(value, str) else None


def kind_of_header(header) -> str:
    if is_marking_header(header):
        return "marking"
    if is_priority_header(header):
        return "priority"
    return "text"


def refuse(*, marking=(), priority=(), text=()) -> None:
    """Raise ``ValidationError`` (code "classified", a message naming nothing) if any value is marked."""
    for kind, values in (("marking", marking), ("priority", priority), ("text", text)):
        for value in values:
            try:
                level = level_of(value, kind)
            except ValidationError:
                raise ValidationError(UNKNOWN_MESSAGE, code="classified") from None
            if level:
                raise ValidationError(MESSAGE, code="classified")


def refuse_row(row: dict) -> None:
    """Check every cell of one row: marking columns strictly, priority columns for a hidden level,
    every other text cell for a stamp. Raises ``ValidationError`` naming nothing of the row."""
    marking, priority, text = [], [], []
    for header, value in row.items():
        kind = kind_of_header(header)
        (marking if kind == "marking" else priority if kind == "priority" else text).append(value)
    refuse(marking=marking, priority=priority, text=[v for v in text if isinstance(v, str)])


def refuse_fields(obj_or_data, names) -> dict:
    """For admin forms: ``{field: MESSAGE}`` for the named text fields that carry a stamp."""
    errors = {}
    for name in names:
        value = obj_or_data.get(name) if isinstance(obj_or_data, dict) else getattr(obj_or_data, name, None)
        if isinstance(value, str) and free_text_level(value):
            errors[name] = MESSAGE
    return errors


class ClassifiedFormMixin:
    """For admin ModelForms of records that can carry a marking (dispatch, KTXH report, legal document).

    ``classified_marking_fields`` are read strictly (a secrecy level asked for), ``classified_text_fields``
    for a stamp. A refusal says the one message and echoes nothing back: the typed values are removed
    from the re-displayed form, so the classified text is not sent back, stored or logged.
    """

    classified_marking_fields = ()
    classified_text_fields = ()

    def clean(self):
        cleaned = super().clean()
        data = {name: self.data.get(self.add_prefix(name)) for name in self.fields}
        try:
            refuse(marking=[data.get(name) for name in self.classified_marking_fields],
                   text=[data.get(name) for name in self.classified_text_fields if isinstance(data.get(name), str)])
        except ValidationError:
            self._errors = {}
            self.data = self.data.copy()
            for name, value in data.items():
                if isinstance(value, str):
                    self.data[self.add_prefix(name)] = ""
            raise ValidationError(MESSAGE, code="classified") from None
        return cleaned
