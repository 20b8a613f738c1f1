"""The pages of the "spot the signs" module, in order, and the shared vocabulary they read.

The signs page shows the same data the two reporting forms use, never a copy of it: the plain-language
signs of the public report form (``lantern.confidential_reports.signs``) and, for each, the indicators
of the current indicator set they map to (``lantern.core.reference.indicators``), which the concern
form's indicator question lists. Change either and the module changes with it.
"""

from dataclasses import dataclass
from typing import Any

from lantern.confidential_reports.signs import SIGNS
from lantern.core.reference import ExploitationType
from lantern.core.reference.indicators import current_set

MODULE_VERSION = "2026.1"
SIGNS_GROUP = "signs"  # the indicator group the concern form lists first


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    template: str


PAGES: tuple[Page, ...] = (
    Page("what-is-modern-slavery", "What modern slavery is", "training/learn/pages/what.html"),
    Page("forms", "The forms it takes", "training/learn/pages/forms.html"),
    Page("signs", "Spot the signs", "training/learn/pages/signs.html"),
    Page("what-to-do", "What to do if you are worried", "training/learn/pages/what_to_do.html"),
    Page("reporting", "How to report", "training/learn/pages/reporting.html"),
)
_BY_SLUG = {p.slug: p for p in PAGES}

FORM_DESCRIPTIONS: dict[str, str] = {
    ExploitationType.LABOUR: "Forced to work for little or no pay, often long hours in farms, factories, car washes, "
                             "nail bars, building sites or food businesses, under threat or in debt to the people "
                             "who control them.",
    ExploitationType.SEXUAL: "Forced into sex work or sexual abuse, in flats, brothels or through online adverts.",
    ExploitationType.CRIMINAL: "Made to commit crimes, such as carrying drugs ('county lines'), growing cannabis, "
                               "begging or shoplifting. Children are often targeted.",
    ExploitationType.DOMESTIC_SERVITUDE: "Made to cook, clean and look after children in a private home, often "
                                         "unpaid, kept in, and not allowed to leave.",
    ExploitationType.ORGAN_HARVESTING: "Forced or tricked into giving up an organ, such as a kidney. This is rare.",
}


def page(slug: str) -> Page | None:
    return _BY_SLUG.get(slug)


def neighbours(slug: str) -> tuple[Page | None, Page | None]:
    """The pages before and after ``slug`` (None at either end)."""
    index = [p.slug for p in PAGES].index(slug)
    return (PAGES[index - 1] if index else None, PAGES[index + 1] if index + 1 < len(PAGES) else None)


def forms_of_exploitation() -> list[dict[str, str]]:
    """The forms of exploitation, named as the case records and NRM statistics name them."""
    return [{"code": value, "label": label, "description": FORM_DESCRIPTIONS[value]}
            for value, label in ExploitationType.choices if value in FORM_DESCRIPTIONS]


def signs() -> list[dict[str, Any]]:
    """Each plain-language sign of the public report form, with the indicators it stands for."""
    indicator_set = current_set()
    return [{"code": sign.code, "label": sign.label,
             "indicators": [indicator_set.label(code) for code in sign.indicators]} for sign in SIGNS]


def spot_the_signs() -> list[dict[str, str]]:
    """The 'spot the signs' indicators of the concern form, each with its explanation."""
    group = next(g for g in current_set().groups if g.code == SIGNS_GROUP)
    return [{"code": i.code, "label": i.label, "hint": i.hint} for i in group.indicators]
