"""Demo province: real department and commune names of Vĩnh Long after the 2025 merger.

Everything here is sample data: the people, phone numbers and e-mail addresses are invented.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission

from portal.models import Province

from .models import Agency, Membership

K = Agency.Kind
# slug, full name, short name, kind, address, responsible person (title)
AGENCIES = [
    ("vp-ubnd", "Văn phòng Ủy ban nhân dân tỉnh Vĩnh Long", "VP UBND tỉnh", K.PROVINCIAL_OFFICE,
     "88 đường 3 Tháng 2, phường Thanh Đức, tỉnh Vĩnh Long", "Chánh Văn phòng"),
    ("so-noi-vu", "Sở Nội vụ tỉnh Vĩnh Long", "Sở Nội vụ", K.DEPARTMENT,
     "55 đường 2 Tháng 9, phường Thanh Đức, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-tai-chinh", "Sở Tài chính tỉnh Vĩnh Long", "Sở Tài chính", K.DEPARTMENT,
     "1 đường Hoàng Thái Hiếu, phường Thanh Đức, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-khcn", "Sở Khoa học và Công nghệ tỉnh Vĩnh Long", "Sở KH&CN", K.DEPARTMENT,
     "20 đường Phan Bội Châu, phường Thanh Đức, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long", "Sở NN&MT", K.DEPARTMENT,
     "107/2 đường Phạm Hùng, phường Long Châu, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-xay-dung", "Sở Xây dựng tỉnh Vĩnh Long", "Sở Xây dựng", K.DEPARTMENT,
     "16 đường Hưng Đạo Vương, phường Thanh Đức, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-gddt", "Sở Giáo dục và Đào tạo tỉnh Vĩnh Long", "Sở GD&ĐT", K.DEPARTMENT,
     "3 đường Lê Lợi, phường Thanh Đức, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-y-te", "Sở Y tế tỉnh Vĩnh Long", "Sở Y tế", K.DEPARTMENT,
     "47 đường Lê Văn Tám, phường Thanh Đức, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch tỉnh Vĩnh Long", "Sở VHTTDL", K.DEPARTMENT,
     "9 đường Hoàng Thái Hiếu, phường Thanh Đức, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-cong-thuong", "Sở Công Thương tỉnh Vĩnh Long", "Sở Công Thương", K.DEPARTMENT,
     "42A đường Phạm Thái Bường, phường Long Châu, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("so-tu-phap", "Sở Tư pháp tỉnh Vĩnh Long", "Sở Tư pháp", K.DEPARTMENT,
     "30 đường Phạm Thái Bường, phường Long Châu, tỉnh Vĩnh Long", "Giám đốc Sở"),
    ("thanh-tra-tinh", "Thanh tra tỉnh Vĩnh Long", "Thanh tra tỉnh", K.DEPARTMENT,
     "61 đường 1 Tháng 5, phường Long Châu, tỉnh Vĩnh Long", "Chánh Thanh tra tỉnh"),
    ("phuong-thanh-duc", "Ủy ban nhân dân phường Thanh Đức", "UBND phường Thanh Đức", K.COMMUNE,
     "12 đường Nguyễn Huệ, phường Thanh Đức, tỉnh Vĩnh Long", "Chủ tịch UBND phường"),
    ("phuong-long-chau", "Ủy ban nhân dân phường Long Châu", "UBND phường Long Châu", K.COMMUNE,
     "5 đường Trần Phú, phường Long Châu, tỉnh Vĩnh Long", "Chủ tịch UBND phường"),
    ("phuong-an-hoi", "Ủy ban nhân dân phường An Hội", "UBND phường An Hội", K.COMMUNE,
     "126 đường Hùng Vương, phường An Hội, tỉnh Vĩnh Long", "Chủ tịch UBND phường"),
    ("phuong-nguyet-hoa", "Ủy ban nhân dân phường Nguyệt Hóa", "UBND phường Nguyệt Hóa", K.COMMUNE,
     "2 đường Điện Biên Phủ, phường Nguyệt Hóa, tỉnh Vĩnh Long", "Chủ tịch UBND phường"),
    ("xa-cai-nhum", "Ủy ban nhân dân xã Cái Nhum", "UBND xã Cái Nhum", K.COMMUNE,
     "Ấp Tân Quới Hưng, xã Cái Nhum, tỉnh Vĩnh Long", "Chủ tịch UBND xã"),
    ("xa-tam-binh", "Ủy ban nhân dân xã Tam Bình", "UBND xã Tam Bình", K.COMMUNE,
     "Khóm 2, xã Tam Bình, tỉnh Vĩnh Long", "Chủ tịch UBND xã"),
    ("xa-cau-ngang", "Ủy ban nhân dân xã Cầu Ngang", "UBND xã Cầu Ngang", K.COMMUNE,
     "Khóm Minh Thuận A, xã Cầu Ngang, tỉnh Vĩnh Long", "Chủ tịch UBND xã"),
    ("huyen-long-ho", "Ủy ban nhân dân huyện Long Hồ (đến 30/6/2025)", "UBND huyện Long Hồ", K.DISTRICT,
     "Khóm 1, thị trấn Long Hồ, huyện Long Hồ, tỉnh Vĩnh Long (cũ)", "Chủ tịch UBND huyện"),
]
SAMPLE_PEOPLE = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Minh Châu", "Phạm Quốc Dũng", "Võ Thị Hồng",
                 "Huỳnh Tấn Lộc", "Đặng Thị Mai", "Bùi Văn Nghĩa", "Dương Thị Oanh", "Lâm Hoàng Phúc"]


def load_agencies(context):
    province, _ = Province.objects.get_or_create(pk=1)
    province.name = "Tỉnh Vĩnh Long — dữ liệu mẫu"
    province.address = "88 đường 3 Tháng 2, phường Thanh Đức, tỉnh Vĩnh Long"
    province.phone = "0270 3822 xxx"
    province.email = "vpubnd@vinhlong.gov.vn.mau"
    province.responsible_name = "Nguyễn Văn An (dữ liệu mẫu)"
    province.responsible_title = "Chánh Văn phòng UBND tỉnh"
    province.is_sample_data = True
    province.save()

    today = context.now.date()
    provincial_office = None
    for order, (slug, name, short, kind, address, title) in enumerate(AGENCIES, start=1):
        joined = date(2026, 1, 5) if slug != "xa-cau-ngang" else today - timedelta(days=20)
        defaults = {
            "name": name, "short_name": short, "kind": kind, "address": address, "order": order * 10,
            "phone": f"0270 38{order:02d} {100 + order:03d}", "fax": f"0270 38{order:02d} 999",
            "email": f"{slug}@vinhlong.gov.vn.mau",
            "responsible_name": SAMPLE_PEOPLE[order % len(SAMPLE_PEOPLE)], "responsible_title": title,
            "joined_on": joined, "is_active": kind != K.DISTRICT,
            "parent": provincial_office if kind == K.DEPARTMENT else None,
        }
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            agency = Agency.objects.create(slug=slug, **defaults)
        else:
            changed = [k for k, v in defaults.items() if getattr(agency, k) != v]
            for key in changed:
                setattr(agency, key, defaults[key])
            if changed:
                agency.save()
        if slug == "vp-ubnd":
            provincial_office = agency
        context.agencies[slug] = agency
    _load_users(context)


def _load_users(context):
    User = get_user_model()
    password_hash = make_password(context.password)  # one hash for all sample logins: fast and idempotent

    def user(username, first_name, **flags):
        obj, created = User.objects.get_or_create(username=username, defaults={
            "first_name": first_name, "is_staff": True, "password": password_hash, **flags})
        if not created and not obj.check_password(context.password):
            obj.password = password_hash
            obj.save(update_fields=["password"])
        return obj

    user("admin", "Quản trị hệ thống", is_superuser=True)
    context.logins.append(("admin", "quản trị toàn cổng (superuser)"))
    reviewer = user("kiemtra", "Cán bộ kiểm tra VP UBND tỉnh")
    reviewer.user_permissions.add(Permission.objects.get(codename="review_all_agencies"))
    context.logins.append(("kiemtra", "cán bộ kiểm tra của tỉnh: xem mọi cơ quan"))
    roles = [("bientap", Membership.Role.EDITOR), ("duyet", Membership.Role.APPROVER),
             ("quantri", Membership.Role.AGENCY_ADMIN)]
    for slug, agency in context.agencies.items():
        if not agency.is_active:
            continue
        for suffix, role in roles:
            member = user(f"{slug}-{suffix}", f"{role.label} {agency.short_name}")
            Membership.objects.get_or_create(user=member, agency=agency, defaults={"role": role})
        context.logins.append((f"{slug}-bientap/-duyet/-quantri", agency.short_name))


# --- Section 2: organization and staff directory (sample people, invented e-mails) ------------

import random  # noqa: E402
from datetime import datetime, time  # noqa: E402

from django.utils import timezone  # noqa: E402

from portal.publishing import Status  # noqa: E402
from portal.text import fold  # noqa: E402

from .models import Official, OrgUnit  # noqa: E402

U = OrgUnit.Kind
UNIT_NAMES_EN = {
    "Ban Giám đốc": "Board of Directors", "Văn phòng": "Office", "Thanh tra": "Inspectorate",
    "Lãnh đạo Văn phòng": "Leadership of the Office", "Ban lãnh đạo": "Leadership",
    "Thường trực Ủy ban nhân dân": "Standing members of the People's Committee",
    "Văn phòng HĐND và UBND": "Office of the People's Council and People's Committee",
    "Phòng Kinh tế": "Economic Division",
    "Phòng Kinh tế, Hạ tầng và Đô thị": "Division of Economy, Infrastructure and Urban Affairs",
    "Phòng Văn hóa – Xã hội": "Division of Culture and Social Affairs",
    "Trung tâm Phục vụ hành chính công": "Public Administrative Service Centre",
    "Phòng Kế hoạch – Tài chính": "Planning and Finance Division", "Phòng Tổ chức cán bộ": "Personnel Division",
}
# Divisions, sub-departments and public service units of each department (after the 2025 merger).
DEPARTMENT_UNITS = {
    "vp-ubnd": (["Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo – Văn xã", "Phòng Nội chính",
                 "Phòng Hành chính – Tổ chức", "Phòng Quản trị – Tài vụ"], [],
                ["Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Thông tin – Cổng thông tin điện tử"]),
    "so-noi-vu": (["Phòng Tổ chức, biên chế và Tổ chức phi chính phủ", "Phòng Xây dựng chính quyền",
                   "Phòng Cải cách hành chính", "Phòng Công chức, viên chức", "Phòng Lao động – Việc làm"],
                  ["Chi cục Văn thư – Lưu trữ"], ["Trung tâm Dịch vụ việc làm"]),
    "so-tai-chinh": (["Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư", "Phòng Quản lý giá và Công sản",
                      "Phòng Tài chính doanh nghiệp", "Phòng Kinh tế đối ngoại"], [],
                     ["Trung tâm Xúc tiến đầu tư"]),
    "so-khcn": (["Phòng Quản lý khoa học", "Phòng Quản lý công nghệ và Đổi mới sáng tạo", "Phòng Chuyển đổi số",
                 "Phòng Bưu chính, Viễn thông"], [],
                ["Trung tâm Công nghệ thông tin và Truyền thông", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"]),
    "so-nnmt": (["Phòng Kế hoạch – Tài chính", "Phòng Trồng trọt và Bảo vệ thực vật", "Phòng Chăn nuôi và Thú y",
                 "Phòng Quản lý đất đai", "Phòng Môi trường", "Phòng Tài nguyên nước"],
                ["Chi cục Thủy lợi"], ["Trung tâm Khuyến nông"]),
    "so-xay-dung": (["Phòng Quản lý xây dựng", "Phòng Quy hoạch – Kiến trúc", "Phòng Phát triển đô thị",
                     "Phòng Quản lý giao thông"], [], ["Trung tâm Kiểm định chất lượng công trình xây dựng"]),
    "so-gddt": (["Phòng Giáo dục Mầm non", "Phòng Giáo dục Phổ thông", "Phòng Giáo dục thường xuyên – Nghề nghiệp",
                 "Phòng Khảo thí và Quản lý chất lượng", "Phòng Tổ chức cán bộ"], [],
                ["Trung tâm Giáo dục thường xuyên tỉnh"]),
    "so-y-te": (["Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Phòng Kế hoạch – Tài chính", "Phòng Tổ chức cán bộ"],
                ["Chi cục Dân số", "Chi cục An toàn vệ sinh thực phẩm"], ["Trung tâm Kiểm soát bệnh tật"]),
    "so-vhttdl": (["Phòng Quản lý văn hóa và Gia đình", "Phòng Quản lý thể dục thể thao", "Phòng Quản lý du lịch",
                   "Phòng Báo chí – Xuất bản"], [], ["Bảo tàng tỉnh", "Trung tâm Văn hóa – Nghệ thuật"]),
    "so-cong-thuong": (["Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại", "Phòng Quản lý năng lượng",
                        "Phòng Kế hoạch – Tài chính"], [], ["Trung tâm Khuyến công và Xúc tiến thương mại"]),
    "so-tu-phap": (["Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật", "Phòng Phổ biến, giáo dục pháp luật",
                    "Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"], [],
                   ["Trung tâm Trợ giúp pháp lý nhà nước", "Phòng Công chứng số 1"]),
    "thanh-tra-tinh": (["Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2", "Phòng Nghiệp vụ 3",
                        "Phòng Tiếp công dân và Xử lý đơn thư"], [], []),
}
# A third level where a real structure has one.
SUB_UNITS = {
    "Chi cục Thủy lợi": ["Phòng Quản lý công trình thủy lợi", "Phòng Phòng chống thiên tai"],
    "Trung tâm Kiểm soát bệnh tật": ["Khoa Phòng chống bệnh truyền nhiễm"],
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Minh", "Quốc", "Thanh", "Hoàng", "Đức", "Hữu", "Tấn", "Thị", "Ngọc", "Kim", "Mỹ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hiếu", "Khoa", "Long", "Nam", "Phong", "Quang", "Sơn", "Tài",
         "Thắng", "Trung", "Vinh", "Anh", "Chi", "Diễm", "Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Ngân",
         "Nhung", "Phương", "Thảo", "Trang", "Tuyết", "Yến"]


def _unit_plan(agency):
    """[(name, kind, parent name or None, [titles])] for one agency."""
    staff = ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính", "Chuyên viên", "Chuyên viên"]
    if agency.kind == agency.Kind.COMMUNE:
        economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if agency.slug.startswith("phuong-") else "Phòng Kinh tế"
        return [
            ("Thường trực Ủy ban nhân dân", U.LEADERSHIP, None, ["Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch"]),
            ("Văn phòng HĐND và UBND", U.OFFICE, None,
             ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên", "Chuyên viên", "Nhân viên"]),
            (economy, U.DIVISION, None, staff),
            ("Phòng Văn hóa – Xã hội", U.DIVISION, None, staff[:4]),
            ("Trung tâm Phục vụ hành chính công", U.SERVICE_UNIT, None,
             ["Giám đốc", "Phó Giám đốc", "Chuyên viên", "Chuyên viên", "Nhân viên"]),
        ]
    divisions, sub_departments, service_units = DEPARTMENT_UNITS[agency.slug]
    if agency.slug == "vp-ubnd":
        plan = [("Lãnh đạo Văn phòng", U.LEADERSHIP, None,
                 ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Phó Chánh Văn phòng", "Phó Chánh Văn phòng"])]
    elif agency.slug == "thanh-tra-tinh":
        plan = [("Ban lãnh đạo", U.LEADERSHIP, None, ["Chánh Thanh tra", "Phó Chánh Thanh tra", "Phó Chánh Thanh tra"])]
    else:
        plan = [("Ban Giám đốc", U.LEADERSHIP, None, ["Giám đốc", "Phó Giám đốc", "Phó Giám đốc", "Phó Giám đốc"])]
    plan.append(("Văn phòng", U.OFFICE, None, ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên chính",
                                               "Chuyên viên", "Chuyên viên", "Cán sự", "Nhân viên"]))
    if agency.slug not in ("vp-ubnd", "thanh-tra-tinh"):
        plan.append(("Thanh tra", U.INSPECTORATE, None,
                     ["Chánh Thanh tra", "Phó Chánh Thanh tra", "Thanh tra viên", "Thanh tra viên"]))
    plan += [(name, U.DIVISION, None, staff) for name in divisions]
    for name in sub_departments:
        plan.append((name, U.SUB_DEPARTMENT, None, ["Chi cục trưởng", "Phó Chi cục trưởng", "Chuyên viên chính",
                                                    "Chuyên viên"]))
        plan += [(child, U.DIVISION, name, ["Trưởng phòng", "Chuyên viên"]) for child in SUB_UNITS.get(name, [])]
    for name in service_units:
        plan.append((name, U.SERVICE_UNIT, None, ["Giám đốc", "Phó Giám đốc", "Viên chức", "Viên chức"]))
        plan += [(child, U.OTHER, name, ["Trưởng khoa", "Viên chức"]) for child in SUB_UNITS.get(name, [])]
    return plan


def _ascii(text):
    return "".join(ch for ch in fold(text) if ch.isascii() and ch.isalnum())


def _email(full_name, slug):
    parts = fold(full_name).split()
    return f"{parts[-1]}{''.join(p[0] for p in parts[:-1])}.{slug}@vinhlong.gov.vn.mau"


def load_organization(context):
    """Units and officials of every active agency; xa-cau-ngang (just joined) has drafts only.

    The agencies' English names and addresses come from the content demo (section 3's English page)."""
    published_at = timezone.make_aware(datetime.combine(date(2026, 1, 12), time(8, 0)))
    total_units = total_officials = 0
    for slug, agency in context.agencies.items():
        if not agency.is_active:
            continue
        drafts_only = slug == "xa-cau-ngang"
        state = {"status": Status.DRAFT} if drafts_only else {"status": Status.PUBLISHED, "published_at": published_at}
        rng = random.Random(slug)
        units = {}
        contact = None
        for position, (name, kind, parent, titles) in enumerate(_unit_plan(agency), start=1):
            unit, created = OrgUnit.objects.get_or_create(agency=agency, name=name, defaults={
                "kind": kind, "parent": units.get(parent), "order": position * 10,
                "name_en": UNIT_NAMES_EN.get(name, ""),
                "email": f"{_ascii(name)[:20]}.{slug}@vinhlong.gov.vn.mau" if kind != U.LEADERSHIP else "",
                "phone": f"0270 3{rng.randint(100, 999)} {rng.randint(100, 999)}",
                "duties": "Dữ liệu mẫu: tham mưu, giúp lãnh đạo cơ quan thực hiện chức năng quản lý nhà nước "
                          "trong lĩnh vực được giao." if kind != U.LEADERSHIP else "",
                **state,
            })
            units[name] = unit
            total_units += created
            for order, title in enumerate(titles, start=1):
                full_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                official, created = Official.objects.get_or_create(
                    agency=agency, unit=unit, order=order * 10, defaults={
                        "full_name": full_name, "title": title, "email": _email(full_name, slug),
                        "phone": f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                        # One person per department is kept off the directory (still counted).
                        "is_public": not (kind == U.OFFICE and title == "Nhân viên"), **state,
                    })
                total_officials += created
                if kind == U.OFFICE and title == "Phó Chánh Văn phòng":
                    contact = official
        if contact is not None and agency.contact_officer_id is None and not drafts_only:
            Agency.objects.filter(pk=agency.pk).update(contact_officer=contact)
            agency.contact_officer = contact
    context.log(f"Tổ chức: {total_units} đơn vị, {total_officials} cán bộ mới (dữ liệu mẫu).")
