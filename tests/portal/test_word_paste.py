"""Office clipboards keep their structure through the sanitizer (portal/office_html.py).

The corpus in word_paste/ is clipboard HTML as each program puts it there: Word 365 on Windows
(conditional comments <!--[if !supportLists]-->, mso-list paragraphs, Symbol bullets), a Word page
saved as "filtered" HTML (<![if !supportLists]>, MsoListNumber, <thead>, VML images), LibreOffice
Writer, Google Docs, what CKEditor 5 itself sends after a paste, and a hostile Word document.
"""

import re
from pathlib import Path

import pytest

from portal.sanitize import sanitize_html

CORPUS = Path(__file__).parent / "word_paste"


def clean(name: str) -> str:
    return sanitize_html((CORPUS / name).read_text(encoding="utf-8"))


def squeeze(html: str) -> str:
    """The markup without layout whitespace, to compare structure."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


ALL = sorted(p.name for p in CORPUS.glob("*.html"))


@pytest.mark.parametrize("name", ALL)
def test_no_office_noise_no_literal_markers_and_idempotent(name):
    html = clean(name)
    for noise in ("mso", "Mso", "style=", "<span", "<font", "<div", "<!--", "[if", "<o:", "<col", "dir=",
                  "\u00b7", "\uf0b7", "\uf0a7", "§", "docs-internal"):
        assert noise not in html, (name, noise)
    assert not re.search(r"<li>\s*(\d+[.)]|[a-z]\))\s", html), name  # no "1. 1. Mục tiêu"
    assert re.findall(r'class="([^"]*)"', html) == [c for c in re.findall(r'class="([^"]*)"', html)
                                                   if c in ("text-center", "text-right", "text-justify")]
    assert sanitize_html(html) == html


def test_word365_windows_lists_headings_table_and_alignment():
    html = squeeze(clean("word365_windows.html"))
    assert '<h2 class="text-center">KẾ HOẠCH</h2>' in html  # MsoTitle, centred
    assert "<h2>1. Mục tiêu</h2>" in html and "<h2>2. Nhiệm vụ</h2>" in html  # numbered headings, once
    # Symbol-font bullets become a bulleted list, the Courier "o" level a nested one.
    assert ("<ul><li>100% hồ sơ thủ tục hành chính được số hóa khi tiếp nhận;</li>"
            "<li>Tỷ lệ hồ sơ trực tuyến đạt <b>trên 80%</b>;<ul><li>trong đó lĩnh vực đất đai đạt 60%;</li></ul></li>"
            "<li>Không để hồ sơ trễ hạn.</li></ul>") in html
    # "1." / "a)" numbering becomes a numbered list with lettered sub-points.
    assert ('<ol><li>Rà soát, chuẩn hóa dữ liệu dân cư;<ol type="a"><li>cấp xã hoàn thành trước 30/6/2026;</li>'
            "<li>cấp tỉnh hoàn thành trước 30/9/2026;</li></ol></li><li>Triển khai chữ ký số cho 100% cán bộ.</li></ol>") in html
    # The bold first row is the header row.
    assert ('<thead><tr><th scope="col" class="text-center">STT</th><th scope="col" class="text-center">Chỉ tiêu</th>'
            '<th scope="col" class="text-center">Năm 2026</th></tr></thead>') in html
    assert '<td class="text-right">80%</td>' in html and "<td>Hồ sơ trực tuyến toàn trình</td>" in html
    assert '<p class="text-right"><i>Vĩnh Long, ngày 05 tháng 01 năm 2026</i></p>' in html
    assert "<p>" not in html.split("<table>")[1]  # cells hold their text, not a paragraph each


def test_word_filtered_html_downlevel_comments_continued_numbering_and_thead():
    html = squeeze(clean("word2016_saved_downlevel.html"))
    assert "<h2>II. THÀNH PHẦN HỒ SƠ</h2>" in html
    assert "<ol><li>Tờ khai đăng ký khai sinh theo mẫu;</li><li>Giấy chứng sinh (bản chính);</li></ol>" in html
    assert '<ol start="3"><li>Giấy tờ tùy thân của người đi đăng ký.</li></ol>' in html  # numbering goes on
    assert "<ul><li>Số lượng hồ sơ: 01 bộ.</li></ul>" in html  # a Wingdings bullet
    assert '<th scope="col" class="text-center">Cơ quan giải quyết</th>' in html  # <thead> cells, not bold
    assert '<img width="160" height="107" alt="Sơ đồ quy trình">' in html  # local file:// source dropped
    assert "v:shape" not in html and "image001" not in html


def test_libreoffice_writer():
    html = squeeze(clean("libreoffice_writer.html"))
    assert '<h2 class="text-center">BÁO CÁO</h2>' in html and "<h2>Kết quả đạt được</h2>" in html
    assert "<h3>Tồn tại, hạn chế</h3>" in html
    assert ('<li><p class="text-justify">Tổ chức 03 hội nghị đối thoại với doanh nghiệp:</p>'
            not in html)  # the paragraph inside the item is unwrapped
    assert ('<li class="text-justify">Tổ chức 03 hội nghị đối thoại với doanh nghiệp:<ul>'
            '<li class="text-justify">Hội nghị ngày 15/02/2026;</li>') in html
    assert '<th scope="col" class="text-center">Lĩnh vực</th>' in html
    assert '<td class="text-right">99,2%</td>' in html


def test_google_docs():
    html = squeeze(clean("google_docs.html"))
    # The whole clipboard sits in <b style="font-weight:normal">: it must not make everything bold.
    assert html.startswith("<h2>Thông báo tuyển dụng viên chức năm 2026</h2>")
    assert "<b>" not in html
    assert '<p class="text-center"><strong>Sở Nội vụ tỉnh Vĩnh Long</strong></p>' in html
    assert "<em>(theo Nghị định 115/2020/NĐ-CP)</em>" in html
    # A list directly inside a list (Google's nesting) moves into the item before it.
    assert ("<li>Từ đủ 18 tuổi trở lên;<ul><li><u>đủ 16 tuổi</u> với lĩnh vực văn hóa, nghệ thuật;</li></ul></li>"
            in html)
    assert "<ol><li>Nộp phiếu đăng ký;</li><li>Thi vòng 1 trên máy tính;</li>" in html
    assert '<thead><tr><th scope="col" class="text-center">TT</th>' in html  # bold spans make the header
    assert '<td class="text-right">3</td>' in html


def test_what_ckeditor_sends_after_a_paste_is_repaired():
    """The issue's symptoms: "1. 1. Mục tiêu", "2. ·100% hồ sơ", centring lost."""
    html = squeeze(clean("ckeditor_after_paste.html"))
    assert '<h2 class="text-center">KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026</h2>' in html
    assert "<ol><li>Mục tiêu</li><li>Nhiệm vụ trọng tâm</li></ol>" in html
    assert "<ul><li>100% hồ sơ được số hóa khi tiếp nhận</li><li>Không để hồ sơ trễ hạn</li></ul>" in html
    assert '<p class="text-justify">' in html and '<p class="text-right">' in html
    assert '<th scope="col" class="text-center">STT</th>' in html and '<td class="text-center">1</td>' in html


def test_hostile_word_document_is_still_stripped():
    html = clean("hostile_word.html")
    lowered = html.lower()
    for bad in ("alert", "script", "onload", "onerror", "onclick", "onmouseover", "javascript", "expression",
                "behavior", "iframe", "svg", "evil", "data-x", 'src="x"', "disc"):
        assert bad not in lowered, bad
    # Structure survives around the attack.
    assert "<ol><li><a rel=\"noopener noreferrer\">Mục tiêu</a></li>" in html
    assert '<td class="text-center">Ô</td>' in html  # only the alignment class of "text-center evil"


@pytest.mark.parametrize("dirty, expected", [
    # Plain typing is left alone: a number that is not the item's own, a dash in the text.
    ("<ol><li>2026 là năm chuyển đổi số</li></ol>", "<ol><li>2026 là năm chuyển đổi số</li></ol>"),
    ("<ul><li>Hồ sơ - giấy tờ</li></ul>", "<ul><li>Hồ sơ - giấy tờ</li></ul>"),
    ("<ul><li>- Hồ sơ</li></ul>", "<ul><li>Hồ sơ</li></ul>"),
    ('<ol start="4"><li>4. Bốn</li><li>5) Năm</li></ol>', '<ol start="4"><li>Bốn</li><li>Năm</li></ol>'),
    ('<p align="center">Giữa</p><p style="text-align:left">Trái</p>', '<p class="text-center">Giữa</p><p>Trái</p>'),
    ('<p class="text-right">Phải</p>', '<p class="text-right">Phải</p>'),
    ("<h1>Một</h1><h5>Năm</h5>", "<h2>Một</h2><h4>Năm</h4>"),
    # One bold row alone is not a header; nor is a first row with plain cells.
    ("<table><tr><td><b>Một</b></td></tr></table>", "<table><tbody><tr><td><b>Một</b></td></tr></tbody></table>"),
    ("<table><tr><td><b>A</b></td><td>B</td></tr><tr><td>1</td><td>2</td></tr></table>",
     "<table><tbody><tr><td><b>A</b></td><td>B</td></tr><tr><td>1</td><td>2</td></tr></tbody></table>"),
])
def test_small_cases(dirty, expected):
    assert sanitize_html(dirty) == expected
