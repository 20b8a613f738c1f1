"""The Sandwell partnership: its name, 24 wards and governance bodies."""

from django.db import transaction

from lantern.core import reference
from lantern.core.plugins import DemoSeeded
from lantern.partnership.models import Area, AreaKind, Board, Partnership

# The seed list of wards is reference data (lantern/core/reference/data/sandwell_wards.csv);
# once seeded, the partnership's wards are its Area rows.

# (name, short name, purpose, frequency, parent short name)
BOARDS = [
    ("Safer Sandwell Police and Crime Board", "SSPCB", "Overall governance and strategic oversight.", "Quarterly", None),
    ("Sandwell Anti-Slavery Partnership", "SASP", "Strategic oversight of the anti-slavery strategy and best practice.",
     "Quarterly", "SSPCB"),
    ("Prevention of Violence and Exploitation sub-group", "PoVE", "Prevention of violence and exploitation.",
     "Bi-monthly", "SASP"),
    ("Slavery and Human Trafficking Operational Partnership", "SHOP",
     "Operational response: day-to-day coordination of cases.", "Monthly", "SASP"),
    ("Child Exploitation Board", "CEB", "Oversight of child exploitation.", "Bi-monthly", "SSPCB"),
    ("Early Help Partnership", "EHP", "Early intervention.", "Quarterly", None),
]


@transaction.atomic
def seed() -> Partnership:
    partnership, _ = Partnership.objects.update_or_create(
        singleton=True,
        defaults={
            "name": "Sandwell Anti-Slavery Partnership",
            "short_name": "SASP",
            "local_authority": "Sandwell Metropolitan Borough Council",
            "strategy_title": "Striving for a Slavery Free Sandwell 2022-2027",
            "contact_email": "antislavery@sandwell.example",
            "ictg_available": True,  # West Midlands councils have Barnardo's ICTG service
        },
    )
    for ward, _label in reference.wards():
        Area.objects.get_or_create(name=ward, defaults={"kind": AreaKind.WARD})
    by_short: dict[str, Board] = {}
    for name, short, purpose, frequency, parent in BOARDS:
        board, _ = Board.objects.update_or_create(
            name=name,
            defaults={"short_name": short, "purpose": purpose, "meeting_frequency": frequency,
                      "parent": by_short.get(parent) if parent else None,
                      "sees_childrens_cases": short == "CEB"},
        )
        by_short[short] = board
    return partnership


def seed_demo() -> DemoSeeded:
    """The partnership app's ``seed_demo`` hook."""
    return DemoSeeded(summary=[f"Demo partnership ready: {seed().name}."])
