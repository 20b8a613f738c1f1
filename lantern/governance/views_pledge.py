"""Staff pages of the pledge register: the list (filters by status and sector), a signatory's page,
and the programme manager's decisions, follow-up and withdrawal.

Governance viewers (VIEW_GOVERNANCE) read the register without the signatories' names and contact
details; the programme manager (MANAGE_PLEDGE) sees those too, and is the one who acts. Every
other role is refused (403); a reference that does not exist is 404.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lantern.audit.services import audit_read
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.governance import pledge_workflow, selectors_pledge, services_pledge
from lantern.governance.forms_pledge import (
    PledgeApproveForm,
    PledgeFilterForm,
    PledgeFollowUpForm,
    PledgeReasonForm,
    PledgeWithdrawForm,
)
from lantern.governance.models import PledgeCommitment, PledgeSignatory, PledgeStatus


def _require_view(user: Any) -> None:
    if not (selectors_pledge.can_view_register(user) or selectors_pledge.can_manage_pledge(user)):
        raise PermissionDenied


def _require_manage(user: Any) -> None:
    if not selectors_pledge.can_manage_pledge(user):
        raise PermissionDenied


def _register_crumb() -> tuple[str, str]:
    return ("Slavery Free Pledge", reverse("governance:pledge-list"))


def _detail_url(signatory: PledgeSignatory) -> str:
    return reverse("governance:pledge-detail", args=[signatory.reference])


@login_required
def pledge_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _require_view(user)
    filters = PledgeFilterForm(request.GET or None)
    status = sector = ""
    if filters.is_valid():
        status, sector = filters.cleaned_data["status"], filters.cleaned_data["sector"]
    signatories = selectors_pledge.signatories_filtered(user, status=status, sector=sector)
    return render(request, "governance/pledge/list.html", {
        "filters": filters, "signatories": signatories, "filtered": bool(status or sector),
        "counts": selectors_pledge.register_counts(user), "statuses": PledgeStatus,
        "can_manage": selectors_pledge.can_manage_pledge(user),
        "crumbs": crumbs(("Slavery Free Pledge", None)),
    })


@login_required
def pledge_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    _require_view(user)
    signatory = selectors_pledge.signatory_get_for_user(user=user, reference=reference)
    can_manage = selectors_pledge.can_manage_pledge(user)
    if can_manage:  # the page shows the signatory's name and contact details
        audit_read(user=user, record=signatory, label=signatory.reference, request=request)
    adopted = set(signatory.commitments)
    return render(request, "governance/pledge/detail.html", {
        "signatory": signatory, "can_manage": can_manage, "statuses": PledgeStatus,
        "commitments": [(c.label, c.value in adopted) for c in PledgeCommitment],
        "follow_ups": signatory.follow_ups.all(),
        "can_decide": can_manage and pledge_workflow.can_move(signatory, PledgeStatus.APPROVED),
        "can_withdraw": can_manage and pledge_workflow.can_move(signatory, PledgeStatus.WITHDRAWN),
        "can_follow_up": can_manage and signatory.status == PledgeStatus.APPROVED,
        "crumbs": crumbs(_register_crumb(), (signatory.organisation, None)),
    })


def _action_page(request: HttpRequest, reference: str, *, heading: str, form_class: Any, save: Any,
                 message: str, lede: str = "", form_kwargs: dict[str, Any] | None = None) -> HttpResponse:
    user = signed_in_user(request)
    _require_manage(user)
    signatory = selectors_pledge.signatory_get_for_user(user=user, reference=reference)
    return form_page(
        request, form_class=form_class, form_kwargs=form_kwargs,
        save=lambda form: save(signatory, user, form.cleaned_data),
        template="form_page.html", success_url=_detail_url(signatory), success_message=message,
        invalid_status=400,
        context={"heading": heading, "caption": f"{signatory.organisation} ({signatory.reference})", "lede": lede,
                 "crumbs": crumbs(_register_crumb(), (signatory.organisation, _detail_url(signatory)),
                                  (heading, None))},
    )


@login_required
def pledge_approve(request: HttpRequest, reference: str) -> HttpResponse:
    return _action_page(
        request, reference, heading="Approve the signature", form_class=PledgeApproveForm,
        form_kwargs={"initial": {"signed_on": timezone.localdate()}},
        lede="The organisation becomes a signatory from this date. Its contact is emailed to say so; if it "
             "agreed to be listed, it appears on the public pledge page.",
        save=lambda s, u, d: services_pledge.pledge_approve(signatory=s, acting_user=u, signed_on=d["signed_on"]),
        message="Approved: the organisation has signed the pledge and its contact has been emailed.")


@login_required
def pledge_decline(request: HttpRequest, reference: str) -> HttpResponse:
    return _action_page(
        request, reference, heading="Decline the request", form_class=PledgeReasonForm,
        form_kwargs={"submit_label": "Decline the request", "reason_label": "Why is it declined?",
                     "reason_hint": "Kept in the register; not sent to the organisation."},
        save=lambda s, u, d: services_pledge.pledge_decline(signatory=s, acting_user=u, reason=d["reason"]),
        message="The request has been declined.")


@login_required
def pledge_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    return _action_page(
        request, reference, heading="Withdraw the signatory", form_class=PledgeWithdrawForm,
        form_kwargs={"submit_label": "Withdraw", "reason_label": "Why is it withdrawn?",
                     "initial": {"withdrawn_on": timezone.localdate()}},
        lede="It leaves the public pledge page at once. Its record and follow-up stay in the register.",
        save=lambda s, u, d: services_pledge.pledge_withdraw(signatory=s, acting_user=u, reason=d["reason"],
                                                             withdrawn_on=d["withdrawn_on"]),
        message="The signatory has been withdrawn and no longer appears on the public page.")


@login_required
def pledge_follow_up(request: HttpRequest, reference: str) -> HttpResponse:
    return _action_page(
        request, reference, heading="Record follow-up", form_class=PledgeFollowUpForm,
        form_kwargs={"initial": {"happened_on": timezone.localdate()}},
        save=lambda s, u, d: services_pledge.pledge_follow_up_record(signatory=s, acting_user=u, **d),
        message="Follow-up recorded.")

