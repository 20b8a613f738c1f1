"""A handful of synthetic confidential reports in every status, for the demo (local/test settings only).

Each demo report has a fixed receipt code, printed by seed_demo, so the
reporter's side can be tried without sending a new report.
"""

import datetime

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from lantern.accounts.demo import demo_email
from lantern.accounts.models import Agency, User
from lantern.confidential_reports import receipts, services
from lantern.confidential_reports.models import (
    CloseReason,
    IdentityMode,
    PassedVia,
    Report,
    ReporterType,
)
from lantern.core.plugins import DemoSeeded
from lantern.partnership.models import Area

# (receipt, identity mode, reporter type, ward, premises, what happened, people, signs, business, final status)
DEMO_REPORTS = [
    ("4821093755126604", IdentityMode.ANONYMOUS, ReporterType.PUBLIC, "Oldbury", "car_wash",
     "Men at the hand car wash on the main road work from 7am to 10pm every day, without gloves in the cold. "
     "A van collects them at night.", "About six men, aged 20 to 40, who speak little English.",
     ["transported", "long_hours"], "Sparkle Hand Car Wash", "new"),
    ("7390218846571203", IdentityMode.CONFIDENTIAL, ReporterType.STAFF, "Tipton Green", "hmo",
     "On a housing inspection I saw mattresses in every room, including the kitchen, and the landlord "
     "answered every question for the tenants.", "At least ten adults; one said the landlord holds their passports.",
     ["crowded", "documents", "scared"], "", "new"),
    ("5502917364810937", IdentityMode.ANONYMOUS, ReporterType.SUPPLIER_WORKER, "Smethwick", "factory",
     "Agency workers at the packing site are told they owe the agency for transport and housing, "
     "and get almost nothing in their pay.", "Workers recruited from abroad through one agency.",
     ["not_paid", "documents"], "Midlands Fresh Packing Ltd", "in_triage"),
    ("6120498357702261", IdentityMode.OPEN, ReporterType.PUBLIC, "West Bromwich Central", "nail_bar",
     "A girl who looks about 15 works in the nail bar during school hours and sleeps in the back room.",
     "A girl, about 15, and two older women.", ["living_at_work", "child_exploited"], "Glamour Nails", "in_triage"),
    ("8843016275590314", IdentityMode.ANONYMOUS, ReporterType.PUBLIC, "Wednesbury South", "takeaway",
     "Kitchen staff at the takeaway never seem to leave and the windows upstairs are boarded.",
     "Three or four young men.", ["windows", "not_free"], "", "more_info"),
    ("9275530148826671", IdentityMode.CONFIDENTIAL, ReporterType.SUPPLIER_WORKER, "Rowley", "construction",
     "On the school building contract, labourers from a subcontractor are paid in cash below minimum wage "
     "and live in caravans on site.", "About eight labourers.", ["not_paid", "living_at_work"],
     "Rowley Groundworks (subcontractor)", "more_info"),
    ("3058812649970025", IdentityMode.ANONYMOUS, ReporterType.PUBLIC, "Great Bridge", "private_house",
     "Young men are dropped at the house late at night and leave early each morning in a minibus.",
     "Young men, possibly from Vietnam.", ["transported", "crowded"], "", "passed_on_concern"),
    ("2619904473358812", IdentityMode.ANONYMOUS, ReporterType.PUBLIC, "Soho and Victoria", "cannabis",
     "Strong smell of cannabis, windows covered with foil, someone seems to live inside and never goes out.",
     "One young man seen at the window.", ["windows", "not_free"], "", "passed_on_police"),
    ("1947736620085529", IdentityMode.ANONYMOUS, ReporterType.STAFF, "Langley", "farm",
     "Seasonal pickers at the farm shop's fields are housed in a barn.", "Twenty or so pickers.",
     ["living_at_work", "long_hours"], "Langley Fields Farm", "closed"),
    ("4402187795561036", IdentityMode.ANONYMOUS, ReporterType.PUBLIC, "Abbey", "other",
     "Test message, please ignore.", "", [], "", "closed_spam"),
]

DEMO_RECEIPT = "4821 0937 5512 6604"


def seed() -> int:
    """Build the demo reports without emailing anyone about them (they are not news)."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _seed()


@transaction.atomic
def _seed() -> int:
    if Report.objects.exists():
        return 0
    team = User.objects.filter(email=demo_email("reporting.team")).first()
    if team is None:
        return 0
    police = Agency.objects.filter(short_name="WMP").first() or Agency.objects.filter(name__icontains="Police").first()
    now = timezone.now()
    for index, (receipt, mode, rtype, ward, premises, what, people, signs, business, final) in enumerate(DEMO_REPORTS):
        identity = None
        if mode != IdentityMode.ANONYMOUS:
            identity = {"name": "Jordan Ellis" if mode == IdentityMode.OPEN else "Sam Patel",
                        "email": "reporter@example.org", "phone": "", "safe_contact": "Weekday evenings by email"}
        submitted = services.report_submit(
            answers={
                "identity_mode": mode, "reporter_type": rtype, "what_happened": what, "location": f"{ward} area",
                "area": Area.objects.filter(name=ward).first(), "premises_type": premises,
                "when_seen": "Over the last few weeks", "still_happening": "yes", "people": people,
                "children_involved": "yes" if "child_exploited" in signs else "unknown", "signs": signs,
                "business_name": business, "council_supplier": "yes" if rtype == ReporterType.SUPPLIER_WORKER else "unknown",
                "anything_else": "",
            },
            identity=identity, attachment_ids=[], proof_of_work=True,
        )
        report = submitted.report
        # A fixed receipt, so the demo's follow-up can be tried (local settings only).
        received = now - datetime.timedelta(days=40 - index * 4)
        Report.objects.filter(pk=report.pk).update(receipt_hash=receipts.receipt_hash(receipt), created_at=received,
                                                   last_activity_at=received)
        report.refresh_from_db()
        if final == "new":
            continue
        services.report_start_triage(report=report, acting_user=team)
        if final == "in_triage":
            services.report_reply(report=report, acting_user=team, asks_for_information=False,
                                  body="Thank you for your report. We are looking into it.")
        elif final == "more_info":
            services.report_reply(report=report, acting_user=team, asks_for_information=True,
                                  body="Thank you. Can you tell us which days and times you usually see this?")
        elif final == "passed_on_concern":
            services.report_open_concern(
                report=report, acting_user=team, immediate_danger=False, what_seen=what, address=report.location,
                area=report.area, premises_type=premises, person_description=people, age_uncertain=False,
                indicator_codes=["signs.unusual_travel", "premises.many_occupants"],
            )
        elif final == "passed_on_police":
            services.report_pass_on(report=report, acting_user=team, agency=police,
                                    other_recipient="" if police else "West Midlands Police",
                                    passed_via=PassedVia.SECURE_EMAIL, recipient_reference="WMP-DEMO-1042")
            services.report_record_intelligence(
                report=report, acting_user=team, subject="premises", name="", address=report.location,
                area=report.area, premises_type=premises,
                summary="Suspected cannabis cultivation with a person possibly held inside.",
            )
        elif final == "closed":
            services.report_pass_on(report=report, acting_user=team, agency=None, other_recipient="GLAA",
                                    passed_via=PassedVia.REFERRAL_FORM)
            services.report_close(report=report, acting_user=team, reason=CloseReason.HANDED_OVER)
        elif final == "closed_spam":
            services.report_close(report=report, acting_user=team, reason=CloseReason.MALICIOUS)
    return len(DEMO_REPORTS)


def seed_demo() -> DemoSeeded:
    """The confidential reports app's ``seed_demo`` hook (after cases: one report became a concern)."""
    added = seed()
    return DemoSeeded(
        summary=[f"Added {added} demo confidential reports."] if added else [],
        notes=[f"Public reporting: /report/ (try following up with the demo receipt {DEMO_RECEIPT})."],
    )
