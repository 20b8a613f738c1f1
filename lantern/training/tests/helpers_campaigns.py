"""Shared set-up of the campaign tests."""

import datetime

from lantern.accounts.capabilities import Role
from lantern.training import services_campaigns as services
from lantern.training.models import Campaign
from tests.support import make_user

MANAGERS = {Role.TRAINING_COORDINATOR, Role.PROGRAMME_MANAGER}


def a_campaign(*, title: str = "Taxi drivers", starts_on: datetime.date = datetime.date(2026, 3, 1),
               ends_on: datetime.date = datetime.date(2026, 4, 15), channels: tuple[str, ...] = ("leaflets", "event"),
               user=None) -> Campaign:
    user = user or make_user(Role.TRAINING_COORDINATOR)
    return services.campaign_create(acting_user=user, title=title, aim="Drivers know the signs.", audience="licensed_trades",
                                    channels=list(channels), starts_on=starts_on, ends_on=ends_on)


def campaign_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Nail bars", "aim": "Owners and customers know the signs.", "audience": "businesses",
        "channels": ["leaflets", "social_media"], "starts_on_0": "1", "starts_on_1": "5", "starts_on_2": "2026",
        "ends_on_0": "30", "ends_on_1": "6", "ends_on_2": "2026",
    }
    data.update(changes)
    return data
