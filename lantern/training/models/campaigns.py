"""Awareness campaigns: the register, reach figures per channel, and materials (encrypted uploads)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.models import CreatedByModel, EncryptedFile, TimeStampedModel


class Channel(models.TextChoices):
    NEWSLETTER = "newsletter", "Newsletter"
    INTRANET = "intranet", "Intranet"
    STAFF_BRIEFING = "staff_briefing", "Staff briefing"
    WEBSITE = "website", "Website"
    SOCIAL_MEDIA = "social_media", "Social media"
    EVENT = "event", "Event"
    LEAFLETS = "leaflets", "Leaflets"
    POSTERS = "posters", "Posters"


class ReachMeasure(models.TextChoices):
    PEOPLE_BRIEFED = "people_briefed", "People briefed"
    PAGE_VIEWS = "page_views", "Page views"
    LEAFLETS_HANDED_OUT = "leaflets_handed_out", "Leaflets handed out"
    ATTENDEES = "attendees", "Attendees"
    PEOPLE_REACHED = "people_reached", "People reached (other)"


class Audience(models.TextChoices):
    STAFF = "staff", "Council and partner staff"
    PUBLIC = "public", "The public"
    BUSINESSES = "businesses", "Businesses and suppliers"
    LICENSED_TRADES = "licensed_trades", "Licensed trades (taxis, premises)"
    LANDLORDS = "landlords", "Landlords and letting agents"
    SCHOOLS = "schools", "Schools and young people"


class Campaign(CreatedByModel):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    aim = models.TextField(max_length=2000, help_text="What the campaign sets out to change.")
    audience = models.CharField(max_length=30, choices=Audience.choices)
    channels = models.JSONField(default=list, help_text="Channel values (Channel): where the campaign runs.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    partner_agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels.get(c, c) for c in self.channels]


class CampaignReach(CreatedByModel):
    """One reach figure: how many, by which measure, on which channel, up to which day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reach")
    channel = models.CharField(max_length=30, choices=Channel.choices)
    measure = models.CharField(max_length=30, choices=ReachMeasure.choices)
    count = models.PositiveIntegerField()
    recorded_on = models.DateField(help_text="The day the figure was counted (or the last day it covers).")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["recorded_on", "pk"]

    def __str__(self) -> str:
        return f"{self.campaign.reference} {self.channel} {self.measure}: {self.count}"


class CampaignMaterial(EncryptedFile, TimeStampedModel):
    """A leaflet, poster, slide deck or article used in a campaign, stored encrypted."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    language = models.CharField(max_length=60, default="English")
    version = models.CharField(max_length=20, default="1")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title", "language", "version"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "title", "language", "version"],
                                    name="campaign_material_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language}, version {self.version})"
