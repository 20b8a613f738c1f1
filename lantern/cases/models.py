"""Concerns, people, cases and everything that happens on a case.

Identifying values (names, dates of birth, contact details, addresses,
nationality and language, NRM and other outside references, support providers
and narratives) are encrypted fields; lists, filters and statistics use only the
non-identifying columns beside them. People are found by blind index.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet

from lantern.cases import rules, search
from lantern.core.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from lantern.core.models import CreatedByModel, EncryptedFile, TimeStampedModel
from lantern.core.reference import ExploitationType, PremisesType


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class Route(models.TextChoices):
    ADULT = "adult", "Adult"
    CHILD = "child", "Child"
    AGE_UNCERTAIN = "age_uncertain", "Age uncertain (treated as a child)"


class Person(TimeStampedModel):
    """A potential victim. Identifying fields are encrypted; lookups use the blind indexes."""

    # Not encrypted (statistics use them) but they describe the person: the audit trail
    # records that they changed, never their values (it never copies encrypted fields either).
    audit_withheld_fields = frozenset({"approximate_age", "gender", "interpreter_needed"})

    given_name = EncryptedCharField(max_length=100, blank=True)
    family_name = EncryptedCharField(max_length=100, blank=True)
    known_as = EncryptedCharField(max_length=100, blank=True, help_text="Nickname or other name used.")
    description = EncryptedTextField(blank=True, help_text="How to recognise them when the name is not known.")
    date_of_birth = EncryptedDateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = EncryptedCharField(max_length=80, blank=True, help_text="From the Home Office form's list.")
    second_nationality = EncryptedCharField(max_length=80, blank=True)
    language = EncryptedCharField(max_length=80, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    phone = EncryptedCharField(max_length=40, blank=True)
    email = EncryptedCharField(max_length=200, blank=True)
    address = EncryptedTextField(blank=True)
    safe_contact = EncryptedTextField(
        blank=True, help_text="How and when it is safe to contact the person. Shown wherever contact details are."
    )
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    name_dob_index = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Person {self.pk}"

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.given_name, self.family_name) if p)
        return name or self.known_as or "Name not known"


class PersonNameKeyKind(models.TextChoices):
    PART = search.KeyKind.PART, "Part of a name"
    SOUND = search.KeyKind.SOUND, "Sound of a name"
    PREFIX = search.KeyKind.PREFIX, "Start of a name"


class PersonNameKey(models.Model):
    """A keyed blind index of one part of a person's name, by which searches find them (see cases/search.py).

    Derived from the encrypted names and rebuilt whenever they change; the digest
    is an HMAC under LANTERN_BLIND_INDEX_KEY of the kind and value, never the value.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    kind = models.CharField(max_length=10, choices=PersonNameKeyKind.choices)
    digest = models.CharField(max_length=64)
    tokens = models.PositiveSmallIntegerField(help_text="How many parts the person's name has.")

    class Meta:
        indexes = [models.Index(fields=["digest", "person", "tokens"], name="person_name_key_lookup")]
        constraints = [models.UniqueConstraint(fields=["person", "digest"], name="person_name_key_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} key of person {self.person_id}"


class ConcernStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for triage"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOSTED = "signposted", "Signposted"
    CASE_OPENED = "case_opened", "Case opened"
    LINKED = "linked", "Linked to an existing case"


CONCERN_WITH_CASE = (ConcernStatus.CASE_OPENED, ConcernStatus.LINKED)


class Concern(CreatedByModel):
    """A frontline worker's concern about a possible victim, before triage."""

    # Not encrypted but they describe the person or when they were seen: the audit trail
    # records that they changed, never their values (it never copies encrypted fields either).
    audit_withheld_fields = frozenset({"seen_on", "approximate_age", "age_uncertain", "gender", "interpreter_needed"})

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.DRAFT, db_index=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised")
    raised_by_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, related_name="+")
    immediate_danger = models.BooleanField(null=True, blank=True, help_text="Empty until the raiser answers.")
    what_seen = EncryptedTextField(blank=True)
    area = models.ForeignKey("partnership.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    premises_type = models.CharField(max_length=20, choices=PremisesType.choices, blank=True)
    address = EncryptedTextField(blank=True)
    seen_on = models.DateField(null=True, blank=True)
    # About whom, as known at the time (copied to a Person when a case is opened).
    person_name = EncryptedCharField(max_length=200, blank=True)
    person_description = EncryptedTextField(blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_uncertain = models.BooleanField(default=False)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = EncryptedCharField(max_length=80, blank=True)
    language = EncryptedCharField(max_length=80, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    indicator_set_version = models.CharField(max_length=20)
    indicators = models.JSONField(default=list, blank=True, help_text="Indicator codes observed.")
    exploitation_types = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triage_reason = EncryptedTextField(blank=True)
    case = models.ForeignKey("Case", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns")
    source_report_reference = models.CharField(
        max_length=20, blank=True,
        help_text="The confidential report this concern was opened from (a reference, never the reporter).",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["raised_by", "status"], name="concern_raiser_status")]
        constraints = [
            # Linked to a case exactly when triage opened one from it or linked it to one.
            models.CheckConstraint(
                condition=(Q(status__in=CONCERN_WITH_CASE) & Q(case__isnull=False))
                | (~Q(status__in=CONCERN_WITH_CASE) & Q(case__isnull=True)),
                name="concern_case_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status=ConcernStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="concern_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_about_a_child(self) -> bool:
        """Under 18 or age not known: triaged as a child's concern, never as routine (rules.is_child_concern)."""
        return rules.is_child_concern(approximate_age=self.approximate_age, age_uncertain=self.age_uncertain)


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CaseStage(models.TextChoices):
    SCREENING = "screening", "Screening"
    AWAITING_CONSENT = "awaiting_consent", "Consent to be asked"
    NRM_DUE = "nrm_due", "NRM referral due"
    DTN_DUE = "dtn_due", "Duty to Notify due"
    DUTY_TO_NOTIFY = "duty_to_notify", "Duty to Notify made"
    REFERRED = "referred", "Referred: waiting for reasonable grounds"
    RECOVERY = "recovery", "Positive reasonable grounds: recovery period"
    RG_NEGATIVE = "rg_negative", "Negative reasonable grounds"
    CG_POSITIVE = "cg_positive", "Positive conclusive grounds: move-on support"
    CG_NEGATIVE = "cg_negative", "Negative conclusive grounds"


# Stages only an adult's case reaches: consent is asked of adults, and the Duty to Notify is for adults only.
ADULT_ONLY_STAGES = (CaseStage.AWAITING_CONSENT, CaseStage.DTN_DUE, CaseStage.DUTY_TO_NOTIFY)


class CaseOutcome(models.TextChoices):
    MOVED_ON = "moved_on", "Supported and moved on"
    RETURNED_HOME = "returned_home", "Returned home voluntarily"
    DISENGAGED = "disengaged", "Disengaged"
    TRANSFERRED = "transferred", "Transferred to another area"
    DECEASED = "deceased", "Deceased"
    NOT_MODERN_SLAVERY = "not_modern_slavery", "Not modern slavery"
    OTHER = "other", "Other"


class WhereExploited(models.TextChoices):
    UK = "uk", "UK"
    OVERSEAS = "overseas", "Overseas"
    BOTH = "uk_and_overseas", "UK and overseas"
    UNKNOWN = "unknown", "Not known"


class Case(TimeStampedModel):
    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    route = models.CharField(max_length=20, choices=Route.choices, db_index=True)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True)
    stage = models.CharField(max_length=20, choices=CaseStage.choices, default=CaseStage.SCREENING, db_index=True)
    lead_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_led")
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="cases_led")
    area = models.ForeignKey("partnership.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    where_exploited = models.CharField(max_length=20, choices=WhereExploited.choices, default=WhereExploited.UNKNOWN)
    county_lines = models.BooleanField(default=False)
    opened_on = models.DateField(db_index=True)
    nrm_referred_on = models.DateField(null=True, blank=True)
    rg_expected_by = models.DateField(null=True, blank=True, db_index=True)
    rg_decided_on = models.DateField(null=True, blank=True)
    recovery_ends_on = models.DateField(null=True, blank=True)
    cg_decided_on = models.DateField(null=True, blank=True)
    move_on_ends_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=CaseOutcome.choices, blank=True)
    safety_plan = EncryptedTextField(blank=True)
    shop_flagged = models.BooleanField(default=False, db_index=True)
    shop_reason = EncryptedTextField(blank=True)
    childrens_lead_reason = EncryptedTextField(
        blank=True, help_text="Why a child's case is led by someone outside children's services (given at triage).",
    )
    child_at_exploitation = models.BooleanField(
        null=True, blank=True,
        help_text="Under 18 at any time during the exploitation (the NRM form asks). Kept when the person "
                  "turns 18 or is assessed as an adult; empty when not known.",
    )
    transition_task_raised_on = models.DateField(
        null=True, blank=True,
        help_text="When the task to plan the move to adult services was raised (a child's case, before they turn 18).",
    )
    members: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CaseMember", related_name="case_memberships"
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["-opened_on", "-id"], name="case_opened"),
            models.Index(fields=["status", "-opened_on", "-id"], name="case_status_opened"),
            models.Index(fields=["lead_worker", "status"], name="case_lead_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CaseStatus.OPEN) | Q(closed_on__isnull=False, outcome__in=CaseOutcome.values),
                name="closed_case_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.CLOSED) | Q(closed_on__isnull=True, outcome=""),
                name="open_case_has_no_outcome",
            ),
            # Children are never asked for consent and never have a Duty to Notify.
            models.CheckConstraint(
                condition=~Q(route__in=rules.CHILD_ROUTES, stage__in=ADULT_ONLY_STAGES),
                name="case_stage_fits_route",
            ),
            models.CheckConstraint(
                condition=Q(cg_decided_on__isnull=True) | Q(rg_decided_on__isnull=False),
                name="case_cg_follows_rg",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_child(self) -> bool:
        return rules.is_child_route(self.route)


class CaseMember(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role_in_case = models.CharField(max_length=100, blank=True, help_text="e.g. 'Police liaison', 'ICTG'.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_membership_per_user")]
        indexes = [models.Index(fields=["user", "case"], name="member_user_case")]

    def __str__(self) -> str:
        return f"{self.case} – {self.user}"


class CaseExploitation(models.Model):
    """One exploitation type of a case (a case can have several)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exploitation")
    type = models.CharField(max_length=30, choices=ExploitationType.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "type"], name="one_type_per_case")]
        indexes = [models.Index(fields=["type", "case"], name="exploitation_type_case")]

    def __str__(self) -> str:
        return self.get_type_display()


class CaseEvent(models.Model):
    """The case timeline: one line per thing that happened, with no personal data in the summary."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["case", "-occurred_at"], name="event_case_time")]

    def __str__(self) -> str:
        return f"{self.case}: {self.summary}"


class Screening(CreatedByModel):
    """An indicator assessment: which indicators apply, the evidence, and the worker's judgement."""

    class Conclusion(models.TextChoices):
        LIKELY = "likely", "Likely to be a victim of modern slavery"
        POSSIBLE = "possible", "Possibly a victim: keep assessing"
        UNLIKELY = "unlikely", "Unlikely to be a victim of modern slavery"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screenings")
    indicator_set_version = models.CharField(max_length=20)
    indicators = models.JSONField(default=list, help_text="Codes of the indicators that apply.")
    evidence = EncryptedTextField(blank=True, help_text="Other observations not tied to one indicator.")
    indicator_evidence = EncryptedTextField(
        blank=True, help_text="JSON object: indicator code → what was seen or said for it (encrypted)."
    )
    judgement = EncryptedTextField(blank=True)
    conclusion = models.CharField(max_length=10, choices=Conclusion.choices)
    screened_on = models.DateField()

    class Meta:
        ordering = ["-screened_on", "-id"]

    def __str__(self) -> str:
        return f"Screening of {self.case}"

    def evidence_for(self) -> dict[str, str]:
        import json

        return json.loads(self.indicator_evidence) if self.indicator_evidence else {}

    def findings(self) -> list[tuple[str, str]]:
        """(indicator label, evidence) for each indicator that applies, in the set's order."""
        from lantern.core.reference.indicators import indicator_set

        iset = indicator_set(self.indicator_set_version)
        evidence = self.evidence_for()
        return [(iset.label(code), evidence.get(code, "")) for code in self.indicators]


class ConsentRecord(CreatedByModel):
    """An adult's informed decision about an NRM referral (never asked of children)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField(help_text="Consent to an NRM referral.")
    explained_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    explained_on = models.DateField()
    language = EncryptedCharField(max_length=80, help_text="The language it was explained in (encrypted: it describes the person).")
    interpreter_used = models.BooleanField(default=False)
    refusal_reason = EncryptedTextField(blank=True)
    share_details_for_dtn = models.BooleanField(
        default=False, help_text="When consent is refused: whether they agree to their details being shared in the Duty to Notify."
    )

    class Meta:
        ordering = ["-explained_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(given=False) | Q(share_details_for_dtn=False), name="consent_dtn_sharing_only_if_refused"
            ),
        ]

    def __str__(self) -> str:
        return f"Consent on {self.case}"


class ReferralKind(models.TextChoices):
    NRM = "nrm", "National Referral Mechanism"
    DUTY_TO_NOTIFY = "dtn", "Duty to Notify"
    ADULT_SAFEGUARDING = "adult_safeguarding", "Adult safeguarding (Care Act s42)"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care / MASH"
    ICTG = "ictg", "Independent Child Trafficking Guardian"
    VICTIM_CARE = "victim_care", "Modern Slavery Victim Care Contract support"


class CompetentAuthority(models.TextChoices):
    SCA = "sca", "Single Competent Authority"
    IECA = "ieca", "Immigration Enforcement Competent Authority"
    DEVOLVED = "devolved", "Devolved child decision-making panel"


class Referral(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(max_length=30, choices=ReferralKind.choices)
    made_on = models.DateField()
    made_by_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    to_organisation = models.CharField(max_length=200, blank=True)
    external_reference = EncryptedCharField(
        max_length=60, blank=True,
        help_text="The Home Office or receiving organisation's reference (encrypted: it identifies the person there).",
    )
    anonymous = models.BooleanField(default=False, help_text="Duty to Notify made without the person's details.")
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-made_on", "-id"]
        indexes = [models.Index(fields=["case", "kind"], name="referral_case_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind=ReferralKind.NRM), name="one_nrm_referral_per_case"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind=ReferralKind.DUTY_TO_NOTIFY), name="one_duty_to_notify_per_case"
            ),
            # Only a Duty to Notify is made without the person's details.
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(kind=ReferralKind.DUTY_TO_NOTIFY), name="referral_anonymous_only_dtn"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.case}"


class DecisionKind(models.TextChoices):
    REASONABLE_GROUNDS = "rg", "Reasonable grounds"
    CONCLUSIVE_GROUNDS = "cg", "Conclusive grounds"
    RECONSIDERATION = "reconsideration", "Reconsideration"


class Decision(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    decided_on = models.DateField()
    positive = models.BooleanField()
    competent_authority = models.CharField(max_length=10, choices=CompetentAuthority.choices)
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DecisionKind.values), name="decision_kind_known"),
            models.CheckConstraint(
                condition=Q(competent_authority__in=CompetentAuthority.values), name="decision_authority_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.case}"


class SupportKind(models.TextChoices):
    ACCOMMODATION = "accommodation", "Accommodation"
    HEALTH = "health", "Health"
    COUNSELLING = "counselling", "Counselling or therapy"
    LEGAL = "legal", "Legal advice"
    INTERPRETER = "interpreter", "Interpreter"
    EDUCATION = "education", "Education"
    FINANCIAL = "financial", "Financial support"
    OUTREACH = "outreach", "Outreach support"
    OTHER = "other", "Other"


class SupportService(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(max_length=20, choices=SupportKind.choices)
    provider = EncryptedCharField(max_length=200, help_text="Who gives the support (encrypted: it can show where the person is).")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="support_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.case}"


class AgeAssessment(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="age_assessments")
    assessed_on = models.DateField()
    assessed_by = models.CharField(max_length=200, help_text="Who carried out the assessment (e.g. the local authority).")
    outcome = models.CharField(max_length=10, choices=[("adult", "Assessed as an adult"), ("child", "Assessed as a child")])
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"Age assessment for {self.case}"


class MissingEpisode(CreatedByModel):
    """A child going missing, and the return-home interview after."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="missing_episodes")
    went_missing_on = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    return_interview_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-went_missing_on", "-id"]

    def __str__(self) -> str:
        return f"Missing episode for {self.case}"


class SafeguardingStep(models.TextChoices):
    """A child's safeguarding steps before the NRM referral that can be recorded as not needed (never the NRM)."""

    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Referral to children's social care / the MASH"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    ICTG = "ictg", "Independent Child Trafficking Guardian referral"


class StrategyDiscussion(CreatedByModel):
    """A multi-agency strategy discussion about a child (Working Together to Safeguard Children)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="strategy_discussions")
    held_on = models.DateField()
    attendees = EncryptedTextField(help_text="Who took part, and for which agency (encrypted: it can name people).")
    outcome = EncryptedTextField(help_text="What was decided (encrypted).")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Strategy discussion for {self.case}"


class SafeguardingStepNotNeeded(CreatedByModel):
    """A child's safeguarding step recorded as not needed, with the reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safeguarding_not_needed")
    step = models.CharField(max_length=30, choices=SafeguardingStep.choices)
    reason = EncryptedTextField(help_text="Why the step is not needed (encrypted: free text may name someone).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="one_not_needed_per_step"),
            models.CheckConstraint(condition=Q(step__in=SafeguardingStep.values), name="not_needed_step_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} not needed for {self.case}"


class TaskStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class TaskQuerySet(QuerySet["Task"]):
    def open(self) -> "TaskQuerySet":
        """The one definition of an open task: still to do, on a case that is open."""
        return self.filter(status=TaskStatus.OPEN, case__status=CaseStatus.OPEN)


class Task(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedCharField(max_length=200, help_text="What needs doing (encrypted: free text may name someone).")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_tasks")
    due_on = models.DateField(db_index=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="task_owner_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.DONE) | Q(completed_at__isnull=False), name="task_done_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"Task {self.pk}"


class CaseNote(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body = EncryptedTextField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note on {self.case}"


class CaseAttachment(EncryptedFile, CreatedByModel):
    """A document or photo on a case, stored encrypted (the shared fields: lantern.core.models.EncryptedFile)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    description = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Attachment {self.pk} on {self.case}"
