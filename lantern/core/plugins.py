"""How an app plugs into the shell: its menu items, home-page sections, demo data and KPIs.

Each Lantern app's AppConfig subclasses ``LanternAppConfig`` and declares its
``navigation``. Its home-page sections, demo data and KPIs come from its own
``home.py`` (``home_sections(user)``), ``notices.py`` (``notices_for(user, page)``: notes on other
apps' pages), ``demo.py`` (``seed_demo()``) and
``kpis.py`` (``KPIS``, see ``lantern.core.kpis``), when it has them: the
base class finds and calls them, so no app writes the hooks out by hand. Core collects from every installed config in INSTALLED_APPS
order (``lantern_apps()``) and never names an app, so a new capability adds
itself without changing core.

An app's ``apps.py`` imports this module (``from lantern.core import plugins``),
not the class itself: Django picks an app's config as the one AppConfig
subclass found in ``apps.py``, and an imported ``LanternAppConfig`` would be a
second one.
"""

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import module_has_submodule

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from lantern.core.kpis import Kpi


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
    """A card on the home page. Each section is one app's own; sections are never joined."""

    heading: str
    summary: str
    links: tuple[HomeLink, ...]
    order: int  # position on the page, lowest first


@dataclass(frozen=True)
class Notice:
    """A short note one app adds to another app's page (a prompt, never a block), with where to go next."""

    key: str  # the element's id on the page, for its tests and styles, e.g. "training-prompt"
    text: str
    link: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class DemoSeeded:
    """What an app's demo seeding prints: one-line results first (every app's, in seeding
    order), then each app's notes as a paragraph of their own (e.g. how to sign in)."""

    summary: Sequence[str] = ()
    notes: Sequence[str] = ()


class LanternAppConfig(AppConfig):
    """Base for every Lantern app's AppConfig.

    An app declares ``navigation``; the other hooks call the app's ``home`` and
    ``demo`` modules, and contribute nothing for an app without them.
    """

    navigation: tuple[NavItem, ...] = ()

    def home_sections(self, user: Any) -> list[HomeSection]:
        """The sections this app adds to ``user``'s home page (only what their roles may use):
        ``<app>.home.home_sections(user)``."""
        home = self._own_module("home")
        return home.home_sections(user) if home else []

    def seed_demo(self) -> DemoSeeded | None:
        """Add this app's demo data, idempotently: ``<app>.demo.seed_demo()``. Runs in
        INSTALLED_APPS order, after the apps it needs."""
        demo = self._own_module("demo")
        return demo.seed_demo() if demo else None

    def notices(self, user: Any, page: str) -> list[Notice]:
        """The notes this app adds for ``user`` to another app's page, named by ``page`` (e.g.
        ``"concern-start"``): ``<app>.notices.notices_for(user, page)``. The page's app never imports this one."""
        module = self._own_module("notices")
        return module.notices_for(user, page) if module else []

    def kpis(self) -> "Sequence[Kpi]":
        """The KPIs this app registers: ``<app>.kpis.KPIS``, each computed from the app's own records
        through its aggregate selectors (``lantern.core.kpis``)."""
        module = self._own_module("kpis")
        return tuple(getattr(module, "KPIS", ())) if module else ()  # core's own kpis.py is the registry

    def error_page(self, request: HttpRequest, status: int) -> HttpResponse | None:
        """The app's own page for an error (400, 403, 404, 500) on ``request``, or None for the shared
        one. For a public part of an app with its own look, whose visitors' requests must stay
        under its own addresses (the confidential reporting pages)."""
        return None

    def _own_module(self, name: str) -> ModuleType | None:
        """The app's submodule ``name``, imported only when a hook is first called (not while apps load)."""
        if not module_has_submodule(self.module, name):
            return None
        return import_module(f"{self.name}.{name}")


def lantern_apps() -> Iterator[LanternAppConfig]:
    """Every installed app that plugs into the shell, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if isinstance(config, LanternAppConfig):
            yield config


def notices_for(user: Any, page: str) -> list[Notice]:
    """Every app's notes for ``user`` on ``page``, in app order. A note is never a block: an app whose notes
    fail is logged (by name and the error's type) and left out, and the page still opens."""
    notices: list[Notice] = []
    for config in lantern_apps():
        try:
            notices += config.notices(user, page)
        except Exception as error:  # noqa: BLE001  (a prompt must never stop the page it sits on)
            logger.error("Notices of the %s app failed on %s: %s", config.label, page, type(error).__name__)
    return notices


def home_sections_for(user: Any) -> list[HomeSection]:
    """Every app's sections for ``user``, by ``order`` (app order where two are level)."""
    return sorted((section for config in lantern_apps() for section in config.home_sections(user)),
                  key=lambda s: s.order)


def error_page_for(request: HttpRequest, status: int) -> HttpResponse | None:
    """The first app's own page for this error, if an app has one for this address."""
    for config in lantern_apps():
        page = config.error_page(request, status)
        if page is not None:
            return page
    return None


def navigation_items() -> list[NavItem]:
    return sorted((item for config in lantern_apps() for item in config.navigation), key=lambda i: i.order)

