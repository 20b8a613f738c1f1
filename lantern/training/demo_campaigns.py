"""Demo data for campaigns and the public module: a year of campaigns with reach and a material, and a
few module attempts. Idempotent: campaigns are found by title, attempts added only once."""

import datetime
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, User
from lantern.core import files
from lantern.core.references import save_with_reference
from lantern.training import quiz as quizzes
from lantern.training.learn_content import MODULE_VERSION
from lantern.training.models import Audience, Campaign, CampaignMaterial, CampaignReach, Channel, LearnAttempt
from lantern.training.services_campaigns import CAMPAIGN_PREFIX

DEMO_CAMPAIGNS: tuple[dict[str, Any], ...] = (
    {"title": "Spot the signs: staff briefings", "aim": "Every frontline team briefed on the signs and how to raise a "
     "concern in Lantern.", "audience": Audience.STAFF,
     "channels": [Channel.STAFF_BRIEFING, Channel.INTRANET, Channel.NEWSLETTER], "months_ago": 11, "weeks": 8,
     "reach": [(Channel.STAFF_BRIEFING, "people_briefed", 340), (Channel.INTRANET, "page_views", 1210)]},
    {"title": "Taxi and private hire drivers", "aim": "Licensed drivers know the signs of trafficking and county "
     "lines, and how to report.", "audience": Audience.LICENSED_TRADES,
     "channels": [Channel.LEAFLETS, Channel.EVENT], "months_ago": 8, "weeks": 6,
     "reach": [(Channel.LEAFLETS, "leaflets_handed_out", 900), (Channel.EVENT, "attendees", 85)]},
    {"title": "Anti-Slavery Day", "aim": "Public awareness of modern slavery and of the confidential reporting route.",
     "audience": Audience.PUBLIC, "channels": [Channel.WEBSITE, Channel.SOCIAL_MEDIA, Channel.POSTERS],
     "months_ago": 5, "weeks": 3,
     "reach": [(Channel.WEBSITE, "page_views", 4300), (Channel.SOCIAL_MEDIA, "people_reached", 12500)]},
    {"title": "Landlords and letting agents", "aim": "Landlords recognise overcrowded and controlled tenancies.",
     "audience": Audience.LANDLORDS, "channels": [Channel.NEWSLETTER, Channel.EVENT], "months_ago": 2, "weeks": 6,
     "reach": [(Channel.EVENT, "attendees", 48)]},
)

LEAFLET = (b"Spot the signs of modern slavery.\nIf someone is in immediate danger, call 999.\n"
           b"Report a concern online at /report/ - you can stay anonymous.\n")


def _manager() -> User | None:
    return (User.objects.filter(role_assignments__role=Role.TRAINING_COORDINATOR).first()
            or User.objects.filter(role_assignments__role=Role.PROGRAMME_MANAGER).first())


def _material(campaign: Campaign, user: User) -> None:
    if campaign.materials.exists():
        return
    checked = files.CheckedFile(content=LEAFLET, content_type=files.TEXT_TYPE, original_name="leaflet.txt",
                                sha256=hashlib.sha256(LEAFLET).hexdigest())
    stored = files.store(checked, scan_result="not_scanned", folder=f"training/campaigns/{campaign.pk}")
    CampaignMaterial.objects.create(campaign=campaign, title="Leaflet", language="English", version="1",
                                    uploaded_by=user, **stored)


@transaction.atomic
def seed_campaigns_demo() -> list[str]:
    """Add the demo campaigns and module attempts; a line saying what was added (empty when nothing)."""
    today = timezone.localdate()
    user = _manager()
    agencies = list(Agency.objects.order_by("name")[:3])
    added = 0
    for spec in DEMO_CAMPAIGNS:
        if Campaign.objects.filter(title=spec["title"]).exists():
            continue
        starts = today - datetime.timedelta(days=30 * spec["months_ago"])
        ends = starts + datetime.timedelta(weeks=spec["weeks"])
        campaign = Campaign(title=spec["title"], aim=spec["aim"], audience=spec["audience"],
                            channels=[str(c) for c in spec["channels"]], starts_on=starts, ends_on=ends, created_by=user)
        save_with_reference(campaign, prefix=CAMPAIGN_PREFIX)
        campaign.partner_agencies.set(agencies)
        for channel, measure, count in spec["reach"]:
            CampaignReach.objects.create(campaign=campaign, channel=channel, measure=measure, count=count,
                                         recorded_on=min(ends, today), created_by=user)
        if user is not None and added == 0:
            _material(campaign, user)
        added += 1
    attempts = 0
    if not LearnAttempt.objects.exists():
        quiz = quizzes.current_quiz()
        right = {q.code: sorted(q.correct) for q in quiz.questions}
        for score_wrong in (0, 0, 1, 3):
            answers = dict(right)
            for question in quiz.questions[:score_wrong]:
                answers[question.code] = []
            marked = quizzes.mark(quiz, answers)
            LearnAttempt.objects.create(module_version=MODULE_VERSION, quiz_version=quiz.version, answers=answers,
                                        score=marked.score, out_of=marked.out_of, passed=marked.passed)
            attempts += 1
    out = []
    if added:
        out.append(f"Added {added} demo awareness campaigns.")
    if attempts:
        out.append(f"Added {attempts} demo attempts at the public module.")
    return out
