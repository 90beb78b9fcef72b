import pytest

from portal.sanitize import sanitize_html

# A fragment as Word 365 puts it on the clipboard, cut down but with every kind of noise it brings.
WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=ProgId content=Word.Document><style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm;} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]--></head>
<body lang=VI style='tab-interval:36.0pt'>
<h2 style='mso-outline-level:2'><span style='font-family:"Times New Roman",serif;mso-fareast-font-family:"Times New Roman"'>Chức năng, nhiệm vụ<o:p></o:p></span></h2>
<p class=MsoNormal style='text-align:justify;mso-line-height-alt:150%'><font face="Times New Roman" size=3>Sở Thông tin và Truyền thông là <b>cơ quan chuyên môn</b> thuộc <i>UBND tỉnh</i>.<o:p></o:p></font></p>
<ul style='margin-top:0cm' type=disc>
 <li class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-bidi-font-size:13.0pt'>Tham mưu, giúp UBND tỉnh<o:p></o:p></span></li>
 <li class=MsoListParagraph style='mso-list:l0 level1 lfo1'>Quản lý nhà nước về báo chí</li>
</ul>
<!--[if !supportLists]--><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;</span></span><!--[endif]-->
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0'><td width=200 valign=top style='width:150.0pt;border:solid windowtext 1.0pt'><p class=MsoNormal><b>Phòng</b><o:p></o:p></p></td>
  <td width=200 style='mso-border-alt:solid windowtext .5pt'><p class=MsoNormal>Số cán bộ<o:p></o:p></p></td></tr>
 <tr><td><p class=MsoNormal>Văn phòng</p></td><td><p class=MsoNormal>12</p></td></tr>
</table>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p><a href="https://vinhlong.gov.vn/van-ban" style='color:blue'>Xem văn bản</a></p>
</body></html>"""


def test_word_paste_keeps_structure_and_drops_office_noise():
    clean = sanitize_html(WORD_PASTE)
    assert "<h2>" in clean and "Chức năng, nhiệm vụ" in clean
    assert "<b>cơ quan chuyên môn</b>" in clean and "<i>UBND tỉnh</i>" in clean
    assert clean.count("<li>") == 2 and "<ul>" in clean
    assert "<table>" in clean and "<td>" in clean and "Văn phòng" in clean
    assert '<a href="https://vinhlong.gov.vn/van-ban" rel="noopener noreferrer">Xem văn bản</a>' in clean
    assert '<p class="text-justify">' in clean  # the alignment, as the one class the allow-list keeps
    for noise in ("mso-", "<o:p", "o:p>", "<font", "Mso", "style=", "<!--", "[if", "WordDocument",
                  "<span", "<meta", "<html", "<body"):
        assert noise not in clean, noise


@pytest.mark.parametrize("dirty, forbidden", [
    ('<p>a<script>alert(1)</script></p>', "alert"),
    ('<img src="/media/x.png" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ('<img src="data:image/png;base64,iVBORw0KGgo=">', "data:"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', "svg"),
    ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ('<p style="width: expression(alert(1))">x</p>', "expression"),
    ('<div style="background:url(javascript:alert(1))">x</div>', "javascript"),
    ('<object data="x.swf"></object><embed src="x.swf">', "swf"),
    ('<math><mtext><img src=x onerror=alert(1)></mtext></math>', "onerror"),
    ('<a href="//evil.example/">x</a>', "evil.example"),
    ('<img src="https://tracker.example/p.gif">', "tracker"),
    ('<form action="/x"><input name="q"></form>', "<input"),
])
def test_dangerous_markup_is_removed(dirty, forbidden):
    assert forbidden.lower() not in sanitize_html(dirty).lower()


def test_sanitizing_is_idempotent():
    once = sanitize_html(WORD_PASTE)
    assert sanitize_html(once) == once


def test_rich_text_is_sanitized_on_every_save_path(agency):
    from tests.tenancy_app.models import Note

    dirty = '<p onclick="x()">Nội dung<script>alert(1)</script></p>'
    note = Note.objects.create(agency=agency, title="Một", body=dirty)
    assert note.body == "<p>Nội dung</p>"
    Note.objects.bulk_create([Note(agency=agency, title="Hai", body=dirty)])
    assert Note.objects.get(title="Hai").body == "<p>Nội dung</p>"
    Note.objects.filter(title="Hai").update(body='<p>Ba<iframe src="x"></iframe></p>')
    assert Note.objects.get(title="Hai").body == "<p>Ba</p>"


def test_folded_search_text_is_filled_on_save(agency):
    from tests.tenancy_app.models import Note

    note = Note.objects.create(agency=agency, title="Đăng ký Khai sinh", body="<p>Thủ tục <b>Hộ tịch</b></p>")
    assert note.search_text == "dang ky khai sinh thu tuc ho tich"
    assert Note.objects.filter(search_text__contains="khai sinh").exists()
