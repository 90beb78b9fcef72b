"""Factories of this app's models; they read like the domain."""

import io
from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from content.models import Article, Category, Functions, Introduction
from portal.publishing import Status


def jpeg_upload(name="anh.jpg", size=(1600, 900), color=(120, 30, 30)) -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="JPEG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def pdf_upload(name="van-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def category_of(agency, slug="hoat-dong-cua-don-vi"):
    return Category.objects.get(agency=agency, slug=slug)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    category = factory.LazyAttribute(lambda o: category_of(o.agency))
    title = factory.Sequence(lambda n: f"Hội nghị triển khai nhiệm vụ số {n}")
    summary = "Tóm tắt tin bài thử nghiệm."
    body = "<p>Nội dung tin bài thử nghiệm về cải cách hành chính.</p>"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


def published_article(agency, **kwargs):
    return ArticleFactory(agency=agency, **kwargs)


def draft_article(agency, **kwargs):
    return ArticleFactory(agency=agency, status=Status.DRAFT, published_at=None, **kwargs)


PAGE_DEFAULTS = {
    "basis_type": "Quyết định", "basis_number": "12/2025/QĐ-UBND", "basis_date": date(2025, 7, 1),
    "basis_issuer": "Ủy ban nhân dân tỉnh Vĩnh Long", "status": Status.PUBLISHED,
}


def introduction(agency, **kwargs):
    values = {**PAGE_DEFAULTS, "title": "Giới thiệu chung về Sở", "body": "<p>Sở là cơ quan chuyên môn.</p>",
              "published_at": timezone.now() - timedelta(days=1), **kwargs}
    return Introduction.objects.create(agency=agency, **values)


def functions_page(agency, **kwargs):
    values = {**PAGE_DEFAULTS, "title": "Chức năng, nhiệm vụ của Sở", "body": "<p>Tham mưu cho Ủy ban.</p>",
              "published_at": timezone.now() - timedelta(days=1), **kwargs}
    return Functions.objects.create(agency=agency, **values)


def bulk_articles(agency, count, start=0, featured_every=0):
    """``count`` published articles in one insert (for query-count tests with large data)."""
    category = category_of(agency)
    now = timezone.now()
    Article.objects.bulk_create([
        Article(agency=agency, category=category, title=f"Tin số lượng lớn {i}", slug=f"tin-so-luong-lon-{i}",
                summary="Tóm tắt.", body="<p>Nội dung về chuyển đổi số.</p>", status=Status.PUBLISHED,
                published_at=now - timedelta(minutes=i + 10), featured=bool(featured_every) and i % featured_every == 0)
        for i in range(start, start + count)
    ], batch_size=500)
