"""Helpers for the pledge tests: the public form's answers, sending it as a browser would, and
signatories made through the services."""

import itertools
import json
from typing import Any

from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.confidential_reports.tests.helpers import form_fields, solve
from lantern.governance import services_pledge
from lantern.governance.models import PledgeCommitment, PledgeSignatory
from tests.support import make_user

ANSWERS: dict[str, Any] = {
    "organisation": "Tipton Community Larder",
    "sector": "voluntary",
    "signatory_name": "Mercy Okonkwo",
    "signatory_role": "Chair of Trustees",
    "contact_email": "mercy.okonkwo@tipton-larder.example",
    "contact_phone": "0121 555 0190",
    "commitments": ["leadership", "awareness", "victims"],
    "listed_publicly": "yes",
    "authorised": "on",
}
_numbers = itertools.count(1)


def pledge_data(client: Client, *, solve_puzzle: bool = True, **overrides: Any) -> dict[str, Any]:
    """What a browser sends for a freshly served form, filled in with ANSWERS (and any overrides)."""
    response = client.get("/pledge/sign/")
    assert response.status_code == 200
    hidden = form_fields(response.content.decode())
    data: dict[str, Any] = {**ANSWERS, "website": "", **overrides, "challenge": hidden["challenge"]}
    data = {key: value for key, value in data.items() if value is not None}
    if solve_puzzle:
        data["pow_number"] = str(solve(json.loads(hidden["challenge"])))
    return data


def send_request(client: Client, **overrides: Any) -> Any:
    return client.post("/pledge/sign/", pledge_data(client, **overrides))


def programme_manager() -> Any:
    return make_user(Role.PROGRAMME_MANAGER)


def requested(**overrides: Any) -> PledgeSignatory:
    n = next(_numbers)
    fields: dict[str, Any] = {
        "organisation": f"Test Organisation {n}", "sector": "business", "signatory_name": f"Signer {n}",
        "signatory_role": "Managing Director", "contact_email": f"signer{n}@org.example", "contact_phone": "",
        "commitments": list(PledgeCommitment.values), "listed_publicly": True, **overrides,
    }
    return services_pledge.pledge_request_submit(**fields)


def approved(manager: Any = None, **overrides: Any) -> PledgeSignatory:
    return services_pledge.pledge_approve(signatory=requested(**overrides), acting_user=manager or programme_manager())
