"""Versioned indicator sets for screening concerns and cases (pure data).

Shared vocabulary: cases screen against these sets, and the confidential
reporting channel's plain-language signs map onto their codes
(``lantern.confidential_reports.signs``). A screening records the version it used, so that changing the list never
changes the meaning of an old screening. Add a new version rather than
editing a published one; CURRENT_VERSION says which new screenings use.

Sources: councils' spot-the-signs headings; the ILO's 11 indicators of forced
labour; premises indicators used by councils and the GLAA; the Modern
Slavery Act 2015 statutory guidance's physical, psychological, situational
and environmental grouping (see the project's DOMAIN.md, section 3).
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    hint: str = ""
    child_only: bool = False


@dataclass(frozen=True)
class IndicatorGroup:
    code: str
    heading: str
    indicators: tuple[Indicator, ...]
    short: str = ""  # how a flat list names the group after an indicator, e.g. 'Isolation (ILO)'


@dataclass(frozen=True)
class IndicatorSet:
    version: str
    title: str
    groups: tuple[IndicatorGroup, ...]

    def codes(self) -> set[str]:
        return {i.code for g in self.groups for i in g.indicators}

    def label(self, code: str) -> str:
        for group in self.groups:
            for indicator in group.indicators:
                if indicator.code == code:
                    return indicator.label
        return code

    def choices(self, *, include_child: bool = True) -> list[tuple[str, list[tuple[str, str]]]]:
        return [
            (g.heading, [(i.code, i.label) for i in g.indicators if include_child or not i.child_only])
            for g in self.groups
        ]


SPOT_THE_SIGNS = IndicatorGroup(
    "signs",
    "Spot the signs",
    (
        Indicator("signs.physical", "Physical appearance", "Injuries, malnourishment, unkempt, untreated illness."),
        Indicator("signs.isolation", "Isolation", "Rarely alone, not allowed to speak for themselves, no friends or family nearby."),
        Indicator("signs.living_conditions", "Poor living conditions",
                  "Many people at one address, sleeping at the workplace, dirty or overcrowded accommodation."),
        Indicator("signs.few_possessions", "Few or no personal effects", "The same clothes every day, no belongings."),
        Indicator("signs.restricted_movement", "Restricted freedom of movement",
                  "Documents held by someone else, little opportunity to move freely."),
        Indicator("signs.unusual_travel", "Unusual travel times", "Collected early, returned late, transported in groups."),
        Indicator("signs.reluctant", "Reluctance to seek help",
                  "Afraid of authorities, of deportation, or of violence to themselves or family."),
        Indicator("signs.grooming", "Signs of grooming", "Gifts, older 'boyfriend' or 'friends', going missing.",
                  child_only=True),
    ),
)

ILO_FORCED_LABOUR = IndicatorGroup(
    "ilo",
    "ILO forced labour indicators",
    (
        Indicator("ilo.vulnerability", "Abuse of vulnerability"),
        Indicator("ilo.deception", "Deception", "About the work, pay, conditions or location."),
        Indicator("ilo.movement", "Restriction of movement"),
        Indicator("ilo.isolation", "Isolation"),
        Indicator("ilo.violence", "Physical and sexual violence"),
        Indicator("ilo.intimidation", "Intimidation and threats"),
        Indicator("ilo.documents", "Retention of identity documents"),
        Indicator("ilo.wages", "Withholding of wages"),
        Indicator("ilo.debt", "Debt bondage"),
        Indicator("ilo.conditions", "Abusive working and living conditions"),
        Indicator("ilo.overtime", "Excessive overtime"),
    ),
    short="ILO",
)

PREMISES = IndicatorGroup(
    "premises",
    "Premises",
    (
        Indicator("premises.many_occupants", "Many occupants for the size of the property"),
        Indicator("premises.blacked_out", "Blacked-out or covered windows"),
        Indicator("premises.high_security", "High security or signs that people are kept in"),
        Indicator("premises.group_transport", "Workers transported to and from the premises in groups"),
        Indicator("premises.living_at_work", "People living at the workplace"),
    ),
    short="premises",
)

INDICATOR_SETS: dict[str, IndicatorSet] = {
    "2026.1": IndicatorSet(
        version="2026.1",
        title="Spot the signs, ILO forced labour and premises indicators (2026)",
        groups=(SPOT_THE_SIGNS, ILO_FORCED_LABOUR, PREMISES),
    ),
}

CURRENT_VERSION = "2026.1"


def current_set() -> IndicatorSet:
    return INDICATOR_SETS[CURRENT_VERSION]


def indicator_set(version: str) -> IndicatorSet:
    return INDICATOR_SETS[version]


def indicator_choices(version: str, *, include_child: bool = True) -> list[Any]:
    """Grouped choices: (group heading, [(code, label), ...]) for each group of the set."""
    return indicator_set(version).choices(include_child=include_child)


def flat_indicator_choices(version: str, *, include_child: bool = True) -> list[tuple[str, str]]:
    """One list for a checkbox group; labels after the first group name their group (e.g. 'Isolation (ILO)').

    The GOV.UK checkboxes cannot render grouped choices (each group would come out as a single
    checkbox whose value was the group's heading), so forms use this flat list.
    """
    out: list[tuple[str, str]] = []
    for position, group in enumerate(indicator_set(version).groups):
        out.extend(
            (i.code, i.label if position == 0 else f"{i.label} ({group.short or group.heading})")
            for i in group.indicators if include_child or not i.child_only
        )
    return out
