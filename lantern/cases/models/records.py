"""What is recorded on a case: screening, consent, referrals, decisions, support,
age assessments, missing episodes, strategy discussions and safeguarding steps."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.cases.models.cases import Case
from lantern.core.fields import EncryptedCharField, EncryptedTextField
from lantern.core.models import CreatedByModel


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
    first_responder_organisation = models.CharField(
        max_length=200, blank=True,
        help_text="The referring organisation as the Home Office form lists it (a value of its list).",
    )
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


class EarlyDecisionReason(models.TextChoices):
    """Why a conclusive grounds decision came before the recovery period ended (the worker confirms one)."""

    PERSON_ASKED = "person_asked", "The person asked for the decision to be made before the recovery period ended"
    LEFT_SUPPORT = "left_support", "The person has left support, or the UK"
    EVIDENCE_COMPLETE = "evidence_complete", "The competent authority had all the information it needed"
    OTHER = "other", "Another reason, given in the notes"


class Decision(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    decided_on = models.DateField()
    positive = models.BooleanField()
    competent_authority = models.CharField(max_length=10, choices=CompetentAuthority.choices)
    early_reason = models.CharField(
        max_length=20, choices=EarlyDecisionReason.choices, blank=True,
        help_text="A conclusive grounds decision before the recovery period ended: why, as the worker confirmed.",
    )
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


AGE_ASSESSMENT_OUTCOMES = [("adult", "Assessed as an adult"), ("child", "Assessed as a child")]


class AgeAssessment(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="age_assessments")
    assessed_on = models.DateField()
    assessed_by = models.CharField(max_length=200, help_text="Who carried out the assessment (e.g. the local authority).")
    outcome = models.CharField(max_length=10, choices=AGE_ASSESSMENT_OUTCOMES)
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
