"""Demo data of sections 1, 3 and 6: both pages and 16 sample articles for every active agency.

Everything is sample data and says so in visible text. Idempotent: running it again changes nothing
(pages and articles are found by agency and slug; images are only drawn for new articles).
"""

import io
import random
import re
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from agencies.models import Agency
from portal.publishing import Status
from portal.text import fold

from .models import Article, Category, Functions, Introduction, ensure_default_categories, slug_from

SAMPLE_NOTE = ("<p><em>Bài viết là dữ liệu mẫu dùng để trình diễn cổng thông tin, không phải thông tin chính thức."
               "</em></p>")
AUTHORS = ["Minh Tâm", "Thanh Hương", "Quốc Bảo", "Ngọc Lan", "Hoàng Phúc"]

# (category slug, title template, summary template, body paragraphs); {short}, {name} and {year} are filled in.
ARTICLES = [
    ("hoat-dong-cua-don-vi", "{short} sơ kết công tác tháng và triển khai nhiệm vụ trọng tâm tháng tới",
     "Chiều cuối tháng, {name} tổ chức họp sơ kết, đánh giá kết quả thực hiện nhiệm vụ trong tháng và thống "
     "nhất các nhiệm vụ trọng tâm của tháng tới.",
     ["Tại cuộc họp, lãnh đạo các phòng, đơn vị báo cáo tiến độ thực hiện kế hoạch, những khó khăn, vướng mắc "
      "và đề xuất hướng giải quyết.",
      "Phát biểu kết luận, lãnh đạo {short} đề nghị các đơn vị tập trung giải quyết hồ sơ đúng hạn, đẩy mạnh "
      "chuyển đổi số và nâng cao chất lượng phục vụ người dân, doanh nghiệp."]),
    ("hoat-dong-cua-don-vi", "{short} phát động phong trào thi đua hoàn thành nhiệm vụ năm {year}",
     "{name} phát động phong trào thi đua với chủ đề “Đoàn kết, kỷ cương, đổi mới, hiệu quả”, hướng tới "
     "hoàn thành thắng lợi các chỉ tiêu được giao.",
     ["Phong trào được triển khai đến từng phòng, đơn vị trực thuộc với các tiêu chí cụ thể, gắn với việc "
      "đánh giá, xếp loại cán bộ, công chức cuối năm.",
      "Các tập thể, cá nhân có thành tích tiêu biểu sẽ được đề nghị khen thưởng kịp thời."]),
    ("hoat-dong-cua-don-vi", "Đoàn công tác của {short} kiểm tra thực tế tại cơ sở",
     "Đoàn công tác của {name} đã kiểm tra thực tế việc triển khai các nhiệm vụ tại một số địa phương "
     "và đơn vị trực thuộc.",
     ["Qua kiểm tra, đoàn ghi nhận nhiều cách làm hay, đồng thời chỉ ra một số tồn tại cần khắc phục trong "
      "thời gian tới.",
      "Đoàn đề nghị các đơn vị rà soát, hoàn thiện hồ sơ và báo cáo kết quả khắc phục trước ngày 15 tháng sau."]),
    ("hoat-dong-cua-don-vi", "{short} tổ chức ngày hội chuyển đổi số cho cán bộ, công chức",
     "Hơn 100 cán bộ, công chức, viên chức của {name} tham gia ngày hội, thực hành sử dụng chữ ký số, "
     "dịch vụ công trực tuyến và hệ thống quản lý văn bản.",
     ["Tại các gian trải nghiệm, cán bộ được hướng dẫn ký số văn bản trên điện thoại và tra cứu hồ sơ "
      "trên Cổng dịch vụ công.",
      "Ngày hội góp phần nâng cao kỹ năng số, hướng tới xử lý văn bản hoàn toàn trên môi trường mạng."]),
    ("hoi-nghi-hoi-thao", "Hội nghị tổng kết công tác năm {prev} và triển khai nhiệm vụ năm {year} của {short}",
     "{name} tổ chức hội nghị tổng kết, đánh giá toàn diện kết quả thực hiện nhiệm vụ năm {prev} và "
     "triển khai phương hướng, nhiệm vụ năm {year}.",
     ["Năm {prev}, dù còn nhiều khó khăn, tập thể cán bộ, công chức đã nỗ lực hoàn thành và vượt nhiều chỉ "
      "tiêu được giao.",
      "Hội nghị đã khen thưởng các tập thể, cá nhân có thành tích xuất sắc và ký kết giao ước thi đua năm "
      "{year}."]),
    ("hoi-nghi-hoi-thao", "Hội thảo góp ý dự thảo quy định mới thuộc lĩnh vực quản lý của {short}",
     "Hội thảo thu hút đại diện các sở, ngành, địa phương và doanh nghiệp tham gia góp ý dự thảo quy định.",
     ["Các đại biểu tập trung góp ý phạm vi điều chỉnh, trình tự, thủ tục và trách nhiệm của các cơ quan "
      "liên quan.",
      "{short} sẽ tiếp thu, hoàn thiện dự thảo để trình Ủy ban nhân dân tỉnh xem xét, ban hành."]),
    ("hoi-nghi-hoi-thao", "Hội nghị đối thoại với người dân và doanh nghiệp năm {year}",
     "{name} tổ chức hội nghị đối thoại, lắng nghe và giải đáp kiến nghị của người dân, doanh nghiệp.",
     ["Nhiều ý kiến tập trung vào thời gian giải quyết thủ tục hành chính và việc cung cấp dịch vụ công "
      "trực tuyến.",
      "Các kiến nghị chưa trả lời trực tiếp sẽ được giải đáp bằng văn bản trong thời hạn 15 ngày làm việc."]),
    ("chi-dao-dieu-hanh", "{short} chỉ đạo đẩy nhanh tiến độ giải ngân vốn đầu tư công",
     "Lãnh đạo {name} yêu cầu các đơn vị tập trung tháo gỡ vướng mắc, đẩy nhanh tiến độ giải ngân vốn đầu "
     "tư công được giao.",
     ["Các chủ đầu tư được yêu cầu lập kế hoạch giải ngân chi tiết theo từng tháng, báo cáo tiến độ định kỳ "
      "hằng tuần.",
      "Đơn vị nào chậm giải ngân phải làm rõ nguyên nhân, trách nhiệm của tập thể, cá nhân liên quan."]),
    ("chi-dao-dieu-hanh", "Tăng cường kỷ luật, kỷ cương hành chính tại {short}",
     "{name} ban hành văn bản chỉ đạo tăng cường kỷ luật, kỷ cương hành chính, nâng cao trách nhiệm "
     "người đứng đầu.",
     ["Thủ trưởng các phòng, đơn vị chịu trách nhiệm trước lãnh đạo {short} về việc chấp hành giờ giấc, "
      "nội quy cơ quan và thái độ phục vụ.",
      "Việc kiểm tra công vụ sẽ được tiến hành đột xuất, kết quả được công khai trong toàn cơ quan."]),
    ("chi-dao-dieu-hanh", "{short} triển khai kế hoạch cải cách hành chính năm {year}",
     "Kế hoạch đặt mục tiêu 100% hồ sơ được tiếp nhận, giải quyết đúng hạn và tăng tỷ lệ hồ sơ trực tuyến "
     "toàn trình.",
     ["Kế hoạch gồm 6 nhóm nhiệm vụ: cải cách thể chế, thủ tục hành chính, tổ chức bộ máy, công vụ, tài "
      "chính công và chuyển đổi số.",
      "Mỗi nhiệm vụ đều giao rõ đơn vị chủ trì, đơn vị phối hợp và thời hạn hoàn thành."]),
    ("thuc-hien-phap-luat", "{short} tuyên truyền, phổ biến pháp luật cho người dân",
     "{name} phối hợp với chính quyền cơ sở tổ chức tuyên truyền các quy định pháp luật mới có hiệu lực.",
     ["Buổi tuyên truyền tập trung vào những điểm mới của pháp luật liên quan trực tiếp đến quyền và nghĩa "
      "vụ của người dân.",
      "Tài liệu hỏi – đáp được phát miễn phí và đăng trên trang thông tin của cơ quan."]),
    ("thuc-hien-phap-luat", "Kết quả kiểm tra việc thực hiện pháp luật trong lĩnh vực được giao quản lý",
     "{name} công bố kết quả kiểm tra việc thực hiện pháp luật tại các cơ sở, đơn vị trên địa bàn tỉnh.",
     ["Qua kiểm tra, phần lớn cơ sở chấp hành tốt quy định; một số trường hợp vi phạm đã được nhắc nhở, "
      "hướng dẫn khắc phục.",
      "{short} sẽ tiếp tục kiểm tra định kỳ và đột xuất trong các tháng tiếp theo."]),
    ("thuc-hien-phap-luat", "{short} hưởng ứng Ngày Pháp luật Việt Nam",
     "Chuỗi hoạt động hưởng ứng Ngày Pháp luật nhằm nâng cao ý thức tôn trọng và chấp hành pháp luật.",
     ["Các hoạt động gồm tọa đàm, thi tìm hiểu pháp luật trực tuyến và trưng bày sách pháp luật.",
      "Kết quả thi được công bố trên trang thông tin của cơ quan."]),
    ("van-ban-moi", "Quy định mới về thủ tục hành chính thuộc thẩm quyền giải quyết của {short}",
     "Ủy ban nhân dân tỉnh ban hành quyết định công bố danh mục thủ tục hành chính mới, sửa đổi, bổ sung "
     "thuộc thẩm quyền giải quyết của {name}.",
     ["Quyết định có hiệu lực kể từ ngày ký; các thủ tục được cập nhật trên Cơ sở dữ liệu quốc gia về thủ "
      "tục hành chính.",
      "Người dân, doanh nghiệp có thể tra cứu thành phần hồ sơ, thời hạn giải quyết tại mục Thủ tục hành chính."]),
    ("van-ban-moi", "Hướng dẫn thực hiện chế độ báo cáo định kỳ năm {year}",
     "{name} ban hành hướng dẫn về nội dung, thời hạn và cách thức gửi báo cáo định kỳ qua hệ thống báo cáo "
     "của tỉnh.",
     ["Báo cáo được gửi hoàn toàn trên môi trường điện tử, có chữ ký số của người có thẩm quyền.",
      "Thời gian chốt số liệu báo cáo tháng là ngày 14 hằng tháng."]),
    ("van-ban-moi", "Kế hoạch chuyển đổi số giai đoạn {year}–{next} của {short}",
     "Kế hoạch xác định các nhiệm vụ trọng tâm về hạ tầng số, dữ liệu số và dịch vụ số của cơ quan.",
     ["Mục tiêu đến năm {next}, toàn bộ hồ sơ công việc được xử lý trên môi trường mạng, trừ hồ sơ mật.",
      "Kế hoạch được công khai để người dân, doanh nghiệp theo dõi, giám sát việc thực hiện."]),
]
IMAGE_INDEXES = {0, 4}  # articles that get a generated cover image
FEATURED_INDEXES = {0, 7}

INTRO_BODY = (
    "<p>{name} là cơ quan {role} của tỉnh Vĩnh Long, có tư cách pháp nhân, con dấu và tài khoản riêng; chịu sự chỉ "
    "đạo, quản lý về tổ chức, biên chế và công tác của Ủy ban nhân dân tỉnh.</p>"
    "<h2>Phạm vi và lĩnh vực hoạt động</h2>"
    "<ul><li>Tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước trong lĩnh vực được giao.</li>"
    "<li>Hướng dẫn, kiểm tra việc thực hiện pháp luật của các cơ quan, đơn vị, địa phương.</li>"
    "<li>Giải quyết thủ tục hành chính cho người dân, doanh nghiệp theo quy định.</li></ul>"
    "<h2>Các đơn vị trực thuộc</h2><p>Văn phòng, Thanh tra, các phòng chuyên môn, nghiệp vụ và các đơn vị sự "
    "nghiệp công lập trực thuộc (xem mục Bộ máy tổ chức).</p>"
    "<p><em>Nội dung trang này là dữ liệu mẫu.</em></p>"
)
FUNCTIONS_BODY = (
    "<h2>Vị trí và chức năng</h2><p>{name} tham mưu, giúp Ủy ban nhân dân tỉnh thực hiện chức năng quản lý nhà "
    "nước về các ngành, lĩnh vực được giao; thực hiện các dịch vụ công theo quy định của pháp luật.</p>"
    "<h2>Nhiệm vụ và quyền hạn</h2><ol>"
    "<li>Trình Ủy ban nhân dân tỉnh dự thảo quyết định, chỉ thị, kế hoạch dài hạn, trung hạn và hằng năm.</li>"
    "<li>Tổ chức thực hiện các văn bản quy phạm pháp luật, quy hoạch, kế hoạch sau khi được phê duyệt.</li>"
    "<li>Hướng dẫn chuyên môn, nghiệp vụ đối với cấp xã trong lĩnh vực được giao.</li>"
    "<li>Thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo; phòng, chống tham nhũng theo quy định.</li>"
    "<li>Thực hiện công tác thông tin, báo cáo định kỳ và đột xuất.</li></ol>"
    "<p><em>Nội dung trang này là dữ liệu mẫu.</em></p>"
)
FUNCTIONS_BODY_EN = (
    "<h2>Position and functions</h2><p>{name_en} advises and assists the Provincial People's Committee in the "
    "state management of the sectors and fields assigned to it, and provides public services as provided by law.</p>"
    "<h2>Duties and powers</h2><ol>"
    "<li>Submitting draft decisions, directives and long-, medium-term and annual plans to the Provincial "
    "People's Committee.</li>"
    "<li>Implementing legal documents, master plans and plans once approved.</li>"
    "<li>Providing professional guidance to communes in the assigned fields.</li>"
    "<li>Inspecting, settling complaints and denunciations, and preventing corruption as provided by law.</li>"
    "<li>Reporting regularly and on request.</li></ol>"
    "<p><em>This page is sample data.</em></p>"
)
ENGLISH_NAMES = {
    "vp-ubnd": "Office of the People's Committee of Vinh Long Province",
    "so-noi-vu": "Department of Home Affairs of Vinh Long Province",
    "so-tai-chinh": "Department of Finance of Vinh Long Province",
    "so-khcn": "Department of Science and Technology of Vinh Long Province",
    "so-nnmt": "Department of Agriculture and Environment of Vinh Long Province",
    "so-xay-dung": "Department of Construction of Vinh Long Province",
    "so-gddt": "Department of Education and Training of Vinh Long Province",
    "so-y-te": "Department of Health of Vinh Long Province",
    "so-vhttdl": "Department of Culture, Sports and Tourism of Vinh Long Province",
    "so-cong-thuong": "Department of Industry and Trade of Vinh Long Province",
    "so-tu-phap": "Department of Justice of Vinh Long Province",
    "thanh-tra-tinh": "Vinh Long Provincial Inspectorate",
}


def sample_image(seed: int, size=(1600, 900)) -> SimpleUploadedFile:
    """A generated picture (no download): a sky gradient, a building and a crowd of round heads."""
    rng = random.Random(seed)
    width, height = size
    top, bottom = (rng.randint(40, 120), rng.randint(90, 160), rng.randint(160, 230)), (235, 240, 245)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    hall = (rng.randint(150, 200), rng.randint(40, 70), rng.randint(40, 70))
    draw.rectangle([width * 0.15, height * 0.25, width * 0.85, height * 0.7], fill=hall)
    draw.rectangle([width * 0.2, height * 0.3, width * 0.8, height * 0.38], fill=(245, 215, 110))
    for _ in range(60):
        x, y, r = rng.randint(0, width), rng.randint(int(height * 0.72), height), rng.randint(18, 30)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(rng.randint(20, 90),) * 3)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85)
    return SimpleUploadedFile(f"anh-mau-{seed}.jpg", output.getvalue(), content_type="image/jpeg")


def _fill(text, agency, year):
    return text.format(short=agency.short_name, name=agency.name, year=year, prev=year - 1, next=year + 2)


def english_address(address: str) -> str:
    """An English form of a demo address.

    "88 đường 3 Tháng 2, phường Thanh Đức, tỉnh Vĩnh Long" → "88 3 Thang 2 Street, Thanh Duc Ward, Vinh Long Province".
    """
    parts = []
    for part in (p.strip() for p in address.split(",")):
        match = re.match(r"^(\S+) đường (.+)$", part)
        if match:
            parts.append(f"{match.group(1)} {fold(match.group(2)).title()} Street")
        elif part.startswith(("phường ", "xã ")):
            kind, name = part.split(" ", 1)
            parts.append(f"{fold(name).title()} {'Ward' if kind == 'phường' else 'Commune'}")
        elif part == "tỉnh Vĩnh Long":
            parts.append("Vinh Long Province")
        else:
            parts.append(fold(part).title())
    return ", ".join(parts)


def _load_pages(context, agency, index):
    role = "hành chính nhà nước cấp xã" if agency.kind == Agency.Kind.COMMUNE else "chuyên môn"
    common = {"status": Status.PUBLISHED, "published_at": context.now - timedelta(days=120)}
    basis = {
        "basis_type": "Quyết định", "basis_number": f"{100 + index}/QĐ-UBND",
        "basis_date": date(2025, 7, 1), "basis_issuer": "Ủy ban nhân dân tỉnh Vĩnh Long",
    }
    Introduction.objects.get_or_create(agency=agency, defaults={
        **common, **basis, "title": f"Giới thiệu chung về {agency.name}",
        "body": INTRO_BODY.format(name=agency.name, role=role),
    })
    name_en = ENGLISH_NAMES.get(agency.slug, "")
    english = {"title_en": "Functions, duties and powers",
               "body_en": FUNCTIONS_BODY_EN.format(name_en=name_en)} if name_en else {}
    Functions.objects.get_or_create(agency=agency, defaults={
        **common, **basis, **english, "title": f"Chức năng, nhiệm vụ, quyền hạn của {agency.name}",
        "body": FUNCTIONS_BODY.format(name=agency.name),
    })
    if name_en and not agency.name_en:
        agency.name_en = name_en
        agency.address_en = english_address(agency.address)
        agency.save()


STALE_NEWS_AGENCY = "so-cong-thuong"


def _load_articles(context, agency, index):
    ensure_default_categories(agency)
    categories = {c.slug: c for c in Category.objects.filter(agency=agency)}
    year = context.now.year
    existing = set(Article.objects.filter(agency=agency).values_list("slug", flat=True))
    created = 0
    for number, (category, title, summary, paragraphs) in enumerate(ARTICLES):
        title = _fill(title, agency, year)
        slug = slug_from(title)
        if slug in existing:
            continue
        # Spread over the last four months; each agency's newest article is a different one.
        days_ago = ((number + index * 3) % len(ARTICLES)) * 8 + index % 5
        if agency.slug == STALE_NEWS_AGENCY:
            days_ago += 20  # the compliance demo's agency whose news has gone stale
        article = Article(
            agency=agency, category=categories[category], title=title, slug=slug,
            summary=_fill(summary, agency, year),
            body="".join(f"<p>{_fill(p, agency, year)}</p>" for p in paragraphs) + SAMPLE_NOTE,
            author=f"{AUTHORS[(index + number) % len(AUTHORS)]} (dữ liệu mẫu)",
            source=agency.short_name if number % 3 else "", featured=number in FEATURED_INDEXES,
            status=Status.PUBLISHED,
            published_at=(context.now - timedelta(days=days_ago, hours=(number * 5) % 9)).replace(second=0,
                                                                                                  microsecond=0),
        )
        if number in IMAGE_INDEXES:
            article.cover = sample_image(index * 100 + number)
            article.cover_alt = "Ảnh minh họa: hội trường và đại biểu dự hội nghị (ảnh mẫu được tạo tự động)"
            article.cover_caption = "Ảnh minh họa (dữ liệu mẫu)."
        article.save()
        created += 1
    # One draft, so that editors see the workflow; it appears nowhere public.
    draft_title = f"Dự thảo tin: {agency.short_name} chuẩn bị hội nghị chuyên đề"
    Article.objects.get_or_create(agency=agency, slug=slug_from(draft_title), defaults={
        "category": categories["hoi-nghi-hoi-thao"], "title": draft_title,
        "summary": "Tin đang soạn (bản nháp, dữ liệu mẫu).", "body": "<p>Bản nháp.</p>" + SAMPLE_NOTE,
    })
    return created


def load_content(context):
    total = 0
    for index, agency in enumerate(context.agencies.values()):
        ensure_default_categories(agency)
        if not agency.is_active:
            continue
        _load_pages(context, agency, index)
        total += _load_articles(context, agency, index)
    context.log(f"Giới thiệu, chức năng nhiệm vụ, tin tức: {total} tin bài mẫu mới.")
