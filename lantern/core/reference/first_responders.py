"""Which kind of first responder an organisation is, as the Home Office NRM statistics count them.

``classify(name)`` is a pure rule on the organisation's name (ordered: the first rule
that matches wins). The Home Office form's organisation list, classified by it, is
shipped as ``data/first_responder_organisation_types.csv`` (value = the form's
organisation, ``type`` = a FirstResponderType) so that a reviewer can read and correct
every line; ``organisation_type(name)`` reads that file first and falls back to the rule
for names not on the form's list. ``manage.py`` is not needed to regenerate it:
``python -m lantern.core.reference.first_responders FORM_LIST.csv`` prints the file.
"""

import csv
import functools
import re
import sys

from lantern.core.reference.choices import FirstResponderType as T
from lantern.core.reference.lists import items

TYPES_LIST = "first_responder_organisation_types"

# Charities named on the form (DOMAIN.md section 4), before the council rule: "Refugee Council" is a charity.
_NGO = re.compile(
    r"Salvation Army|Migrant Help|Barnardo|NSPCC|Prevention of Cruelty to Children|Unseen|Medaille Trust|Kalayaan"
    r"|BAWSO|New Pathways|Refugee Council|Trafficking Awareness Raising Alliance|Women's Aid|Youth Work Alliance"
    r"|Hope for Justice|Snowdrop|City Hearts|Justice and Care",
    re.IGNORECASE)
_RULES: tuple[tuple[re.Pattern[str], T], ...] = (
    (re.compile(r"^Home Office\b|UK Visas|Border Force|Immigration Enforcement", re.IGNORECASE), T.HOME_OFFICE),
    (_NGO, T.NGO),
    (re.compile(r"\bNHS\b|Health and Social Care|Health Board|Hospital|Ambulance", re.IGNORECASE), T.HEALTH),
    (re.compile(r"Police|Constabulary|Organised Crime Unit|Special Operations Unit|\bROCU\b", re.IGNORECASE), T.POLICE),
    (re.compile(r"National Crime Agency|Gangmasters|Labour Abuse Authority|Fair Work Agency|HMRC|Revenue and Customs"
                r"|Department for Work and Pensions|\bDWP\b|Prison|Probation", re.IGNORECASE), T.OTHER_PUBLIC_BODY),
    (re.compile(r"Council\b|\bBorough of\b|Combined Authority|City Region|Greater London Authority"
                r"|City of London Corporation|City of Westminster|Comhairle", re.IGNORECASE), T.LOCAL_AUTHORITY),
)


def classify(name: str) -> T:
    """The kind of first responder an organisation is, from its name (OTHER when no rule matches)."""
    for pattern, kind in _RULES:
        if pattern.search(name or ""):
            return kind
    return T.OTHER


@functools.cache
def _reviewed() -> dict[str, str]:
    return {item.value: item.extra["type"] for item in items(TYPES_LIST)}


def organisation_type(name: str) -> T:
    """The reviewed type of an organisation on the Home Office form's list, else the rule's."""
    reviewed = _reviewed().get(name)
    return T(reviewed) if reviewed else classify(name)


def _print_file(form_list: str) -> None:  # pragma: no cover - a maintenance helper
    with open(form_list, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    writer = csv.writer(sys.stdout, lineterminator="\r\n")
    writer.writerow(["value", "label", "type"])
    for row in rows:
        writer.writerow([row["value"], row["label"], classify(row["value"]).value])


if __name__ == "__main__":  # pragma: no cover
    _print_file(sys.argv[1])
