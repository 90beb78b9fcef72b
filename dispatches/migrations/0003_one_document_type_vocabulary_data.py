"""One document-type vocabulary (portal/doctypes.py): dispatches' abbreviation keys become its keys.

Reversible: going back maps each key to the old abbreviation key; the legal normative types the old
list did not have fall back to their family (Bộ luật → luat, Nghị quyết HĐND → nq, Quyết định UBND → qd).
"""


from django.db import migrations

from portal.migration_operations import RemapValues

APP = "dispatches"
MODELS = ("Dispatch", "HistoricalDispatch", "PeriodTotalLine", "HistoricalPeriodTotalLine")
FORWARD = {'cv': 'cong-van', 'nq': 'nghi-quyet', 'qd': 'quyet-dinh', 'ct': 'chi-thi', 'qc': 'quy-che', 'qyd': 'quy-dinh', 'tc': 'thong-cao', 'tb': 'thong-bao', 'hd': 'huong-dan', 'ctr': 'chuong-trinh', 'kh': 'ke-hoach', 'pa': 'phuong-an', 'dea': 'de-an', 'da': 'du-an', 'bc': 'bao-cao', 'bb': 'bien-ban', 'ttr': 'to-trinh', 'hdg': 'hop-dong', 'cd': 'cong-dien', 'bgn': 'ban-ghi-nho', 'btt': 'ban-thoa-thuan', 'guq': 'giay-uy-quyen', 'gm': 'giay-moi', 'ggt': 'giay-gioi-thieu', 'gnp': 'giay-nghi-phep', 'pg': 'phieu-gui', 'pc': 'phieu-chuyen', 'pb': 'phieu-bao', 'thc': 'thu-cong', 'hp': 'hien-phap', 'luat': 'luat', 'pl': 'phap-lenh', 'lenh': 'lenh', 'nd': 'nghi-dinh', 'tt': 'thong-tu', 'ttlt': 'thong-tu-lien-tich'}
BACKWARD = {'cong-van': 'cv', 'nghi-quyet': 'nq', 'quyet-dinh': 'qd', 'chi-thi': 'ct', 'quy-che': 'qc', 'quy-dinh': 'qyd', 'thong-cao': 'tc', 'thong-bao': 'tb', 'huong-dan': 'hd', 'chuong-trinh': 'ctr', 'ke-hoach': 'kh', 'phuong-an': 'pa', 'de-an': 'dea', 'du-an': 'da', 'bao-cao': 'bc', 'bien-ban': 'bb', 'to-trinh': 'ttr', 'hop-dong': 'hdg', 'cong-dien': 'cd', 'ban-ghi-nho': 'bgn', 'ban-thoa-thuan': 'btt', 'giay-uy-quyen': 'guq', 'giay-moi': 'gm', 'giay-gioi-thieu': 'ggt', 'giay-nghi-phep': 'gnp', 'phieu-gui': 'pg', 'phieu-chuyen': 'pc', 'phieu-bao': 'pb', 'thu-cong': 'thc', 'hien-phap': 'hp', 'luat': 'luat', 'phap-lenh': 'pl', 'lenh': 'lenh', 'nghi-dinh': 'nd', 'thong-tu': 'tt', 'thong-tu-lien-tich': 'ttlt', 'bo-luat': 'luat', 'nghi-quyet-qppl': 'nq', 'nghi-quyet-hdnd': 'nq', 'quyet-dinh-ttg': 'qd', 'quyet-dinh-ubnd': 'qd'}


class Migration(migrations.Migration):
    """Data only: PostgreSQL refuses an ALTER TABLE after UPDATEs in one transaction (pending
    deferred-constraint triggers), so the field change is 0002 and the rewrite is its own migration."""

    dependencies = [
        ("dispatches", "0002_one_document_type_vocabulary"),
    ]

    operations = [
        RemapValues(APP, MODELS, "doc_type", FORWARD, BACKWARD),
    ]
