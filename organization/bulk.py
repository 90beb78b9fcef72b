"""``seed_bulk --units N --officials M``: section 2 volumes for the bulk agencies."""


def seed_organization(agencies, options, stdout):
    """Published units and officials for each bulk agency that has none yet, by bulk insert."""
    from django.db import transaction
    from django.utils import timezone

    from agencies.cache import bump_content_version
    from portal.publishing import Status

    from .models import Official, OrgUnit, group_for_title

    units_wanted, officials_wanted = options["units"], options["officials"]
    now = timezone.now()
    published = {"status": Status.PUBLISHED, "published_at": now}
    kinds = [OrgUnit.Kind.LEADERSHIP, OrgUnit.Kind.OFFICE, OrgUnit.Kind.INSPECTORATE] + [OrgUnit.Kind.DIVISION] * 8
    titles = ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính", "Chuyên viên", "Chuyên viên", "Cán sự"]
    done = set(OrgUnit.objects.filter(agency__in=agencies).values_list("agency_id", flat=True).distinct())
    created_units = created_officials = 0
    with transaction.atomic():
        for agency in agencies:
            if agency.pk in done or units_wanted < 1:
                continue
            units = OrgUnit.objects.bulk_create([
                OrgUnit(agency=agency, name=f"Đơn vị thử tải {i + 1:02d}", kind=kinds[i % len(kinds)],
                        order=(i + 1) * 10, tree_path=f"{i + 1:04d}.", depth=0, email=f"dv{i}@example.invalid",
                        **published)
                for i in range(units_wanted)
            ])
            people = []
            for i in range(officials_wanted):
                unit = units[i % len(units)]
                title = ("Giám đốc" if i == 0 else "Phó Giám đốc") if unit.kind == OrgUnit.Kind.LEADERSHIP else (
                    titles[(i // len(units)) % len(titles)])
                people.append(Official(
                    agency=agency, unit=unit, full_name=f"Cán bộ thử tải {i + 1:04d}", title=title,
                    group=group_for_title(title, unit.kind), email=f"cb{i}.{agency.slug}@example.invalid",
                    phone=f"0270 3{i:06d}", order=i, **published))
            Official.objects.bulk_create(people, batch_size=1000)
            bump_content_version(agency.pk)
            created_units += len(units)
            created_officials += len(people)
    stdout.write(f"Tổ chức: {created_units} đơn vị, {created_officials} cán bộ tạo mới.")
    return None
