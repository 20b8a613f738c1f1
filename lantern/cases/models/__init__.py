"""Concerns, people, cases and everything that happens on a case.

Identifying values (names, dates of birth, contact details, addresses,
nationality and language, NRM and other outside references, support providers
and narratives) are encrypted fields; lists, filters and statistics use only the
non-identifying columns beside them. People are found by blind index.

Split by concern: people.py (people and their name keys), concerns.py (concerns
before triage), cases.py (cases, members, exploitation types, the timeline),
records.py (what is recorded on a case) and work.py (tasks, notes, attachments).
Everything is re-exported here, so `from lantern.cases.models import X` works.
"""

from lantern.cases.models.cases import (
    ADULT_ONLY_STAGES,
    Case,
    CaseEvent,
    CaseExploitation,
    CaseMember,
    CaseOutcome,
    CaseStage,
    CaseStatus,
    Route,
    WhereExploited,
    YesNoNotSure,
)
from lantern.cases.models.concerns import CONCERN_WITH_CASE, Concern, ConcernStatus
from lantern.cases.models.nrm import (
    FormExploitation,
    LastContact,
    LetterRecipient,
    ListKind,
    MultipleSituations,
    NrmListEntry,
    PhoneAnswer,
    ReferralQuestions,
    YesNo,
)
from lantern.cases.models.people import ContactMethod, Gender, Person, PersonNameKey, PersonNameKeyKind
from lantern.cases.models.records import (
    AgeAssessment,
    CompetentAuthority,
    ConsentRecord,
    Decision,
    DecisionKind,
    EarlyDecisionReason,
    MissingEpisode,
    Referral,
    ReferralKind,
    SafeguardingStep,
    SafeguardingStepNotNeeded,
    Screening,
    StrategyDiscussion,
    SupportKind,
    SupportService,
)
from lantern.cases.models.work import CaseAttachment, CaseNote, Task, TaskQuerySet, TaskStatus

__all__ = [
    "YesNoNotSure",
    "YesNo",
    "ReferralQuestions",
    "PhoneAnswer",
    "NrmListEntry",
    "MultipleSituations",
    "ListKind",
    "LetterRecipient",
    "LastContact",
    "FormExploitation",
    "ContactMethod",
    "ADULT_ONLY_STAGES",
    "CONCERN_WITH_CASE",
    "AgeAssessment",
    "Case",
    "CaseAttachment",
    "CaseEvent",
    "CaseExploitation",
    "CaseMember",
    "CaseNote",
    "CaseOutcome",
    "CaseStage",
    "CaseStatus",
    "CompetentAuthority",
    "Concern",
    "ConcernStatus",
    "ConsentRecord",
    "Decision",
    "DecisionKind",
    "EarlyDecisionReason",
    "Gender",
    "MissingEpisode",
    "Person",
    "PersonNameKey",
    "PersonNameKeyKind",
    "Referral",
    "ReferralKind",
    "Route",
    "SafeguardingStep",
    "SafeguardingStepNotNeeded",
    "Screening",
    "StrategyDiscussion",
    "SupportKind",
    "SupportService",
    "Task",
    "TaskQuerySet",
    "TaskStatus",
    "WhereExploited",
]
