"""The public pages of the Slavery Free Pledge (no sign-in): what the pledge is and who has signed
it, and the form an organisation uses to ask to sign.

The list shows only approved signatories who agreed to be listed, and of them only
``PUBLISHED_FIELDS``. The form is protected as the confidential report form is, by the same pieces
(``lantern.confidential_reports.abuse``): a signed, one-use proof-of-work puzzle the browser solves
while the person types, a minimum time, a honeypot, a bound on how often one form is sent, and
global budgets of its own (``LANTERN_PLEDGE_RATE``). Every answer comes back on any refusal.
"""

import functools
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.confidential_reports import abuse
from lantern.core.forms import raise_as_form_errors
from lantern.governance import selectors_pledge, services_pledge
from lantern.governance.forms_pledge import PledgeRequestForm
from lantern.governance.models import COMMITMENT_DESCRIPTIONS, PledgeCommitment, PledgeSector

logger = logging.getLogger(__name__)

PLEDGE_PURPOSE = "pledge"
PLEDGE_FORM = abuse.PublicForm(
    purpose=PLEDGE_PURPOSE, thing="request", things="requests", button="Send request",
    group="pledge.request", rate_setting="LANTERN_PLEDGE_RATE",
    unverified_group="pledge.request.unverified", unverified_rate_setting="LANTERN_PLEDGE_RATE_UNVERIFIED",
)
SENT_KEY = "lantern_pledge_sent"
NOT_SAVED = ("Sorry, there is a problem with the service and your request has not been sent yet. "
             "Press ‘Send request’ again. Your answers are still here.")
NOT_SENT_YET = ("This request is still being sent. Wait a minute, then press ‘Send request’ again to check it "
                "arrived. Your answers are still here.")


def _commitments() -> list[dict[str, str]]:
    return [{"label": c.label, "description": COMMITMENT_DESCRIPTIONS[c]} for c in PledgeCommitment]


def index(request: HttpRequest) -> HttpResponse:
    signatories = list(selectors_pledge.signatories_public())
    total = len(PledgeCommitment.values)
    rows = [{"organisation": s.organisation, "sector": PledgeSector(s.sector).label, "signed_on": s.signed_on,
             "commitments": s.commitment_labels, "all": len(s.commitments) == total} for s in signatories]
    return render(request, "governance/pledge/public/index.html", {
        "commitments": _commitments(), "signatories": rows,
        "sectors": [(label, sum(1 for s in signatories if s.sector == value)) for value, label in PledgeSector.choices],
    })


def _render_form(request: HttpRequest, form: PledgeRequestForm, *, challenge: str, pow_number: str = "",
                 status: int = 200, problem: str = "") -> HttpResponse:
    return render(request, "governance/pledge/public/sign.html", {
        "form": form, "challenge": challenge, "pow_number": pow_number, "problem": problem,
        "commitment_hints": {c.value: COMMITMENT_DESCRIPTIONS[c] for c in PledgeCommitment},
        "show_honeypot": bool(form.is_bound and form.data.get("website")),
    }, status=status)


def sign(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, PledgeRequestForm(), challenge=abuse.challenge_issue(PLEDGE_PURPOSE))
    form = PledgeRequestForm(request.POST)
    challenge_json = request.POST.get("challenge", "")
    pow_number = request.POST.get("pow_number", "").strip()

    # 1. May this sending go on at all? (the shared gates decide; nothing of the form is read yet.)
    gate = abuse.public_form_gate(request, form=PLEDGE_FORM, challenge_json=challenge_json, pow_number=pow_number,
                                  honeypot=request.POST.get("website", ""))
    if gate.refusal is not None:
        refusal = gate.refusal
        if refusal.already_sent:
            return render(request, "governance/pledge/public/already_sent.html", {}, status=refusal.status)
        challenge = abuse.challenge_issue(PLEDGE_PURPOSE) if refusal.fresh_challenge else challenge_json
        return _render_form(request, form, challenge=challenge, pow_number="" if refusal.fresh_challenge else pow_number,
                            status=refusal.status, problem=refusal.problem)

    # 2. Validate the answers.
    if not form.is_valid():
        return _render_form(request, form, challenge=challenge_json, pow_number=pow_number, status=400)

    # 3. Record the request: one sending saves it, and the form is spent when the transaction commits.
    key = gate.check.key
    claim = abuse.challenge_claim(key)
    if claim == "spent":
        return render(request, "governance/pledge/public/already_sent.html", {}, status=409)
    if claim == "busy":
        return _render_form(request, form, challenge=challenge_json, pow_number=pow_number, status=409,
                            problem=NOT_SENT_YET)
    try:
        with transaction.atomic():
            signatory = services_pledge.pledge_request_submit(**form.answers())
            transaction.on_commit(functools.partial(abuse.challenge_spend, key))
    except ValidationError as exc:
        raise_as_form_errors(form, exc)
        return _render_form(request, form, challenge=abuse.challenge_issue(PLEDGE_PURPOSE), status=400)
    except DatabaseError as exc:  # nothing was saved
        logger.warning("A pledge request could not be saved (%s); the sender was asked to send it again",
                       type(exc).__name__)
        return _render_form(request, form, challenge=challenge_json, pow_number=pow_number, status=503,
                            problem=NOT_SAVED)
    finally:
        abuse.challenge_release(key)
    request.session[SENT_KEY] = {"reference": signatory.reference, "organisation": signatory.organisation,
                                 "listed": signatory.listed_publicly}
    return redirect("pledge:sent")


def sent(request: HttpRequest) -> HttpResponse:
    """The confirmation page, after a request was saved (from the session; otherwise back to the form)."""
    details: Any = request.session.get(SENT_KEY)
    if not details:
        return redirect("pledge:sign")
    return render(request, "governance/pledge/public/sent.html", {
        "sent": details, "contact_email": settings.DEFAULT_FROM_EMAIL})
