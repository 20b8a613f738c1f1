"""How an app plugs into the shell: its menu items, home-page sections and demo data.

Each Lantern app's AppConfig subclasses ``LanternAppConfig`` and overrides the
hooks it needs. Core collects from every installed config in INSTALLED_APPS
order (``lantern_apps()``) and never names an app, so a new capability adds
itself without changing core.

An app's ``apps.py`` imports this module (``from lantern.core import plugins``),
not the class itself: Django picks an app's config as the one AppConfig
subclass found in ``apps.py``, and an imported ``LanternAppConfig`` would be a
second one.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig, apps


@dataclass(frozen=True)
class NavItem:
    """One item of the service menu."""

    label: str
    url_name: str
    capabilities: tuple[str, ...]  # any one of them shows the item; empty: every signed-in user
    order: int  # position in the menu, lowest first
    section: str  # first path segment that marks the item active


@dataclass(frozen=True)
class HomeLink:
    label: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class HomeSection:
    """A card on the home page. Sections with the same heading from several apps show as one,
    with the links in app order (e.g. accounts and partnership both add to 'Administration')."""

    heading: str
    summary: str
    links: tuple[HomeLink, ...]
    order: int  # position on the page, lowest first


@dataclass(frozen=True)
class DemoSeeded:
    """What an app's demo seeding prints: one-line results first (every app's, in seeding
    order), then each app's notes as a paragraph of their own (e.g. how to sign in)."""

    summary: Sequence[str] = ()
    notes: Sequence[str] = ()


class LanternAppConfig(AppConfig):
    """Base for every Lantern app's AppConfig. Each hook's default contributes nothing."""

    navigation: tuple[NavItem, ...] = ()

    def home_sections(self, user: Any) -> list[HomeSection]:
        """The sections this app adds to ``user``'s home page (only what their roles may use)."""
        return []

    def seed_demo(self) -> DemoSeeded | None:
        """Add this app's demo data, idempotently. Runs in INSTALLED_APPS order, after the apps it needs."""
        return None


def lantern_apps() -> Iterator[LanternAppConfig]:
    """Every installed app that plugs into the shell, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if isinstance(config, LanternAppConfig):
            yield config


def home_sections_for(user: Any) -> list[HomeSection]:
    merged: dict[str, HomeSection] = {}
    for config in lantern_apps():
        for section in config.home_sections(user):
            if section.heading in merged:
                first = merged[section.heading]
                merged[section.heading] = HomeSection(first.heading, first.summary, first.links + section.links, first.order)
            else:
                merged[section.heading] = section
    return sorted(merged.values(), key=lambda s: s.order)


def navigation_items() -> list[NavItem]:
    return sorted((item for config in lantern_apps() for item in config.navigation), key=lambda i: i.order)

