"""The officer's due-diligence pages: a supplier's questionnaires, code of conduct, audits, corrective
actions and contracts (a section of the supplier's page: ``due_diligence_context``); the overdue actions
across suppliers; the contract register.

Procurement officers manage; programme managers read. Every other role is refused: 404 for a page of
one supplier (as the supplier's own page answers), 403 for the other pages; a record that does not
exist is 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.audit.services import audit_read
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.files import file_response
from lantern.core.forms import raise_as_form_errors
from lantern.core.pages import form_page
from lantern.supply_chain import forms_due_diligence as dd_forms
from lantern.supply_chain import questionnaire_workflow
from lantern.supply_chain.models import (
    AuditFinding,
    CodeOfConductAcknowledgement,
    Contract,
    CorrectiveAction,
    Questionnaire,
    Supplier,
    SupplierAudit,
)
from lantern.supply_chain.selectors import due_diligence as selectors
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.selectors import suppliers as supplier_selectors
from lantern.supply_chain.services import due_diligence as services


def _dd_url(supplier: Supplier) -> str:
    """The supplier's due diligence: a section of the supplier's page."""
    return reverse("supply_chain:supplier-detail", args=[supplier.reference]) + "#due-diligence"


def _supplier_crumbs(supplier: Supplier, *rest: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return crumbs((f"{supplier.name}: due diligence", _dd_url(supplier)), *rest)


def _manage_form(request: HttpRequest, *, heading: str, caption: str, crumbs_for: list[dict[str, str | None]],
                 form_class: Any, save: Any, success_url: Any, success_message: Any, lede: str = "",
                 form_kwargs: dict[str, Any] | None = None) -> HttpResponse:
    selectors.ensure_can_manage(signed_in_user(request))
    return form_page(request, form_class=form_class, save=save, template="form_page.html",
                     context={"heading": heading, "caption": caption, "crumbs": crumbs_for, "lede": lede},
                     success_url=success_url, success_message=success_message, form_kwargs=form_kwargs)


# --- A supplier's due diligence -----------------------------------------------------------------


def due_diligence_context(*, user: Any, supplier: Supplier) -> dict[str, Any]:
    """The context of the section template ``supply_chain/suppliers/_due_diligence.html``."""
    summary = selectors.due_diligence_summary(user=user, supplier=supplier,
                                              code_version=services.code_of_conduct_current())
    return {"dd": summary, "dd_can_manage": selectors.may_manage(user)}


@login_required
def supplier_due_diligence(request: HttpRequest, supplier_id: int) -> HttpResponse:
    """The address a supplier's due diligence had when it was a page of its own: it is now a section of
    the supplier's page (``due_diligence_context``), so this leads there."""
    supplier = supplier_selectors.supplier_get_for_user(user=signed_in_user(request), supplier_id=supplier_id)
    return redirect(_dd_url(supplier))


# --- Questionnaires ----------------------------------------------------------------------------


@login_required
def questionnaire_create(request: HttpRequest, supplier_id: int) -> HttpResponse:
    user = signed_in_user(request)
    supplier = supplier_selectors.supplier_get_for_user(user=user, supplier_id=supplier_id)

    def save(form: dd_forms.QuestionnaireCreateForm) -> Questionnaire:
        return services.questionnaire_create(supplier=supplier, acting_user=user, **form.cleaned_data)

    def saved(questionnaire: Questionnaire) -> str:
        return reverse("supply_chain:questionnaire-detail", args=[questionnaire.reference])

    return _manage_form(
        request, heading="Send a questionnaire", caption=supplier.name,
        crumbs_for=_supplier_crumbs(supplier, ("Send a questionnaire", None)),
        lede="The contact will get a link of their own to answer: no account is needed. Save it as a draft, "
             "then check and send it.",
        form_class=dd_forms.QuestionnaireCreateForm, save=save, success_url=saved,
        success_message=lambda q: f"Questionnaire {q.reference} saved as a draft.")


@login_required
def questionnaire_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    questionnaire = selectors.questionnaire_get_for_user(user=user, reference=reference)
    audit_read(user=user, record=questionnaire, label=questionnaire.reference, request=request)
    question_set = services.question_set_of(questionnaire)
    answered = [
        (theme, [(question, question.option(questionnaire.answers.get(question.key, ""))) for question in theme.questions])
        for theme in question_set.themes
    ]
    history = list(selectors.questionnaires_for_supplier(questionnaire.supplier).exclude(pk=questionnaire.pk))
    moves = questionnaire_workflow.moves_from(questionnaire.status)
    return render(request, "supply_chain/due_diligence/questionnaire_detail.html", {
        "questionnaire": questionnaire, "question_set": question_set, "answered": answered, "history": history,
        "can_manage": selectors.may_manage(user),
        "can_send": "questionnaire_send" in moves, "can_withdraw": "questionnaire_withdraw" in moves,
        "can_renew": questionnaire.status in ("sent", "in_progress", "submitted"),
        "can_revoke": questionnaire.token_hash is not None,
        "can_new_round": not questionnaire.supplier.questionnaires.filter(
            status__in=["draft", "sent", "in_progress"]).exists(),
        "crumbs": _supplier_crumbs(questionnaire.supplier, (f"Questionnaire {questionnaire.reference}", None)),
    })


def _questionnaire_action(request: HttpRequest, reference: str, act: Any, done: str) -> HttpResponse:
    user = signed_in_user(request)
    questionnaire = selectors.questionnaire_get_for_user(user=user, reference=reference)
    selectors.ensure_can_manage(user)
    try:
        result = act(questionnaire, user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("supply_chain:questionnaire-detail", reference=questionnaire.reference)
    messages.success(request, done)
    target = result if isinstance(result, Questionnaire) else questionnaire
    return redirect("supply_chain:questionnaire-detail", reference=target.reference)


@require_POST
@login_required
def questionnaire_send(request: HttpRequest, reference: str) -> HttpResponse:
    return _questionnaire_action(
        request, reference, lambda q, u: services.questionnaire_send(questionnaire=q, acting_user=u)[0],
        "Questionnaire sent: the contact has been emailed a link.")


@require_POST
@login_required
def questionnaire_renew_link(request: HttpRequest, reference: str) -> HttpResponse:
    return _questionnaire_action(
        request, reference, lambda q, u: services.questionnaire_link_renew(questionnaire=q, acting_user=u)[0],
        "A new link has been emailed to the contact. The old link no longer works.")


@require_POST
@login_required
def questionnaire_revoke_link(request: HttpRequest, reference: str) -> HttpResponse:
    return _questionnaire_action(
        request, reference, lambda q, u: services.questionnaire_link_revoke(questionnaire=q, acting_user=u),
        "The link has been revoked: it no longer works.")


@require_POST
@login_required
def questionnaire_new_round(request: HttpRequest, reference: str) -> HttpResponse:
    return _questionnaire_action(
        request, reference, lambda q, u: services.questionnaire_new_round(previous=q, acting_user=u),
        "A new round has been saved as a draft, for the same contact.")


@login_required
def questionnaire_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    questionnaire = selectors.questionnaire_get_for_user(user=user, reference=reference)
    detail = reverse("supply_chain:questionnaire-detail", args=[questionnaire.reference])

    def save(form: dd_forms.WithdrawForm) -> None:
        services.questionnaire_withdraw(questionnaire=questionnaire, acting_user=user, reason=form.cleaned_data["reason"])

    return _manage_form(
        request, heading="Withdraw the questionnaire", caption=f"Questionnaire {questionnaire.reference}",
        crumbs_for=_supplier_crumbs(questionnaire.supplier, (f"Questionnaire {questionnaire.reference}", detail),
                                    ("Withdraw", None)),
        lede="The link will stop working and the supplier will not be able to answer.",
        form_class=dd_forms.WithdrawForm, save=save, success_url=detail, success_message="Questionnaire withdrawn.")


# --- The code of conduct -----------------------------------------------------------------------


@login_required
def code_acknowledgement_record(request: HttpRequest, supplier_id: int) -> HttpResponse:
    user = signed_in_user(request)
    supplier = supplier_selectors.supplier_get_for_user(user=user, supplier_id=supplier_id)
    version = services.code_of_conduct_current()

    def save(form: dd_forms.CodeAcknowledgementForm) -> CodeOfConductAcknowledgement:
        return services.code_of_conduct_acknowledge(supplier=supplier, version=version, acting_user=user,
                                                    **form.cleaned_data)

    return _manage_form(
        request, heading="Record acknowledgement of the code of conduct", caption=supplier.name,
        crumbs_for=_supplier_crumbs(supplier, ("Code of conduct", None)),
        lede=f"Version {version.version} of the code, published {version.published_on:%-d %B %Y}. Record who at the "
             "supplier acknowledged it (for example, by signing it) and when.",
        form_class=dd_forms.CodeAcknowledgementForm, save=save, success_url=_dd_url(supplier),
        success_message="Acknowledgement of the code of conduct recorded.")


# --- Audits, findings and corrective actions ---------------------------------------------------


@login_required
def audit_create(request: HttpRequest, supplier_id: int) -> HttpResponse:
    user = signed_in_user(request)
    supplier = supplier_selectors.supplier_get_for_user(user=user, supplier_id=supplier_id)

    def save(form: dd_forms.SupplierAuditForm) -> SupplierAudit:
        return services.supplier_audit_create(supplier=supplier, acting_user=user, **form.cleaned_data)

    return _manage_form(
        request, heading="Record an audit", caption=supplier.name,
        crumbs_for=_supplier_crumbs(supplier, ("Record an audit", None)),
        form_class=dd_forms.SupplierAuditForm, save=save,
        success_url=lambda audit: reverse("supply_chain:audit-detail", args=[audit.reference]),
        success_message=lambda audit: f"Audit {audit.reference} recorded. Add its findings below.")


@login_required
def audit_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    audit = selectors.audit_get_for_user(user=user, reference=reference)
    findings = audit.findings.prefetch_related("actions__owner")
    return render(request, "supply_chain/due_diligence/audit_detail.html", {
        "audit": audit, "findings": findings, "can_manage": selectors.may_manage(user),
        "today": timezone.localdate(),
        "crumbs": _supplier_crumbs(audit.supplier, (f"Audit {audit.reference}", None))})


@login_required
def finding_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    audit = selectors.audit_get_for_user(user=user, reference=reference)
    detail = reverse("supply_chain:audit-detail", args=[audit.reference])

    def save(form: dd_forms.FindingForm) -> AuditFinding:
        return services.audit_finding_add(audit=audit, acting_user=user, **form.cleaned_data)

    return _manage_form(
        request, heading="Add a finding", caption=f"Audit {audit.reference}",
        crumbs_for=_supplier_crumbs(audit.supplier, (f"Audit {audit.reference}", detail), ("Add a finding", None)),
        form_class=dd_forms.FindingForm, save=save, success_url=detail, success_message="Finding added.")


@login_required
def action_add(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = signed_in_user(request)
    finding = selectors.finding_get_for_user(user=user, finding_id=finding_id)
    audit = finding.audit
    detail = reverse("supply_chain:audit-detail", args=[audit.reference])

    def save(form: dd_forms.CorrectiveActionForm) -> CorrectiveAction:
        return services.corrective_action_add(finding=finding, acting_user=user, **form.cleaned_data)

    return _manage_form(
        request, heading="Add a corrective action", caption=f"Audit {audit.reference}: {finding.get_severity_display()} finding",
        crumbs_for=_supplier_crumbs(audit.supplier, (f"Audit {audit.reference}", detail), ("Add a corrective action", None)),
        lede=finding.description, form_class=dd_forms.CorrectiveActionForm, save=save, success_url=detail,
        success_message="Corrective action added.")


@login_required
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    audit = action.finding.audit
    url = reverse("supply_chain:action-detail", args=[action.pk])
    can_manage = selectors.may_manage(user)
    form = None
    if request.method == "POST":
        selectors.ensure_can_manage(user)
        form = dd_forms.ActionUpdateForm(request.POST, current=action.status)
        if form.is_valid():
            try:
                services.corrective_action_update(action=action, acting_user=user, **form.cleaned_data)
            except ValidationError as error:
                raise_as_form_errors(form, error)
            else:
                messages.success(request, "Corrective action updated.")
                return redirect(url)
    elif can_manage:
        form = dd_forms.ActionUpdateForm(current=action.status)
    return render(request, "supply_chain/due_diligence/action_detail.html", {
        "action": action, "audit": audit, "updates": action.updates.select_related("created_by"),
        "evidence": action.evidence.all(), "form": form if can_manage else None, "can_manage": can_manage,
        "overdue": action.is_overdue(timezone.localdate()),
        "crumbs": _supplier_crumbs(audit.supplier, (f"Audit {audit.reference}",
                                                    reverse("supply_chain:audit-detail", args=[audit.reference])),
                                   ("Corrective action", None))},
        status=400 if form is not None and form.is_bound and form.errors else 200)


@login_required
def evidence_add(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    url = reverse("supply_chain:action-detail", args=[action.pk])

    def save(form: dd_forms.EvidenceForm) -> None:
        try:
            services.corrective_action_evidence_add(action=action, acting_user=user, upload=form.cleaned_data["file"],
                                                    description=form.cleaned_data["description"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({"file": error.messages}) from error

    return _manage_form(
        request, heading="Upload evidence", caption="Corrective action",
        crumbs_for=_supplier_crumbs(action.finding.audit.supplier, ("Corrective action", url), ("Upload evidence", None)),
        form_class=dd_forms.EvidenceForm, save=save, success_url=url, success_message="Evidence uploaded.")


@login_required
def evidence_download(request: HttpRequest, action_id: int, evidence_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    evidence = selectors.evidence_get_on_action(action=action, evidence_id=evidence_id)
    audit_read(user=user, record=action, action="corrective_action.evidence_download", export=True,
               details={"evidence": evidence.pk})
    return file_response(evidence, name=f"{action.finding.audit.reference}-action-{action.pk}-evidence-{evidence.pk}")


@login_required
def actions_overdue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    actions = selectors.actions_overdue(user=user)
    return render(request, "supply_chain/due_diligence/overdue_actions.html", {
        "actions": actions, "today": timezone.localdate(),
        "crumbs": crumbs(("Overdue corrective actions", None))})


# --- Contracts ---------------------------------------------------------------------------------


def _contract_fields(form: dd_forms.ContractForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["supplier"] = data.pop("supplier_reference")
    return data


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    contracts = list(selectors.contracts_visible_to(user).order_by("ends_on", "reference"))
    risks = risk_selectors.contract_risks(contracts)
    return render(request, "supply_chain/due_diligence/contract_list.html", {
        "contracts": [(contract, risks[contract.pk]) for contract in contracts],
        "can_manage": selectors.may_manage(user), "crumbs": crumbs(("Contracts", None))})


@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    initial = {}
    supplier_id = request.GET.get("supplier", "")
    if supplier_id.isdigit():
        supplier = Supplier.objects.filter(pk=int(supplier_id)).first()
        if supplier is not None:
            initial["supplier_reference"] = supplier.reference

    def save(form: dd_forms.ContractForm) -> Contract:
        return services.contract_create(acting_user=user, **_contract_fields(form))

    return _manage_form(
        request, heading="Add a contract", caption="Contracts",
        crumbs_for=crumbs(("Contracts", reverse("supply_chain:contract-list")), ("Add a contract", None)),
        form_class=dd_forms.ContractForm, save=save, form_kwargs={"initial": initial},
        success_url=reverse("supply_chain:contract-list"), success_message=lambda c: f"Contract {c.reference} added.")


@login_required
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = signed_in_user(request)
    contract = selectors.contract_get_for_user(user=user, contract_id=contract_id)

    def save(form: dd_forms.ContractForm) -> Contract:
        return services.contract_update(contract=contract, acting_user=user, **_contract_fields(form))

    return _manage_form(
        request, heading=f"Change contract {contract.reference}", caption="Contracts",
        crumbs_for=crumbs(("Contracts", reverse("supply_chain:contract-list")), (contract.reference, None)),
        form_class=dd_forms.ContractForm, save=save, form_kwargs={"instance": contract},
        success_url=reverse("supply_chain:contract-list"), success_message="Contract updated.")


@login_required
def contract_delete(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = signed_in_user(request)
    contract = selectors.contract_get_for_user(user=user, contract_id=contract_id)
    selectors.ensure_can_manage(user)
    if request.method == "POST":
        services.contract_delete(contract=contract, acting_user=user)
        messages.success(request, f"Contract {contract.reference} removed from the register.")
        return redirect("supply_chain:contract-list")
    return render(request, "supply_chain/due_diligence/contract_delete.html", {
        "contract": contract,
        "crumbs": crumbs(("Contracts", reverse("supply_chain:contract-list")), (contract.reference, None))})
