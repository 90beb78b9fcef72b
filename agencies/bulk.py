"""``seed_bulk --agencies N``: many agencies fast, for benchmarks (other apps add their volumes)."""

from datetime import date

from django.db.models import Max

from .models import Agency


def seed_agencies(agencies, options, stdout):
    wanted = options["agencies"]
    existing = list(Agency.objects.filter(slug__startswith="bulk-").order_by("pk"))
    start = (Agency.objects.aggregate(m=Max("order"))["m"] or 0) + 1
    new = [
        Agency(slug=f"bulk-{i:04d}", name=f"Cơ quan thử tải số {i}", short_name=f"CQ {i}",
               kind=Agency.Kind.COMMUNE if i % 3 else Agency.Kind.DEPARTMENT, joined_on=date(2026, 1, 5),
               order=start + i, address=f"Số {i} đường thử tải", email=f"bulk{i}@example.invalid")
        for i in range(len(existing), wanted)
    ]
    Agency.objects.bulk_create(new, batch_size=500)
    stdout.write(f"Cơ quan: {len(new)} tạo mới, {len(existing)} có sẵn.")
    return list(Agency.objects.filter(slug__startswith="bulk-").order_by("pk")[:wanted])
