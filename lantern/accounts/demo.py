"""Demo agencies and one user for every role: a synthetic Sandwell partnership."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType, RoleAssignment, User
from lantern.core.plugins import DemoSeeded

DEMO_PASSWORD = "lantern-demo-passphrase"  # noqa: S105 - printed by `make run`, local settings only
DEMO_DOMAIN = "sandwell.example"
COUNCIL = "Sandwell Metropolitan Borough Council"

AGENCIES: list[dict[str, object]] = [
    {"name": "Sandwell Council – Adult Social Care", "short_name": "ASC", "agency_type": AgencyType.COUNCIL_SERVICE,
     "is_first_responder": True, "first_responder_code": COUNCIL},
    {"name": "Sandwell Children's Trust", "short_name": "SCT", "agency_type": AgencyType.COUNCIL_SERVICE,
     "is_first_responder": True, "first_responder_code": COUNCIL, "is_childrens_services": True},
    {"name": "Sandwell Council – Housing", "short_name": "Housing", "agency_type": AgencyType.COUNCIL_SERVICE,
     "is_first_responder": True, "first_responder_code": COUNCIL},
    {"name": "Sandwell Council – Community Safety", "short_name": "Community Safety",
     "agency_type": AgencyType.COUNCIL_SERVICE, "is_first_responder": True, "first_responder_code": COUNCIL},
    {"name": "Sandwell Council – Procurement", "short_name": "Procurement", "agency_type": AgencyType.COUNCIL_SERVICE},
    {"name": "Sandwell Council – Information Governance", "short_name": "IG", "agency_type": AgencyType.COUNCIL_SERVICE},
    {"name": "Sandwell Council – Digital Services", "short_name": "Digital", "agency_type": AgencyType.COUNCIL_SERVICE},
    {"name": "West Midlands Police", "short_name": "WMP", "agency_type": AgencyType.POLICE,
     "is_first_responder": True, "first_responder_code": "West Midlands Police"},
    {"name": "The Salvation Army", "agency_type": AgencyType.VOLUNTARY, "is_first_responder": True,
     "first_responder_code": "The Salvation Army"},
    {"name": "Barnardo's", "agency_type": AgencyType.VOLUNTARY, "is_first_responder": True,
     "first_responder_code": "Barnardo's", "is_childrens_services": True},
    {"name": "Gangmasters and Labour Abuse Authority", "short_name": "GLAA", "agency_type": AgencyType.GOVERNMENT,
     "is_first_responder": True, "first_responder_code": "Gangmasters and Labour Abuse Authority GLAA"},
    {"name": "Black Country Healthcare NHS Foundation Trust", "short_name": "BCHFT", "agency_type": AgencyType.HEALTH},
]

# (email local part, full name, job title, agency name, roles)
USERS: list[tuple[str, str, str, str, list[str]]] = [
    ("first.responder", "Amira Khan", "Housing officer", "Sandwell Council – Housing", [Role.FIRST_RESPONDER]),
    ("case.worker", "Daniel Okafor", "Senior social worker", "Sandwell Council – Adult Social Care",
     [Role.CASE_WORKER]),
    ("children.worker", "Grace Bennett", "Horizons team social worker", "Sandwell Children's Trust",
     [Role.CASE_WORKER]),
    ("shop.coordinator", "Priya Sandhu", "Community safety officer", "Sandwell Council – Community Safety",
     [Role.SHOP_COORDINATOR]),
    ("programme.manager", "Tom Whitehouse", "Modern slavery programme manager", "Sandwell Council – Community Safety",
     [Role.PROGRAMME_MANAGER]),
    ("procurement", "Helen Price", "Category manager", "Sandwell Council – Procurement", [Role.PROCUREMENT_OFFICER]),
    ("board.viewer", "Cllr Martin Hughes", "Cabinet lead for community safety", "Sandwell Council – Community Safety",
     [Role.BOARD_VIEWER]),
    ("dpo", "Sarah Lloyd", "Data protection officer", "Sandwell Council – Information Governance",
     [Role.DATA_PROTECTION_OFFICER]),
    ("admin", "Kwame Mensah", "Systems administrator", "Sandwell Council – Digital Services",
     [Role.SYSTEM_ADMINISTRATOR]),
    # A second administrator: roles that open records need another administrator's approval.
    ("admin2", "Joanna Walsh", "Systems administrator", "Sandwell Council – Digital Services",
     [Role.SYSTEM_ADMINISTRATOR]),
    ("reporting.team", "Rachel Adeyemi", "Confidential reporting lead", "Sandwell Council – Community Safety",
     [Role.REPORTING_TEAM]),
    ("training", "Megan Doyle", "Workforce development officer", "Sandwell Council – Community Safety",
     [Role.TRAINING_COORDINATOR]),
    ("police", "DC Laura Evans", "Detective constable, modern slavery team", "West Midlands Police",
     [Role.CASE_WORKER]),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def seed() -> list[User]:
    agencies = {}
    for spec in AGENCIES:
        fields = dict(spec)
        name = str(fields.pop("name"))
        agencies[name], _ = Agency.objects.update_or_create(name=name, defaults=fields)
    users = []
    for local, full_name, job_title, agency_name, roles in USERS:
        user, created = User.objects.get_or_create(
            email=demo_email(local),
            defaults={"full_name": full_name, "job_title": job_title, "agency": agencies[agency_name]},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role)
        # Pre-enrolled for two-factor authentication: `manage.py demo_totp <email>` shows the code.
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        users.append(user)
    return users


def seed_demo() -> DemoSeeded:
    """The accounts app's ``seed_demo`` hook: the users, and how to sign in as them."""
    users = seed()
    return DemoSeeded(notes=[
        f"Demo sign-ins (password for all: {DEMO_PASSWORD}):",
        *(f"  {user.email:<38} {', '.join(user.role_labels)}" for user in users),
        "Two-factor codes: `make totp EMAIL=admin@sandwell.example` "
        "(or `.venv/bin/python manage.py demo_totp <email>`).",
    ])
