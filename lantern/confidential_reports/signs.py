"""Signs of modern slavery in plain language, for the public reporting form.

Each sign maps to indicator codes of the current indicator set (shared
reference data, ``lantern.core.reference.indicators``), so that a report
opened as a concern arrives already screened against the indicators the
triage team use. The tests check every code exists in the current set.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sign:
    code: str
    label: str
    indicators: tuple[str, ...]


SIGNS: tuple[Sign, ...] = (
    Sign("injuries", "They had injuries, looked unwell, hungry or scruffy", ("signs.physical",)),
    Sign("scared", "They seemed scared, or someone else spoke for them", ("signs.isolation", "ilo.intimidation")),
    Sign("not_free", "They did not seem free to come and go", ("signs.restricted_movement", "ilo.movement")),
    Sign("transported", "They were dropped off and picked up in groups, early or late",
         ("signs.unusual_travel", "premises.group_transport")),
    Sign("living_at_work", "People seemed to live or sleep where they work", ("premises.living_at_work",)),
    Sign("crowded", "Lots of people lived at one address", ("premises.many_occupants", "signs.living_conditions")),
    Sign("windows", "Windows were covered or blacked out, or the place was heavily secured",
         ("premises.blacked_out", "premises.high_security")),
    Sign("documents", "Someone else kept their passport or ID", ("ilo.documents",)),
    Sign("not_paid", "They were paid little or nothing, or owed money to the people they work for",
         ("ilo.wages", "ilo.debt")),
    Sign("long_hours", "They worked very long hours, or without safety equipment", ("ilo.overtime", "ilo.conditions")),
    Sign("few_belongings", "They had few or no belongings", ("signs.few_possessions",)),
    Sign("child_exploited", "A child seemed to be controlled, groomed or made to carry things", ("signs.grooming",)),
)

SIGN_CHOICES = [(s.code, s.label) for s in SIGNS]
_BY_CODE = {s.code: s for s in SIGNS}


def sign_label(code: str) -> str:
    sign = _BY_CODE.get(code)
    return sign.label if sign else code


def indicators_for(codes: list[str]) -> list[str]:
    """The indicator codes the ticked signs point to, in a stable order, without repeats."""
    seen: dict[str, None] = {}
    for code in codes:
        sign = _BY_CODE.get(code)
        if sign:
            for indicator in sign.indicators:
                seen[indicator] = None
    return list(seen)
