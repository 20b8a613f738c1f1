"""What Lantern holds about a case, loaded once, that the form's answers and conditions read."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lantern.cases.models import (
    Case,
    CaseAttachment,
    Concern,
    ConsentRecord,
    NrmListEntry,
    Referral,
    ReferralKind,
    ReferralQuestions,
    Screening,
    SupportService,
)


@dataclass
class Facts:
    """What Lantern holds about a case, already loaded; ``kind`` is the form being filled (nrm or dtn)."""

    case: Case
    kind: str
    questions: ReferralQuestions | None
    entries: list[NrmListEntry]
    consent: ConsentRecord | None
    screening: Screening | None
    concerns: list[Concern]
    referrals: list[Referral]
    attachments: list[CaseAttachment]
    support: list[SupportService]
    types: set[str]
    first_responder: Any
    country: str
    q: ReferralQuestions = field(init=False, repr=False)  # the referral questions, or all unanswered

    def __post_init__(self) -> None:
        self.q = self.questions or ReferralQuestions(case=self.case)

    @property
    def person(self) -> Any:
        return self.case.person

    def listed(self, kind: str) -> list[NrmListEntry]:
        return [entry for entry in self.entries if entry.kind == kind]

    @property
    def nrm_referral(self) -> Referral | None:
        return next((r for r in self.referrals if r.kind == ReferralKind.NRM), None)

    @property
    def form_referral(self) -> Referral | None:
        """The NRM referral or Duty to Notify this form is (or will be) made as, once recorded."""
        wanted = ReferralKind.NRM if self.kind == "nrm" else ReferralKind.DUTY_TO_NOTIFY
        return next((r for r in self.referrals if r.kind == wanted), None)

    @property
    def indicators_asked(self) -> bool:
        """Whether anyone has looked for the indicators: a screening, or a concern that recorded some."""
        return self.screening is not None or any(c.indicators for c in self.concerns)

    @property
    def indicators_found(self) -> bool:
        if self.screening is not None:
            return bool(self.screening.indicators)
        return any(concern.indicators for concern in self.concerns)

    @property
    def others_held(self) -> list[str]:
        """Other organisations the case already involves: its other referrals and its support."""
        held = [f"{r.get_kind_display()}{f': {r.to_organisation}' if r.to_organisation else ''}"
                for r in self.referrals if r.kind not in (ReferralKind.NRM, ReferralKind.DUTY_TO_NOTIFY)]
        held += [f"{s.get_kind_display()}: {s.provider}" for s in self.support]
        return held


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def choice_label(value: str, choices: Iterable[tuple[str, str]]) -> str:
    return dict(choices).get(value, value) if value else ""


def joined(parts: Iterable[str], sep: str = "\n") -> str:
    return sep.join(p for p in parts if p)
