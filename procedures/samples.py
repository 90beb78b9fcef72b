"""Sample form files made in code, for the demo and the tests: small, real, marked as samples."""

import io
import zipfile
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
SAMPLE_NOTE = "TỆP MẪU — DỮ LIỆU TRÌNH DIỄN, KHÔNG DÙNG ĐỂ NỘP HỒ SƠ"


def _paragraph(text, bold=False, center=False):
    props = ""
    if center:
        props += '<w:pPr><w:jc w:val="center"/></w:pPr>'
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{props}<w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx_bytes(title: str, lines=(), heading="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") -> bytes:
    """A minimal Word document (opens in Word and LibreOffice) with a national heading and a title."""
    body = [
        _paragraph(SAMPLE_NOTE, bold=True, center=True),
        _paragraph(heading, bold=True, center=True),
        _paragraph("Độc lập - Tự do - Hạnh phúc", bold=True, center=True),
        _paragraph(""),
        _paragraph(title.upper(), bold=True, center=True),
        *(_paragraph(line) for line in lines),
    ]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body) + "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # The content-types part first: that is how content sniffing recognises a DOCX.
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


FORM_LINES = [
    "Kính gửi: ......................................................",
    "Họ, chữ đệm, tên người yêu cầu: ..................................",
    "Ngày, tháng, năm sinh: ......../......../..............",
    "Số định danh cá nhân: ..........................................",
    "Nơi cư trú: .....................................................",
    "Nội dung yêu cầu: ...............................................",
    "Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
    "Làm tại: ................, ngày ....... tháng ....... năm .......",
    "Người yêu cầu (ký, ghi rõ họ, chữ đệm, tên)",
]
