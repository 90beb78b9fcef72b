"""The columns of the procedure and legal-document files (file format identifiers: never translated)."""

from ..models import ChannelKind

CODE, NAME = "Mã thủ tục", "Tên thủ tục"
SECTOR_CODE, SECTOR = "Mã lĩnh vực", "Lĩnh vực"
LEVEL, STEPS, DOSSIER, COPIES = "Cấp thực hiện", "Trình tự thực hiện", "Thành phần hồ sơ", "Số lượng hồ sơ"
APPLICANTS, BODY, RESULT = "Đối tượng thực hiện", "Cơ quan thực hiện", "Kết quả thực hiện"
CONDITIONS, LEGAL_BASIS = "Yêu cầu, điều kiện", "Căn cứ pháp lý"
ONLINE_URL, EFFECTIVE_ON = "Địa chỉ dịch vụ công trực tuyến", "Ngày có hiệu lực"
ABOLISHED_ON, ABOLITION = "Ngày bãi bỏ", "Quyết định bãi bỏ"
CHANNEL_LABELS = {ChannelKind.DIRECT: "Trực tiếp", ChannelKind.ONLINE: "Trực tuyến", ChannelKind.POSTAL: "Bưu chính"}
CHANNEL_PARTS = {"time_limit": "Thời hạn", "working_days": "Số ngày làm việc", "fee": "Phí, lệ phí",
                 "description": "Mô tả"}


def channel_column(kind, part):
    return f"{CHANNEL_LABELS[kind]} - {CHANNEL_PARTS[part]}"


CHANNEL_COLUMNS = [channel_column(kind, part) for kind in CHANNEL_LABELS for part in CHANNEL_PARTS]
PROCEDURE_COLUMNS = [CODE, NAME, SECTOR_CODE, SECTOR, LEVEL, STEPS, *CHANNEL_COLUMNS, DOSSIER, COPIES, APPLICANTS,
                     BODY, RESULT, LEGAL_BASIS, CONDITIONS, ONLINE_URL, EFFECTIVE_ON, ABOLISHED_ON, ABOLITION]

DOC_TYPE, DOC_NUMBER, DOC_ISSUER, DOC_SIGNER = "Loại văn bản", "Số, ký hiệu", "Cơ quan ban hành", "Người ký"
DOC_ISSUED, DOC_EFFECTIVE, DOC_VALIDITY = "Ngày ban hành", "Ngày có hiệu lực", "Tình trạng hiệu lực"
DOC_LAPSED, DOC_SUMMARY, DOC_SECRECY = "Ngày hết hiệu lực", "Trích yếu", "Độ mật"
DOCUMENT_COLUMNS = [DOC_TYPE, DOC_NUMBER, DOC_ISSUER, DOC_SIGNER, DOC_ISSUED, DOC_EFFECTIVE, DOC_VALIDITY,
                    DOC_LAPSED, DOC_SUMMARY, SECTOR_CODE, SECTOR]
# The field names of the national data standard for exchanging documents (Decree 30/2020, app. VI).
DOCUMENT_ALIASES = {"typename": DOC_TYPE, "issueddate": DOC_ISSUED, "organname": DOC_ISSUER,
                    "subject": DOC_SUMMARY, "fullname": DOC_SIGNER}
