"""The council's annual modern slavery statement: its six areas, the facts Lantern pre-fills them with,
and the fields of the government's Modern Slavery Statement Registry.

The facts are the registered KPIs of the financial year, found in the registry by the objective
each area draws on (``AREA_OBJECTIVES``) and published under the open-data rules (suppressed and
rounded), because the statement is published. An area whose objectives have no KPI registered yet
(supply chains and training, until those parts of Lantern exist) says so in its pre-filled text
rather than inventing a figure.
"""

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from lantern.core.kpis import kpis_for
from lantern.core.periods import Period, PeriodError, PeriodKind, parse
from lantern.core.reference import Objective
from lantern.core.suppression import Rules
from lantern.insights.figures import open_data_rules, publish, published_json
from lantern.insights.models import Statement, StatementArea


@dataclass(frozen=True)
class AreaGuide:
    objectives: tuple[Objective, ...]
    guidance: str
    opening: str
    no_figures: str


AREAS: dict[str, AreaGuide] = {
    StatementArea.STRUCTURE: AreaGuide(
        (Objective.PROCUREMENT,),
        "Describe the council, what it buys and who from: its main categories of spend, how many suppliers, and "
        "where its supply chains reach.",
        "The council is a local authority providing public services. It buys goods, works and services from "
        "suppliers in the UK and, through their supply chains, overseas.",
        "Lantern does not hold supply-chain figures yet: add the number of suppliers and the main categories of "
        "spend from the procurement team.",
    ),
    StatementArea.POLICIES: AreaGuide(
        (Objective.GOVERNANCE,),
        "Name the policies that bear on modern slavery (the modern slavery strategy, safeguarding, whistleblowing, "
        "procurement, recruitment) and who owns them.",
        "The council's modern slavery strategy sets seven objectives, overseen by the Safer Sandwell Police and "
        "Crime Board and the Safeguarding Adults and Children partnerships.",
        "Lantern does not hold governance figures yet (action-plan progress): add them from the action plan.",
    ),
    StatementArea.DUE_DILIGENCE: AreaGuide(
        (Objective.PROCUREMENT,),
        "Say how suppliers are checked before and during a contract: questionnaires, the Modern Slavery Assessment "
        "Tool, audits and corrective action.",
        "The council applies Procurement Policy Note 009 (formerly 02/23) to its procurements.",
        "Lantern does not hold due-diligence figures yet: add the suppliers screened and audits carried out.",
    ),
    StatementArea.RISK: AreaGuide(
        (Objective.PROCUREMENT, Objective.DISRUPTION),
        "Name the main risks of modern slavery in the council's operations and supply chains (by industry, "
        "workforce and location) and what is done about each.",
        "The council assesses the risk of modern slavery by industry, the nature of the workforce, supplier "
        "location and commodity, following the government's risk indicators.",
        "Lantern does not hold risk-assessment or disruption figures yet: add the high-risk categories and the "
        "actions taken.",
    ),
    StatementArea.EFFECTIVENESS: AreaGuide(
        (Objective.ADULT_VICTIMS, Objective.CHILD_VICTIMS, Objective.REPORTING),
        "Show how effective the council's work was, with the key performance indicators of the year and how they "
        "compare with the year before.",
        "The partnership measures its work with key performance indicators reported quarterly to its boards.",
        "No key performance indicators are registered for these objectives yet.",
    ),
    StatementArea.TRAINING: AreaGuide(
        (Objective.TRAINING,),
        "Describe the training given to staff and partners (who, how many, how often) and the awareness work "
        "done, including the confidential route to report concerns.",
        "Staff and partners are trained to spot the signs of modern slavery and to report concerns, including "
        "through a confidential reporting route.",
        "Lantern does not hold training figures yet: add the numbers trained from the training records.",
    ),
}


TURNOVER_BANDS = [
    ("", "Choose a turnover band"),
    ("under_36m", "Under £36 million"),
    ("36m_60m", "£36 million to £60 million"),
    ("60m_100m", "£60 million to £100 million"),
    ("100m_500m", "£100 million to £500 million"),
    ("over_500m", "Over £500 million"),
]

# The options of the registry's summary questions (DOMAIN.md section 9), in the registry's words where it
# has fixed answers. Each is one list, read by the form and by the fields shown for the registry.
REGISTRY_POLICIES = [
    ("code_of_conduct", "Staff code of conduct"),
    ("supplier_code", "Supplier code of conduct"),
    ("whistleblowing", "Whistleblowing"),
    ("recruitment", "Recruitment"),
    ("procurement", "Procurement and responsible sourcing"),
    ("safeguarding", "Safeguarding"),
    ("modern_slavery_strategy", "Modern slavery strategy or policy"),
    ("other", "Other"),
]
REGISTRY_TRAINING = [
    ("whole_organisation", "The whole organisation"),
    ("frontline", "Frontline staff"),
    ("procurement", "Procurement staff"),
    ("hr", "Human resources"),
    ("executive", "Executive level"),
    ("suppliers", "Suppliers"),
    ("community", "The wider community"),
    ("other", "Other"),
]
REGISTRY_SOCIAL_AUDITS = [
    ("own_staff", "Audits by the organisation's own staff"),
    ("third_party_own", "Third-party audits arranged by the organisation"),
    ("supplier_staff", "Audits by suppliers' own staff"),
    ("third_party_supplier", "Third-party audits arranged by suppliers"),
    ("none", "No social audits"),
    ("other", "Other"),
]
REGISTRY_GRIEVANCE = [
    ("whistleblowing", "Anonymous whistleblowing services, such as a helpline"),
    ("confidential_reporting", "A confidential reporting route for workers and the public"),
    ("unions", "Trade unions or other worker representative groups"),
    ("none", "None"),
    ("other", "Other"),
]
ILO_INDICATORS = [
    ("vulnerability", "Abuse of vulnerability"),
    ("deception", "Deception"),
    ("movement", "Restriction of movement"),
    ("isolation", "Isolation"),
    ("violence", "Physical and sexual violence"),
    ("threats", "Intimidation and threats"),
    ("documents", "Retention of identity documents"),
    ("wages", "Withholding of wages"),
    ("debt", "Debt bondage"),
    ("conditions", "Abusive working and living conditions"),
    ("overtime", "Excessive overtime"),
]
RISK_AREAS = [
    ("", "Choose an area"),
    ("operations", "Within the organisation's own operations"),
    ("supply_chains", "Within its supply chains"),
    ("other", "Other"),
]
RISK_TIERS = [
    ("", "Choose a tier"),
    ("tier_1", "Tier 1 (direct suppliers)"),
    ("tier_2", "Tier 2"),
    ("tier_3_or_below", "Tier 3 or below"),
    ("not_known", "Not known"),
]
RISK_SLOTS = (1, 2, 3)  # the registry asks for up to three risks
RISK_PARTS = ("description", "area", "tier", "location", "mitigation")
REGISTRY_CHOICE_LISTS = {
    "policies": REGISTRY_POLICIES, "training": REGISTRY_TRAINING, "social_audits": REGISTRY_SOCIAL_AUDITS,
    "grievance_mechanisms": REGISTRY_GRIEVANCE, "ilo_indicators": ILO_INDICATORS,
}

REGISTRY_DEFAULTS: dict[str, Any] = {
    "organisation_name": "Sandwell Metropolitan Borough Council",
    "company_number": "",
    "sector": "Public sector: local government",
    "turnover_band": "over_500m",
    "statement_url": "",
    **{name: [] for name in REGISTRY_CHOICE_LISTS},
    **{f"risk_{n}_{part}": "" for n in RISK_SLOTS for part in RISK_PARTS},
    "demonstrating_progress": "",
}


class StatementPeriodError(PeriodError):
    pass


def statement_period(text: str) -> Period:
    period = parse(text)
    if period.kind != PeriodKind.FINANCIAL_YEAR:
        raise StatementPeriodError("A statement covers a financial year: enter it as FY2026-27.")
    return period


def figure_text(figure: dict[str, Any], unit: str, rules: dict[str, Any]) -> str:
    """A published figure in words, for the statement's text."""
    if figure.get("suppressed"):
        return f"fewer than {rules.get('threshold', 5)} (not published)"
    value = figure.get("value")
    if value is None:
        return "none to measure"
    if unit == "percentage":
        return f"{float(value):,.1f}%"
    if unit == "days":
        return f"{float(value):,.1f} days"
    if unit == "money":
        return f"£{float(value):,.0f}"
    return f"{int(value):,}"


def statement_facts(period: Period, rules: Rules | None = None) -> dict[str, Any]:
    """The figures of each area for ``period``: each KPI of the area's objectives, published."""
    rules = rules or open_data_rules()
    computed: dict[str, dict[str, Any]] = {}
    areas: dict[str, list[dict[str, Any]]] = {}
    for area, guide in AREAS.items():
        items = []
        for objective in guide.objectives:
            for kpi in kpis_for(objective):
                if kpi.slug not in computed:
                    published = published_json(publish(kpi, kpi.compute(period), rules))
                    computed[kpi.slug] = {"slug": kpi.slug, "name": kpi.name, "unit": kpi.unit.value,
                                          "value": published["value"]}
                items.append(computed[kpi.slug])
        areas[area] = items
    return {"period": {"code": period.code, "label": period.label}, "rules": rules.as_dict(), "areas": areas}


def prefilled_text(area: str, facts: dict[str, Any]) -> str:
    """The text an area starts with: an opening, then the year's figures from Lantern (or what is missing)."""
    guide = AREAS[area]
    items = facts["areas"].get(area, [])
    if not items:
        return f"{guide.opening}\n\n{guide.no_figures}"
    figures = "\n".join(f"- {item['name']}: {figure_text(item['value'], item['unit'], facts['rules'])}" for item in items)
    return f"{guide.opening}\n\nIn {facts['period']['label'].lower()}, Lantern recorded:\n{figures}"


def areas_covered(statement: Statement) -> list[tuple[str, str, bool]]:
    """Each of the six areas, its label and whether the statement covers it (has text for it)."""
    return [(area.value, area.label, bool(statement.area_text(area).strip())) for area in StatementArea]


def registry_fields(statement: Statement) -> list[tuple[str, str]]:
    """The fields the Modern Slavery Statement Registry asks for, as they would be entered there."""
    period = parse(statement.period_code)
    registry = {**REGISTRY_DEFAULTS, **statement.registry}
    bands = dict(TURNOVER_BANDS)
    approved = statement.approved_on
    fields = [
        ("Statement year", str(period.end.year)),
        ("Organisation name", registry["organisation_name"]),
        ("Company number", registry["company_number"] or "Not applicable (local authority)"),
        ("Sector", registry["sector"]),
        ("Turnover band", bands.get(registry["turnover_band"], "Not given")),
        ("Statement URL", registry["statement_url"] or "Not given yet"),
        ("Statement start date", f"{period.start:%d/%m/%Y}"),
        ("Statement end date", f"{period.end:%d/%m/%Y}"),
        ("Approved by (name)", statement.approver_name or "Not approved yet"),
        ("Approved by (role)", statement.approver_role or "Not approved yet"),
        ("Approval date", f"{approved:%d/%m/%Y}" if approved else "Not approved yet"),
    ]
    fields += [(f"Covers: {label.lower()}", "Yes" if covered else "No") for _, label, covered in areas_covered(statement)]
    fields += [(REGISTRY_QUESTIONS[name], _chosen(registry.get(name), options))
               for name, options in REGISTRY_CHOICE_LISTS.items() if name != "ilo_indicators"]
    areas, tiers = dict(RISK_AREAS), dict(RISK_TIERS)
    for n in RISK_SLOTS:
        if not str(registry.get(f"risk_{n}_description", "")).strip():
            continue
        fields += [
            (f"Risk {n}", registry[f"risk_{n}_description"]),
            (f"Risk {n}: area", areas.get(registry.get(f"risk_{n}_area", ""), "") or "Not given"),
            (f"Risk {n}: supply chain tier", tiers.get(registry.get(f"risk_{n}_tier", ""), "") or "Not given"),
            (f"Risk {n}: location", registry.get(f"risk_{n}_location") or "Not given"),
            (f"Risk {n}: action taken", registry.get(f"risk_{n}_mitigation") or "Not given"),
        ]
    if not any(str(registry.get(f"risk_{n}_description", "")).strip() for n in RISK_SLOTS):
        fields.append(("Risks", "None given"))
    fields.append((REGISTRY_QUESTIONS["ilo_indicators"], _chosen(registry.get("ilo_indicators"), ILO_INDICATORS)))
    fields.append(("Demonstrating progress", registry.get("demonstrating_progress") or "Not given"))
    return fields


REGISTRY_QUESTIONS = {
    "policies": "Policies",
    "training": "Training on modern slavery given to",
    "social_audits": "Social audits",
    "grievance_mechanisms": "Grievance mechanisms",
    "ilo_indicators": "ILO indicators of forced labour found",
}


def _chosen(values: Any, options: list[tuple[str, str]]) -> str:
    """The labels of the options chosen, in the list's order ("None given" when none is)."""
    chosen = set(values or [])
    labels = [label for value, label in options if value in chosen]
    return "; ".join(labels) if labels else "None given"


def render_statement_html(statement: Statement) -> str:
    """The statement as a standalone HTML document (what its PDF is made from)."""
    return render_to_string("insights/statement_document.html", {
        "statement": statement, "period": parse(statement.period_code),
        "sections": [(label, statement.area_text(value)) for value, label, _ in areas_covered(statement)],
        "registry": {**REGISTRY_DEFAULTS, **statement.registry},
        "registry_fields": registry_fields(statement),
    })
