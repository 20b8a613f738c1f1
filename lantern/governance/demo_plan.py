"""Demo data: Sandwell's strategy "Striving for a Slavery Free Sandwell 2022-2027" as a live action plan,
and two maturity self-assessments a year apart. Seeding twice adds nothing.

The priorities are the strategy's seven objectives; the objectives and actions paraphrase what each
needs (shared/DOMAIN.md sections 2, 8 and 11), written as a partnership would track them, with a spread
of statuses, RAGs and dated updates. Runs after the accounts' demo (agencies and users).
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.demo import demo_email
from lantern.accounts.models import Agency, User
from lantern.governance import services_maturity, services_plan
from lantern.governance.models import MaturityAssessment, PlanAction, Priority, ProgressUpdate, StrategyPeriod

TITLE = "Striving for a Slavery Free Sandwell 2022-2027"
CS, ASC, SCT, HOUSING, PROC, WMP, SA, GLAA = (
    "Sandwell Council – Community Safety", "Sandwell Council – Adult Social Care", "Sandwell Children's Trust",
    "Sandwell Council – Housing", "Sandwell Council – Procurement", "West Midlands Police", "The Salvation Army",
    "Gangmasters and Labour Abuse Authority")

# area: [(objective, [(action, agency, lead email local part or "", start offset months, due offset months,
#                      success measure, status, rag, [(days ago, rag, narrative)])])]
# Offsets are months from the strategy's start (1 April 2022); update dates are days before today.
PLAN: dict[str, list[tuple[str, list[tuple[Any, ...]]]]] = {
    "governance": [
        ("Clear governance and accountability for the strategy", [
            ("Agree terms of reference for SASP and SHOP and publish who reports to whom", CS, "programme.manager", 0, 4,
             "Terms of reference approved by the Safer Sandwell Police and Crime Board.", "completed", "green",
             [(900, "green", "Terms of reference approved at the board; published on the intranet.")]),
            ("Report progress against this plan to every quarterly SASP meeting", CS, "programme.manager", 3, 59,
             "A RAG report goes to each SASP meeting; no action unreviewed for more than two meetings.", "in_progress",
             "green", [(120, "green", "Quarterly report taken at SASP; two actions escalated."),
                       (20, "amber", "Report delayed a fortnight while partners sent updates; to SASP next week.")]),
        ]),
        ("Leaders sign and promote the Slavery Free Pledge", [
            ("Invite every partner agency and the 50 largest local employers to sign the pledge", CS, "programme.manager",
             6, 55, "40 organisations signed, including every statutory partner.", "in_progress", "amber",
             [(200, "amber", "22 signatories so far; business uptake slower than hoped."),
              (45, "amber", "Chamber of commerce agreed to promote the pledge at its spring event.")]),
        ]),
    ],
    "training": [
        ("Role-specific training for everyone who may meet a victim", [
            ("Deliver first responder training to housing, ASB and adult social care teams", ASC, "case.worker", 3, 24,
             "90% of first responders trained, refreshed every two years.", "completed", "green",
             [(700, "amber", "Two cohorts trained; housing officers behind."),
              (500, "green", "All three services above 90%; refresher cycle set.")]),
            ("Add modern slavery awareness to the council's induction for all staff", CS, "training", 12, 50,
             "Every new starter completes the module within three months.", "in_progress", "red",
             [(60, "red", "E-learning platform change has paused new modules; escalated to HR.")]),
        ]),
        ("Awareness and a safe route to report", [
            ("Run a campaign each October (Anti-Slavery Day) in the main community languages", CS, "", 6, 58,
             "Campaign reaches staff and residents in English, Punjabi, Polish, Romanian, Urdu and Bengali each year.",
             "in_progress", "green", [(40, "green", "Posters and radio adverts booked; translations commissioned.")]),
            ("Publicise the confidential reporting route to staff and contractors", CS, "reporting.team", 9, 54,
             "Route publicised on intranet and in supplier code of conduct.", "not_started", "amber", []),
        ]),
    ],
    "adult_victims": [
        ("Identify adult victims and refer them quickly", [
            ("Publish a single adult referral pathway covering the NRM, the Duty to Notify and safeguarding", ASC,
             "case.worker", 0, 9, "Pathway published and used in every adult case reviewed by SHOP.", "completed",
             "green", [(950, "green", "Pathway agreed by SHOP and published.")]),
            ("Agree emergency accommodation for potential victims with no recourse to public funds", HOUSING,
             "first.responder", 6, 18, "A bed available within 24 hours in every case needing one.", "on_hold", "red",
             [(150, "red", "Provider withdrew; commissioning a new arrangement."),
              (30, "red", "Paused until the new housing framework is let.")]),
        ]),
        ("Support survivors after a decision", [
            ("Follow up every conclusive grounds decision with a move-on support plan", SA, "", 12, 58,
             "Every adult with a positive conclusive grounds decision has a plan within 30 days.", "in_progress",
             "amber", [(80, "amber", "Plans in place for 7 of 10 adults; two waiting for housing.")]),
        ]),
    ],
    "child_victims": [
        ("Safeguarding first for every child", [
            ("Refer every child potential victim to the NRM through the Horizons team", SCT, "children.worker", 0, 59,
             "All children identified are referred (no consent needed) within five working days.", "in_progress",
             "green", [(90, "green", "All 9 children this year referred within five days.")]),
            ("Join up child exploitation screening with modern slavery referrals", SCT, "children.worker", 6, 20,
             "One screening tool used by children's services and the Horizons team.", "completed", "green",
             [(600, "green", "Joint screening tool live.")]),
        ]),
    ],
    "disruption": [
        ("Joint work with law enforcement on high-risk premises", [
            ("Hold quarterly multi-agency visits to hand car washes and nail bars", WMP, "", 3, 59,
             "Four multi-agency visits a year with welfare support present.", "in_progress", "green",
             [(100, "green", "Visits to six car washes with the GLAA; two referrals."),
              (10, "green", "Nail bar visits planned with licensing for next month.")]),
            ("Add modern slavery checks to HMO licence inspections", HOUSING, "first.responder", 9, 21,
             "Every HMO inspection records the checks.", "in_progress", "amber",
             [(180, "amber", "Checklist drafted; officers not yet trained.")]),
            ("Agree an information-sharing agreement with the GLAA and HMRC", GLAA, "", 6, 12,
             "Agreement signed by all parties.", "cancelled", "green",
             [(800, "green", "Superseded by the regional agreement signed by the police.")]),
        ]),
    ],
    "procurement": [
        ("Slavery-free supply chains", [
            ("Include modern slavery clauses and the supplier code of conduct in all new contracts", PROC, "procurement",
             3, 15, "All new contracts over £25,000 carry the clauses.", "completed", "green",
             [(650, "green", "Clauses in the standard terms from April.")]),
            ("Screen council spend for risk and send questionnaires to high-risk suppliers", PROC, "procurement", 12, 57,
             "Every high-risk supplier has answered a questionnaire.", "in_progress", "amber",
             [(70, "amber", "Spend screened; 14 of 20 questionnaires returned.")]),
        ]),
    ],
    "reporting": [
        ("Measure, report and publish", [
            ("Publish the annual modern slavery statement approved by Cabinet", CS, "programme.manager", 9, 59,
             "Statement published on the council's website each year.", "in_progress", "green",
             [(50, "green", "Draft statement to Cabinet next month.")]),
            ("Agree the partnership's KPIs and report them to SASP", CS, "programme.manager", 3, 12,
             "KPI report at each SASP meeting.", "not_started", "red", []),
        ]),
    ],
}


def _months(start: datetime.date, months: int) -> datetime.date:
    year, month = divmod(start.month - 1 + months, 12)
    return start.replace(year=start.year + year, month=month + 1, day=1)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())


def _user(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local)).first() if local else None


@transaction.atomic
def seed_plan_demo() -> list[str]:
    """The demo plan and assessments; nothing when the plan is already there."""
    manager = _user("programme.manager")
    if manager is None or StrategyPeriod.objects.filter(title=TITLE).exists():
        return []
    today = timezone.localdate()
    start = datetime.date(2022, 4, 1)
    period = services_plan.period_start(title=TITLE, starts_on=start, ends_on=datetime.date(2027, 3, 31),
                                        acting_user=manager, carry_forward=False)
    count = 0
    for area, objectives in PLAN.items():
        priority = Priority.objects.get(period=period, area=area)
        for objective_title, actions in objectives:
            objective = services_plan.objective_create(priority=priority, title=objective_title, acting_user=manager)
            for title, agency, lead, start_m, due_m, measure, status, rag, updates in actions:
                starts_on, due_on = _months(start, start_m), _months(start, due_m)
                action = services_plan.action_create(
                    objective=objective, acting_user=manager, title=title, lead_agency=Agency.objects.get(name=agency),
                    lead_person=_user(lead), starts_on=starts_on, due_on=due_on, success_measure=measure,
                    rag=updates[0][1] if updates else rag)
                PlanAction.objects.filter(pk=action.pk).update(created_at=_at(starts_on))
                moves = {"completed": ["in_progress", "completed"], "on_hold": ["in_progress", "on_hold"],
                         "cancelled": ["cancelled"]}.get(status, ["in_progress"] if status == "in_progress" else [])
                finals = moves[-len(updates):] if updates and moves else []
                targets = [""] * (len(updates) - len(finals)) + finals
                for (days_ago, update_rag, narrative), target in zip(updates, targets, strict=True):
                    on = today - datetime.timedelta(days=days_ago)
                    update = services_plan.progress_update_add(action=action, acting_user=manager, rag=update_rag,
                                                               narrative=narrative, status=target, on=on)
                    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=_at(on))
                    action.refresh_from_db()
                count += 1
    _seed_assessments(manager, today)
    return [f"Demo action plan ready: {TITLE}, {count} actions, and two maturity self-assessments."]


# (section key, criterion key): (level a year ago, level now)
LEVELS = {
    ("leadership", "ownership"): (2, 3), ("leadership", "governance-structure"): (2, 3),
    ("leadership", "statement-and-pledge"): (2, 2), ("resources", "dedicated-capacity"): (2, 3),
    ("resources", "training"): (2, 3), ("resources", "awareness"): (1, 2), ("victims", "pathway"): (2, 3),
    ("victims", "support"): (1, 2), ("victims", "children"): (3, 3), ("disruption", "joint-working"): (2, 3),
    ("disruption", "regulatory-levers"): (1, 2), ("disruption", "intelligence"): (2, 2),
    ("supply-chains", "policy"): (2, 3), ("supply-chains", "risk-assessment"): (1, 2),
    ("supply-chains", "remediation"): (1, 1),
}


def _seed_assessments(manager: User, today: datetime.date) -> None:
    if MaturityAssessment.objects.exists():
        return
    framework = services_maturity.framework_install_default(acting_user=manager)
    for index, (title, when) in enumerate((("Self-assessment a year ago", today - datetime.timedelta(days=365)),
                                           ("Self-assessment this year", today - datetime.timedelta(days=14)))):
        assessment = services_maturity.assessment_create(acting_user=manager, title=title, assessed_on=when)
        for section in framework.sections.all():
            for criterion in section.criteria.all():
                level = LEVELS.get((section.key, criterion.key), (1, 2))[index]
                services_maturity.assessment_score(
                    assessment=assessment, criterion=criterion, acting_user=manager, level=level,
                    evidence=f"Agreed at the SASP development session: {criterion.level_text(level)}",
                    agreed_by=f"SASP, {when:%-d %B %Y}")
