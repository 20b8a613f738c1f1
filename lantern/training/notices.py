"""Training's notes on other apps' pages (``lantern.core.plugins``): the gentle prompt on the concern form
for a first responder whose first responder training is not in date. Never a block."""

from typing import Any

from lantern.core.plugins import Notice
from lantern.training.selectors.prompts import concern_prompt


def notices_for(user: Any, page: str) -> list[Notice]:
    if page != "concern-start":
        return []
    prompt = concern_prompt(user)
    return [Notice("training-prompt", prompt["text"], prompt["link"], "See your training")] if prompt else []
