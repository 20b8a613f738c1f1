"""Shared vocabularies the code branches on, as TextChoices (the stored values never change).

Lists that are only offered and stored (nationalities, police forces, countries,
sectors, wards) are data files instead: see ``lists.py`` and ``data/SOURCES.md``.
"""

from django.db import models


class ExploitationType(models.TextChoices):
    """The types used by the Home Office NRM statistics."""

    LABOUR = "labour", "Labour"
    SEXUAL = "sexual", "Sexual"
    CRIMINAL = "criminal", "Criminal"
    DOMESTIC_SERVITUDE = "domestic_servitude", "Domestic servitude"
    ORGAN_HARVESTING = "organ_harvesting", "Organ harvesting"
    UNKNOWN = "unknown", "Not specified or unknown"


class PremisesType(models.TextChoices):
    """Kinds of place named by the GLAA and the Modern Slavery Helpline (DOMAIN.md section 8)."""

    CAR_WASH = "car_wash", "Hand car wash"
    NAIL_BAR = "nail_bar", "Nail bar or beauty salon"
    TAKEAWAY = "takeaway", "Takeaway, restaurant or hospitality"
    FARM = "farm", "Farm or food packing"
    FACTORY = "factory", "Factory, warehouse or textiles"
    CONSTRUCTION = "construction", "Construction site"
    CARE = "care", "Care setting"
    PRIVATE_HOUSE = "private_house", "Private house"
    HMO = "hmo", "House in multiple occupation"
    CANNABIS = "cannabis", "Cannabis cultivation"
    STREET = "street", "Street or public place"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class FirstResponderType(models.TextChoices):
    """The kinds of first responder organisation the Home Office NRM statistics count referrals by."""

    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HOME_OFFICE = "home_office", "Home Office (UK Visas and Immigration, Border Force, Immigration Enforcement)"
    NGO = "ngo", "NGO or charity"
    HEALTH = "health", "Health"
    OTHER_PUBLIC_BODY = "other_public_body", "Other public body"
    OTHER = "other", "Other or not known"
class Objective(models.TextChoices):
    """The seven objectives of the partnership's modern slavery strategy (DOMAIN.md section 2).

    Every KPI names the one it serves, so the dashboard can be read objective by objective.
    """

    GOVERNANCE = "governance", "1. Governance and accountability"
    TRAINING = "training", "2. Training and awareness"
    ADULT_VICTIMS = "adult_victims", "3. Adult victims"
    CHILD_VICTIMS = "child_victims", "4. Child victims"
    DISRUPTION = "disruption", "5. Disruption and prevention"
    PROCUREMENT = "procurement", "6. Procurement and commissioning"
    REPORTING = "reporting", "7. Reporting and evaluation"
