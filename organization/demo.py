"""Demo data of section 2: units and officials of every active agency (sample people, invented e-mails)."""

import random
from datetime import date, datetime, time

from django.utils import timezone

from portal.publishing import Status
from portal.text import fold

from .models import Official, OrgUnit

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
        if (contact is not None and not drafts_only
                and not Official.objects.filter(agency=agency, is_contact_officer=True).exists()):
            contact.is_contact_officer = True
            contact.save(update_fields=["is_contact_officer", "updated_at"])
    context.log(f"Tổ chức: {total_units} đơn vị, {total_officials} cán bộ mới (dữ liệu mẫu).")
