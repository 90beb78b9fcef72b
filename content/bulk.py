"""``seed_bulk --news N``: N published articles per agency, inserted with bulk_create, for benchmarks."""

from datetime import timedelta

from django.utils import timezone

from portal.publishing import Status

from .models import Article, Category, ensure_default_categories

BODY = (
    "<p>Sáng nay, {agency} tổ chức hội nghị triển khai nhiệm vụ trọng tâm, với sự tham dự của lãnh đạo các phòng, "
    "đơn vị trực thuộc và đại diện các sở, ngành liên quan.</p>"
    "<p>Tại hội nghị, các đại biểu thảo luận về cải cách thủ tục hành chính, chuyển đổi số, giải ngân vốn đầu tư "
    "công và công tác phòng, chống thiên tai. Nhiều ý kiến đề xuất giải pháp tháo gỡ khó khăn cho doanh nghiệp "
    "và người dân trên địa bàn tỉnh.</p>"
    "<p>Kết luận hội nghị, lãnh đạo đơn vị yêu cầu các phòng xây dựng kế hoạch chi tiết, phân công rõ người, rõ "
    "việc, rõ thời hạn và báo cáo kết quả định kỳ hằng tháng.</p>"
) * 3
TOPICS = ["hội nghị triển khai nhiệm vụ", "kiểm tra công tác cải cách hành chính", "tập huấn chuyển đổi số",
          "đối thoại với doanh nghiệp", "tuyên truyền phổ biến pháp luật", "sơ kết công tác quý"]


def seed_news(agencies, options, stdout):
    wanted = options.get("news") or 0
    if not wanted:
        return None
    now = timezone.now()
    created = 0
    for agency in agencies:
        ensure_default_categories(agency)
        categories = list(Category.objects.filter(agency=agency).order_by("order"))
        have = Article.objects.filter(agency=agency).count()
        batch = []
        for i in range(have, wanted):
            topic = TOPICS[i % len(TOPICS)]
            batch.append(Article(
                agency=agency, category=categories[i % len(categories)],
                title=f"{agency.short_name}: {topic} lần thứ {i + 1}",
                slug=f"tin-thu-tai-{i + 1}", summary=f"{agency.name} {topic}; tin thử tải số {i + 1}.",
                body=BODY.format(agency=agency.name), author="Ban biên tập (thử tải)", featured=i % 50 == 0,
                status=Status.PUBLISHED, published_at=now - timedelta(hours=3 * (wanted - i)),
            ))
        Article.objects.bulk_create(batch, batch_size=500)
        created += len(batch)
    stdout.write(f"Tin bài: {created} tạo mới cho {len(agencies)} cơ quan.")
    return None
