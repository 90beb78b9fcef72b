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
