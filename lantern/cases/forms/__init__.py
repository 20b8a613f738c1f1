"""Forms of the concern journey and the case pages (GOV.UK components), one module per concern:
``concern`` (the journey's steps and triage), ``casework`` (the case's steps and everyday work),
``person`` (details, safety plan, documents, the business), ``nrm`` (the Home Office form's own
questions and lists), and ``common`` (what they share)."""

from lantern.cases.forms.casework import (
    AgeAssessmentForm,
    CaseExploitationForm,
    CloseForm,
    ConsentForm,
    DecisionForm,
    MissingEpisodeForm,
    MoveOnPlanForm,
    NoteForm,
    ReasonForm,
    ReferralForm,
    ScreeningForm,
    StrategyDiscussionForm,
    SupportForm,
    TaskForm,
    TeamMemberForm,
)
from lantern.cases.forms.common import StepForm, yes
from lantern.cases.forms.concern import (
    DangerForm,
    ExploitationForm,
    IndicatorsForm,
    TriageForm,
    WhatForm,
    WhereForm,
    WhoForm,
)
from lantern.cases.forms.nrm import NrmEntryForm, ReferralQuestionsForm
from lantern.cases.forms.person import AttachmentForm, BusinessForm, PersonForm, SafetyPlanForm

__all__ = [
    "AgeAssessmentForm", "AttachmentForm", "BusinessForm", "CaseExploitationForm", "CloseForm", "ConsentForm",
    "DangerForm", "DecisionForm", "ExploitationForm", "IndicatorsForm", "MissingEpisodeForm", "MoveOnPlanForm",
    "NoteForm", "NrmEntryForm", "PersonForm", "ReasonForm", "ReferralForm", "ReferralQuestionsForm", "SafetyPlanForm",
    "ScreeningForm", "StepForm", "StrategyDiscussionForm", "SupportForm", "TaskForm", "TeamMemberForm", "TriageForm",
    "WhatForm", "WhereForm", "WhoForm", "yes",
]
