"""Demo data for the Slavery Free Pledge: a dozen fictional Sandwell signatories across the four
sectors, with follow-up, one that withdrew, one request declined and two waiting for a decision.

Made through the services, as the programme manager (idempotent: nothing is added once the register
has any entry). The approval emails go nowhere (a dummy email backend while seeding).
"""

import datetime
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.core.plugins import DemoSeeded
from lantern.governance import services_pledge
from lantern.governance.models import FollowUpKind, PledgeCommitment, PledgeSignatory

ALL = list(PledgeCommitment.values)
C = PledgeCommitment

# (organisation, sector, signatory, role, commitments, listed, signed days ago, follow-up [(kind, days ago, link, note)])
SIGNATORIES: list[tuple[str, str, str, str, list[str], bool, int, list[tuple[str, int, str, str]]]] = [
    ("Sandwell Valley Community Health Trust", "public_body", "Dr Priya Basra", "Chief Executive", ALL, True, 610,
     [("statement", 540, "https://www.svcht.example/modern-slavery-statement", ""),
      ("training", 400, "", "All ward managers completed first responder training.")]),
    ("Black Country Fire and Rescue (Sandwell District)", "public_body", "Gareth Hughes", "District Commander", ALL,
     True, 480, [("training", 300, "", "Fire safety inspectors trained to spot the signs in HMOs and car washes.")]),
    ("Six Towns Housing Partnership", "public_body", "Angela Moore", "Director of Housing",
     [C.LEADERSHIP, C.AWARENESS, C.TRAINING, C.INTELLIGENCE, C.VICTIMS], True, 365, []),
    ("Oldbury Precision Castings Ltd", "business", "Rajinder Gill", "Managing Director", ALL, True, 420,
     [("statement", 330, "https://www.oldbury-castings.example/modern-slavery", ""),
      ("note", 200, "", "Audited its two labour agencies and changed one.")]),
    ("Tipton Canal Logistics Ltd", "business", "Sarah Bennett", "Operations Director",
     [C.LEADERSHIP, C.AWARENESS, C.TRAINING, C.SUPPLY_CHAINS], True, 250,
     [("training", 120, "", "Warehouse supervisors trained; posters up in five languages.")]),
    ("Smethwick Fresh Foods Ltd", "business", "Imran Akhtar", "Owner",
     [C.AWARENESS, C.SUPPLY_CHAINS, C.ECONOMY], True, 190, []),
    ("Wednesbury Hand Car Wash Co-operative", "business", "Marek Nowak", "Secretary",
     [C.AWARENESS, C.TRAINING, C.ECONOMY], False, 150, []),
    ("Rowley Regis Food Bank", "voluntary", "Joan Whitehouse", "Chair of Trustees",
     [C.AWARENESS, C.INTELLIGENCE, C.VICTIMS], True, 330, []),
    ("Black Country Women's Refuge Network", "voluntary", "Nkechi Adebayo", "Director", ALL, True, 560,
     [("training", 500, "", "Refuge staff trained on the NRM and Duty to Notify.")]),
    ("West Bromwich Gurdwara Sahib Committee", "faith", "Harbhajan Singh Sandhu", "General Secretary",
     [C.LEADERSHIP, C.AWARENESS, C.VICTIMS], True, 280, []),
    ("St Bartholomew's Parish, Wednesbury", "faith", "Revd Catherine Price", "Vicar",
     [C.AWARENESS, C.VICTIMS], True, 90, []),
    ("Smethwick Central Mosque Trust", "faith", "Abdul Rahman", "Trustee", [C.AWARENESS, C.INTELLIGENCE, C.VICTIMS],
     False, 60, []),
]
WITHDRAWN = ("Great Bridge Print and Pack Ltd", "business", "Colin Price", "Director", [C.SUPPLY_CHAINS], True, 700,
             "The company closed and its site was sold.")
DECLINED = ("QuickStaff Recruitment (Midlands) Ltd", "business", "Dean Carter", "Sales Manager", [C.ECONOMY], True,
            "Asked to sign to use the pledge in marketing; no commitment beyond that. Invited to talk again.")
PENDING = [
    ("Cradley Heath Bakery Ltd", "business", "Lucy Edwards", "Owner", ALL, True),
    ("Tividale Community Church", "faith", "Pastor Samuel Owusu", "Senior Pastor",
     [C.AWARENESS, C.TRAINING, C.VICTIMS], True),
]


def _email(organisation: str) -> str:
    slug = "".join(ch for ch in organisation.lower() if ch.isalnum())[:24]
    return f"pledge@{slug}.example"


def _request(spec: tuple[Any, ...], *, asked_days_ago: int) -> PledgeSignatory:
    organisation, sector, name, role, commitments, listed = spec[:6]
    signatory = services_pledge.pledge_request_submit(
        organisation=organisation, sector=sector, signatory_name=name, signatory_role=role,
        contact_email=_email(organisation), commitments=list(commitments), listed_publicly=listed)
    asked = timezone.now() - datetime.timedelta(days=asked_days_ago)
    PledgeSignatory.objects.filter(pk=signatory.pk).update(created_at=asked)
    signatory.refresh_from_db()
    return signatory


def _sign(manager: User, spec: tuple[Any, ...], days_ago: int) -> PledgeSignatory:
    signatory = _request(spec, asked_days_ago=days_ago + 10)
    return services_pledge.pledge_approve(signatory=signatory, acting_user=manager,
                                          signed_on=timezone.localdate() - datetime.timedelta(days=days_ago))


@transaction.atomic
def seed() -> int:
    if PledgeSignatory.objects.exists():
        return 0
    manager = User.objects.filter(email=demo_email("programme.manager")).first()
    if manager is None:
        return 0
    today = timezone.localdate()
    for *spec, days_ago, follow_ups in SIGNATORIES:
        signatory = _sign(manager, tuple(spec), int(days_ago))
        for kind, happened, link, note in follow_ups:
            services_pledge.pledge_follow_up_record(
                signatory=signatory, acting_user=manager, kind=FollowUpKind(kind),
                happened_on=today - datetime.timedelta(days=happened), link=link, note=note)
    gone = _sign(manager, WITHDRAWN[:6], WITHDRAWN[6])
    services_pledge.pledge_withdraw(signatory=gone, acting_user=manager, reason=WITHDRAWN[7],
                                    withdrawn_on=today - datetime.timedelta(days=45))
    services_pledge.pledge_decline(signatory=_request(DECLINED[:6], asked_days_ago=75), acting_user=manager,
                                   reason=DECLINED[6])
    for index, pending in enumerate(PENDING):
        _request(pending, asked_days_ago=6 - index * 4)
    return len(SIGNATORIES) + 2 + len(PENDING)


def seed_pledge_demo() -> DemoSeeded:
    """The pledge's part of the governance app's ``seed_demo`` hook (after accounts: the programme manager)."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        added = seed()
    return DemoSeeded(
        summary=[f"Added {added} Slavery Free Pledge signatories and requests."] if added else [],
        notes=["Slavery Free Pledge: the public page is /pledge/; the register is /governance/pledge/."],
    )
