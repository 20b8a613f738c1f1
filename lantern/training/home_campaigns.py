"""The campaign register's and the public module's links for the training app's home section.

The integrator joins these into ``lantern.training.home.home_sections`` (built by the training core).
"""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink


def campaign_home_links(user: Any) -> list[HomeLink]:
    links = []
    if user.can(Capability.MANAGE_TRAINING):
        links += [
            HomeLink("Awareness campaigns", reverse("training:campaign-list"),
                     "Campaigns, their channels, reach and materials."),
            HomeLink("Campaigns, concerns and reports", reverse("training:campaign-comparison"),
                     "Whether campaigns moved the number of concerns and reports."),
        ]
    links.append(HomeLink("Spot the signs: the public course", reverse("learn:start"),
                          "A short course anyone can take, with a certificate. Your pass counts on your record."))
    return links
