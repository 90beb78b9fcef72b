"""One document-type vocabulary (portal/doctypes.py): procedures' kebab keys are kept, except that
the administrative Nghị quyết / Quyết định lose their "hc-" prefix (the plain Decree 30 names) and the
legal normative Nghị quyết becomes "nghi-quyet-qppl". Reversible.
"""


from django.db import migrations

from portal.migration_operations import RemapValues

APP = "procedures"
MODELS = ("LegalDocument", "HistoricalLegalDocument")
FORWARD = {'nghi-quyet': 'nghi-quyet-qppl', 'hc-nghi-quyet': 'nghi-quyet', 'hc-quyet-dinh': 'quyet-dinh'}
BACKWARD = {'nghi-quyet-qppl': 'nghi-quyet', 'nghi-quyet': 'hc-nghi-quyet', 'quyet-dinh': 'hc-quyet-dinh'}


class Migration(migrations.Migration):
    """Data only: PostgreSQL refuses an ALTER TABLE after UPDATEs in one transaction (pending
    deferred-constraint triggers), so the field change is 0002 and the rewrite is its own migration."""

    dependencies = [
        ("procedures", "0002_one_document_type_vocabulary"),
    ]

    operations = [
        RemapValues(APP, MODELS, "doc_type", FORWARD, BACKWARD),
    ]
