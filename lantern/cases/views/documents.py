"""Uploading a document to a case, and downloading it again (decrypted, named by reference only)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from lantern.accounts.models import User
from lantern.audit.services import audit_read
from lantern.cases import forms as case_forms
from lantern.cases import selectors, services
from lantern.cases.models import Case
from lantern.cases.views._common import case_for_view, case_form_page
from lantern.core.files import file_response


@login_required
def case_attachment(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.AttachmentForm) -> None:
        services.attachment_add(case=case, acting_user=user, upload=form.cleaned_data["file"],
                                description=form.cleaned_data["description"])

    return case_form_page(request, reference, heading="Upload a document", form_class=case_forms.AttachmentForm,
                          save=save, success="Document uploaded.")


@login_required
def attachment_download(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponse:
    case, _on_caseload, purpose = case_for_view(request, reference)
    if purpose is not None:
        return purpose
    attachment = selectors.attachment_get_on_case(case=case, attachment_id=attachment_id)
    audit_read(user=request.user, record=case, label=case.reference, action="case.attachment_download",
               export=True, details={"attachment": attachment.pk})
    # The stored name may identify someone: the download is named by reference only.
    return file_response(attachment, name=f"{case.reference}-document-{attachment.pk}")
