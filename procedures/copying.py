"""Duplicate a procedure to start a similar one: one function, used by the admin action and button."""

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from portal.publishing import Status

from .models import Channel, FormTemplate, LegalBasis, Procedure

COPIED_FIELDS = ("sector", "level", "steps", "dossier", "dossier_copies", "applicants", "body", "result",
                 "conditions", "legal_basis_text", "online_url", "effective_on")


@transaction.atomic
def duplicate_procedure(procedure: Procedure, user=None) -> Procedure:
    """A draft copy with its channel table, forms (files copied), legal basis and related procedures.

    The national code is left empty (it is unique within the agency) and so is any abolition.
    """
    copy = Procedure(agency_id=procedure.agency_id, code="", status=Status.DRAFT, created_by=user, updated_by=user,
                     name=(_("%(name)s (bản sao)") % {"name": procedure.name})[:500],
                     **{name: getattr(procedure, name) for name in COPIED_FIELDS})
    copy._history_user = user
    copy.save()
    for channel in Channel.objects.filter(procedure=procedure):
        Channel(agency_id=copy.agency_id, procedure=copy, kind=channel.kind, time_limit=channel.time_limit,
                working_days=channel.working_days, fee=channel.fee, description=channel.description).save()
    for basis in LegalBasis.objects.filter(procedure=procedure):
        LegalBasis.objects.create(agency_id=copy.agency_id, procedure=copy, document_id=basis.document_id,
                                  note=basis.note, order=basis.order)
    copy.related.set(procedure.related.all())
    for form in FormTemplate.objects.filter(procedure=procedure):
        new = FormTemplate(agency_id=copy.agency_id, procedure=copy, title=form.title, order=form.order)
        try:
            with form.file.open("rb") as handle:
                content = handle.read()
        except (FileNotFoundError, OSError):
            continue  # a lost file is not copied; the form row would be useless
        new.file.save(PurePosixPath(form.file.name).name, ContentFile(content), save=False)
        new.save()
    return copy
