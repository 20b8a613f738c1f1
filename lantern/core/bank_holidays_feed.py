"""Turning the GOV.UK bank holidays feed into the shipped reference list (used by refresh_bank_holidays).

Pure functions: the command fetches, these parse and merge, the command writes.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Mapping
from typing import Any

FEED_URL = "https://www.gov.uk/bank-holidays.json"
DIVISION = "england-and-wales"


class FeedError(ValueError):
    """The feed is not what GOV.UK publishes."""


def parse_feed(feed: Mapping[str, Any]) -> dict[datetime.date, str]:
    """The England and Wales events of the feed, by date."""
    try:
        events = feed[DIVISION]["events"]
        return {datetime.date.fromisoformat(event["date"]): str(event["title"]).strip() for event in events}
    except (KeyError, TypeError, ValueError) as exc:
        raise FeedError(f"The feed has no readable '{DIVISION}' events ({exc})") from exc


def merge(shipped: Mapping[datetime.date, str], fetched: Mapping[datetime.date, str]) -> dict[datetime.date, str]:
    """The fetched dates win for the years the feed covers; earlier years the feed has dropped are kept."""
    if not fetched:
        return dict(shipped)
    first_year = min(fetched).year
    kept = {day: title for day, title in shipped.items() if day.year < first_year}
    return dict(sorted({**kept, **fetched}.items()))


def to_csv(holidays: Iterable[tuple[datetime.date, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["value", "label"])
    for day, title in holidays:
        writer.writerow([day.isoformat(), title])
    return out.getvalue()
