"""The one document-type vocabulary: legal normative types (Law 80/2015) and the administrative types
of Decree 30/2020, with their Vietnamese names, the abbreviation a symbol carries ("12/QĐ-UBND") and
their group. Procedures (legal documents cited) and dispatches (the register) both store these keys.

``parse("QĐ")``, ``parse("qd")``, ``parse("Quyết định")``, ``parse("quyet dinh")`` → ``"quyet-dinh"``;
with ``issuer="UBND tỉnh"`` a "Quyết định" is the legal normative ``"quyet-dinh-ubnd"``.
``from_notation("QĐ-UBND")`` → ``"quyet-dinh"``; Công văn carries no abbreviation.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.text import fold

LEGAL, ADMINISTRATIVE = "quy-pham", "hanh-chinh"
GROUP_NAMES = {LEGAL: _("Văn bản quy phạm pháp luật"), ADMINISTRATIVE: _("Văn bản hành chính")}


@dataclass(frozen=True)
class DocType:
    key: str
    member: str  # the name of the DocumentType choice (DocumentType.QUYET_DINH)
    name: object  # lazy Vietnamese name
    abbreviation: str  # in the symbol; "" when the type has none (Công văn, Luật)
    group: str
    short_name: object = None  # the name a document carries in its own title, when ``name`` adds the issuer

    @property
    def title_name(self) -> str:
        return str(self.short_name or self.name)


TYPES = [
    # Legal normative documents (văn bản quy phạm pháp luật), Law 80/2015 art. 4.
    DocType("hien-phap", "HIEN_PHAP", _("Hiến pháp"), "", LEGAL),
    DocType("bo-luat", "BO_LUAT", _("Bộ luật"), "", LEGAL),
    DocType("luat", "LUAT", _("Luật"), "", LEGAL),
    DocType("phap-lenh", "PHAP_LENH", _("Pháp lệnh"), "PL", LEGAL),
    DocType("nghi-quyet-qppl", "NGHI_QUYET_QPPL", _("Nghị quyết (quy phạm pháp luật)"), "NQ", LEGAL, _("Nghị quyết")),
    DocType("lenh", "LENH", _("Lệnh"), "L", LEGAL),
    DocType("nghi-dinh", "NGHI_DINH", _("Nghị định"), "NĐ", LEGAL),
    DocType("quyet-dinh-ttg", "QUYET_DINH_TTG", _("Quyết định của Thủ tướng Chính phủ"), "QĐ", LEGAL, _("Quyết định")),
    DocType("thong-tu", "THONG_TU", _("Thông tư"), "TT", LEGAL),
    DocType("thong-tu-lien-tich", "THONG_TU_LIEN_TICH", _("Thông tư liên tịch"), "TTLT", LEGAL),
    DocType("nghi-quyet-hdnd", "NGHI_QUYET_HDND", _("Nghị quyết HĐND"), "NQ", LEGAL, _("Nghị quyết")),
    DocType("quyet-dinh-ubnd", "QUYET_DINH_UBND", _("Quyết định UBND"), "QĐ", LEGAL, _("Quyết định")),
    # Administrative documents, Decree 30/2020 appendix III, in its order.
    DocType("nghi-quyet", "NGHI_QUYET", _("Nghị quyết"), "NQ", ADMINISTRATIVE),
    DocType("quyet-dinh", "QUYET_DINH", _("Quyết định"), "QĐ", ADMINISTRATIVE),
    DocType("chi-thi", "CHI_THI", _("Chỉ thị"), "CT", ADMINISTRATIVE),
    DocType("quy-che", "QUY_CHE", _("Quy chế"), "QC", ADMINISTRATIVE),
    DocType("quy-dinh", "QUY_DINH", _("Quy định"), "QyĐ", ADMINISTRATIVE),
    DocType("thong-cao", "THONG_CAO", _("Thông cáo"), "TC", ADMINISTRATIVE),
    DocType("thong-bao", "THONG_BAO", _("Thông báo"), "TB", ADMINISTRATIVE),
    DocType("huong-dan", "HUONG_DAN", _("Hướng dẫn"), "HD", ADMINISTRATIVE),
    DocType("chuong-trinh", "CHUONG_TRINH", _("Chương trình"), "CTr", ADMINISTRATIVE),
    DocType("ke-hoach", "KE_HOACH", _("Kế hoạch"), "KH", ADMINISTRATIVE),
    DocType("phuong-an", "PHUONG_AN", _("Phương án"), "PA", ADMINISTRATIVE),
    DocType("de-an", "DE_AN", _("Đề án"), "ĐA", ADMINISTRATIVE),
    DocType("du-an", "DU_AN", _("Dự án"), "DA", ADMINISTRATIVE),
    DocType("bao-cao", "BAO_CAO", _("Báo cáo"), "BC", ADMINISTRATIVE),
    DocType("bien-ban", "BIEN_BAN", _("Biên bản"), "BB", ADMINISTRATIVE),
    DocType("to-trinh", "TO_TRINH", _("Tờ trình"), "TTr", ADMINISTRATIVE),
    DocType("hop-dong", "HOP_DONG", _("Hợp đồng"), "HĐ", ADMINISTRATIVE),
    DocType("cong-van", "CONG_VAN", _("Công văn"), "", ADMINISTRATIVE),
    DocType("cong-dien", "CONG_DIEN", _("Công điện"), "CĐ", ADMINISTRATIVE),
    DocType("ban-ghi-nho", "BAN_GHI_NHO", _("Bản ghi nhớ"), "BGN", ADMINISTRATIVE),
    DocType("ban-thoa-thuan", "BAN_THOA_THUAN", _("Bản thỏa thuận"), "BTT", ADMINISTRATIVE),
    DocType("giay-uy-quyen", "GIAY_UY_QUYEN", _("Giấy ủy quyền"), "GUQ", ADMINISTRATIVE),
    DocType("giay-moi", "GIAY_MOI", _("Giấy mời"), "GM", ADMINISTRATIVE),
    DocType("giay-gioi-thieu", "GIAY_GIOI_THIEU", _("Giấy giới thiệu"), "GGT", ADMINISTRATIVE),
    DocType("giay-nghi-phep", "GIAY_NGHI_PHEP", _("Giấy nghỉ phép"), "GNP", ADMINISTRATIVE),
    DocType("phieu-gui", "PHIEU_GUI", _("Phiếu gửi"), "PG", ADMINISTRATIVE),
    DocType("phieu-chuyen", "PHIEU_CHUYEN", _("Phiếu chuyển"), "PC", ADMINISTRATIVE),
    DocType("phieu-bao", "PHIEU_BAO", _("Phiếu báo"), "PB", ADMINISTRATIVE),
    DocType("thu-cong", "THU_CONG", _("Thư công"), "", ADMINISTRATIVE),
]
BY_KEY = {t.key: t for t in TYPES}
KEY_LENGTH = 30

# ``models.CharField(choices=DocumentType.choices)``; members read DocumentType.QUYET_DINH.
DocumentType = models.TextChoices("DocumentType", [(t.member, (t.key, t.name)) for t in TYPES])
# Grouped for selects: legal normative first, then administrative.
GROUPED_CHOICES = [(GROUP_NAMES[g], [(t.key, t.name) for t in TYPES if t.group == g]) for g in (LEGAL, ADMINISTRATIVE)]
LEGAL_KEYS = frozenset(t.key for t in TYPES if t.group == LEGAL)


def get(key) -> DocType | None:
    return BY_KEY.get(key)


def label(key) -> str:
    """The Vietnamese name of ``key`` ("" for an unknown key)."""
    found = BY_KEY.get(key)
    return str(found.name) if found else ""


def title_name(key) -> str:
    """The name a document carries in its own title ("Quyết định", not "Quyết định UBND")."""
    found = BY_KEY.get(key)
    return found.title_name if found else ""


def abbreviation(key) -> str:
    found = BY_KEY.get(key)
    return found.abbreviation if found else ""


# --- parsing ---------------------------------------------------------------------------------------
# Abbreviations as written, and upper-cased ("qđ" → "QĐ"): the administrative type wins where a
# legal normative one shares the abbreviation (issuers decide those, see ``parse``).
_BY_ABBREVIATION = {}
for _t in sorted(TYPES, key=lambda t: t.group != ADMINISTRATIVE):
    if _t.abbreviation:
        _BY_ABBREVIATION.setdefault(_t.abbreviation, _t.key)
        _BY_ABBREVIATION.setdefault(_t.abbreviation.upper(), _t.key)
# Folded abbreviations ("qd", "nd"): "DA"/"ĐA" and "HD"/"HĐ" fold alike; the plain letters win
# (Dự án, Hướng dẫn), as the old dispatch keys had it.
_BY_FOLDED_ABBREVIATION = {}
for _t in sorted(TYPES, key=lambda t: (t.group != ADMINISTRATIVE, "Đ" in t.abbreviation)):
    if _t.abbreviation:
        _BY_FOLDED_ABBREVIATION.setdefault(fold(_t.abbreviation), _t.key)
# Folded names and the other names people and systems write.
_BY_NAME = {}
for _t in sorted(TYPES, key=lambda t: t.group != ADMINISTRATIVE):
    _BY_NAME.setdefault(fold(str(_t.name)), _t.key)
    _BY_NAME.setdefault(_t.key.replace("-", " "), _t.key)
_BY_NAME.update({
    "nghi quyet ca biet": "nghi-quyet", "quyet dinh ca biet": "quyet-dinh", "nghi quyet (ca biet)": "nghi-quyet",
    "quyet dinh (ca biet)": "quyet-dinh", "cong van hanh chinh": "cong-van",
    "quyet dinh cua thu tuong": "quyet-dinh-ttg", "quyet dinh thu tuong chinh phu": "quyet-dinh-ttg",
    "quyet dinh ttg": "quyet-dinh-ttg", "nghi quyet hoi dong nhan dan": "nghi-quyet-hdnd",
    "quyet dinh uy ban nhan dan": "quyet-dinh-ubnd", "luat, bo luat": "luat", "thu": "thu-cong",
    "ban thoa thuan": "ban-thoa-thuan", "ban thoa thuan hop tac": "ban-thoa-thuan",
})
# The keys each app stored before the one vocabulary (dispatches' abbreviation keys, procedures' "hc-").
LEGACY_DISPATCH_KEYS = {
    "cv": "cong-van", "nq": "nghi-quyet", "qd": "quyet-dinh", "ct": "chi-thi", "qc": "quy-che", "qyd": "quy-dinh",
    "tc": "thong-cao", "tb": "thong-bao", "hd": "huong-dan", "ctr": "chuong-trinh", "kh": "ke-hoach",
    "pa": "phuong-an", "dea": "de-an", "da": "du-an", "bc": "bao-cao", "bb": "bien-ban", "ttr": "to-trinh",
    "hdg": "hop-dong", "cd": "cong-dien", "bgn": "ban-ghi-nho", "btt": "ban-thoa-thuan", "guq": "giay-uy-quyen",
    "gm": "giay-moi", "ggt": "giay-gioi-thieu", "gnp": "giay-nghi-phep", "pg": "phieu-gui", "pc": "phieu-chuyen",
    "pb": "phieu-bao", "thc": "thu-cong", "hp": "hien-phap", "luat": "luat", "pl": "phap-lenh", "lenh": "lenh",
    "nd": "nghi-dinh", "tt": "thong-tu", "ttlt": "thong-tu-lien-tich",
}
LEGACY_PROCEDURE_KEYS = {"nghi-quyet": "nghi-quyet-qppl", "hc-nghi-quyet": "nghi-quyet", "hc-quyet-dinh": "quyet-dinh"}
_BY_FOLDED_ABBREVIATION.update({k: v for k, v in LEGACY_DISPATCH_KEYS.items() if k not in _BY_FOLDED_ABBREVIATION})
_NAMES_LONGEST_FIRST = sorted(_BY_NAME.items(), key=lambda item: -len(item[0]))


def _by_issuer(key: str, issuer: str) -> str:
    """A "Quyết định" or "Nghị quyết" of an issuer of legal normative documents is that legal type."""
    issuer = fold(issuer)
    if not issuer:
        return key
    if key == "quyet-dinh":
        if "thu tuong" in issuer:
            return "quyet-dinh-ttg"
        if "uy ban nhan dan" in issuer or "ubnd" in issuer:
            return "quyet-dinh-ubnd"
    if key == "nghi-quyet":
        if "hoi dong nhan dan" in issuer or "hdnd" in issuer:
            return "nghi-quyet-hdnd"
        if any(word in issuer for word in ("quoc hoi", "chinh phu", "uy ban thuong vu")):
            return "nghi-quyet-qppl"
    return key


def parse(text, issuer: str = "") -> str | None:
    """The key of a type written as its key, abbreviation or name, any case or diacritics; None if unknown.

    ``issuer`` (optional) tells a legal normative Quyết định / Nghị quyết from an administrative one.
    """
    raw = " ".join(str(text or "").split())
    if not raw:
        return None
    key = BY_KEY.get(raw) and raw or _BY_ABBREVIATION.get(raw) or _BY_ABBREVIATION.get(raw.upper())
    if key is None:
        folded = fold(raw).strip(" .:")
        key = _BY_NAME.get(folded) or _BY_FOLDED_ABBREVIATION.get(folded) or BY_KEY.get(folded) and folded
    if key is None:
        return None
    return _by_issuer(key, issuer) if BY_KEY[key].group == ADMINISTRATIVE else key


def split_name(text) -> tuple[str | None, str]:
    """"Quyết định về việc ..." → ("quyet-dinh", "về việc ..."); no known type in front → (None, text)."""
    text = str(text or "")
    folded = fold(text)
    for name, key in _NAMES_LONGEST_FIRST:
        if folded.startswith(name + " "):
            words = len(name.split())
            rest = text.split(None, words)
            return key, (rest[words] if len(rest) > words else "").strip(" :-–")
    return None, text


def from_notation(notation) -> str:
    """The type abbreviated at the head of a symbol ("QĐ-UBND", "12/TB-VP" → its key); Công văn when none."""
    head = notation.rsplit("/", 1)[-1].split("-", 1)[0].strip() if notation else ""
    return _BY_ABBREVIATION.get(head) or _BY_ABBREVIATION.get(head.upper()) or DocumentType.CONG_VAN
