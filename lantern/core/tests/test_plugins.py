"""The shell's menu, home page and demo data come from each app's AppConfig; core names no app."""

import ast
import shutil
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from lantern.accounts.capabilities import Role
from lantern.core import plugins
from lantern.core.tests.test_home_and_navigation import menu, sections
from tests.support import make_user, verified_client

LANTERN = Path(__file__).resolve().parents[2]
LANTERN_APPS = [name.removeprefix("lantern.") for name in settings.INSTALLED_APPS if name.startswith("lantern.")]


def test_every_lantern_app_plugs_in_through_its_config():
    """An apps.py that imported LanternAppConfig by name would leave Django using a plain AppConfig."""
    configs = [apps.get_app_config(label) for label in LANTERN_APPS]
    assert all(isinstance(config, plugins.LanternAppConfig) for config in configs)
    assert [config.label for config in plugins.lantern_apps()] == LANTERN_APPS


@pytest.mark.django_db
def test_menu_items_come_from_each_apps_config(monkeypatch):
    coordinator = make_user(Role.SHOP_COORDINATOR)
    labels = [label for label, _, _ in menu(verified_client(coordinator).get("/").content.decode())]
    assert labels == ["Home", "My work", "Concerns", "Cases", "SHOP agenda", "Governance", "Insights", "Partnership",
                      "Supply chains"]

    monkeypatch.setattr(apps.get_app_config("cases"), "navigation", ())
    monkeypatch.setattr(apps.get_app_config("partnership"), "navigation", (
        plugins.NavItem("Partnership", "partnership:overview", (), 60, "partnership"),
        plugins.NavItem("Boards first", "partnership:overview", ("partnership.view",), 5, "boards"),
    ))
    labels = [label for label, _, _ in menu(verified_client(coordinator).get("/").content.decode())]
    assert labels == ["Home", "Boards first", "Governance", "Insights", "Partnership", "Supply chains"]


@pytest.mark.django_db
def test_home_sections_come_from_each_apps_config(monkeypatch):
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    html = verified_client(admin).get("/").content.decode()
    assert sections(html) == ["Administration", "Training"]  # training's "My training" is for every role
    assert 'href="/partnership/">Partnership settings</a>' in html  # in accounts' section, linked by URL name
    monkeypatch.setattr(apps.get_app_config("training"), "home_sections", lambda user: [])
    assert (html.index('href="/users/">Manage users</a>') < html.index('href="/agencies/">Manage agencies</a>')
            < html.index('href="/partnership/">Partnership settings</a>'))

    monkeypatch.setattr(apps.get_app_config("partnership"), "home_sections", lambda user: [])
    html = verified_client(admin).get("/").content.decode()
    assert sections(html) == ["Administration"]  # partnership adds nothing to an administrator's page
    assert 'href="/users/">Manage users</a>' in html

    extra = plugins.HomeSection("Training", "Courses.", (plugins.HomeLink("Courses", "/training/"),), 0)
    monkeypatch.setattr(apps.get_app_config("audit"), "home_sections", lambda user: [extra])
    assert sections(verified_client(admin).get("/").content.decode()) == ["Training", "Administration"]

    monkeypatch.setattr(apps.get_app_config("accounts"), "home_sections", lambda user: [])
    html = verified_client(admin).get("/").content.decode()
    assert sections(html) == ["Training"]
    assert "Partnership settings" not in html


@pytest.mark.django_db
def test_home_sections_are_never_joined_by_heading(monkeypatch):
    """Two apps' sections with the same heading stay two cards: no app can add to another's by naming it."""
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    monkeypatch.setattr(apps.get_app_config("training"), "home_sections", lambda user: [])
    lookalike = plugins.HomeSection("Administration", "Courses to set up.", (plugins.HomeLink("Courses", "/training/"),), 45)
    monkeypatch.setattr(apps.get_app_config("partnership"), "home_sections", lambda user: [lookalike])
    html = verified_client(admin).get("/").content.decode()
    assert sections(html) == ["Administration", "Administration"]
    assert "Courses to set up." in html


def test_an_apps_home_sections_and_demo_come_from_its_own_home_and_demo_modules(monkeypatch):
    """No app writes the hooks out: the base class calls ``<app>.home`` and ``<app>.demo``."""
    overridden = [config.label for config in plugins.lantern_apps()
                  if type(config).home_sections is not plugins.LanternAppConfig.home_sections
                  or type(config).seed_demo is not plugins.LanternAppConfig.seed_demo]
    assert overridden == []

    section = plugins.HomeSection("Boards", "Who meets when.", (), 60)
    monkeypatch.setattr("lantern.partnership.home.home_sections", lambda user: [section] if user == "member" else [])
    monkeypatch.setattr("lantern.partnership.demo.seed_demo", lambda: plugins.DemoSeeded(summary=["Added 1 board."]))
    partnership = apps.get_app_config("partnership")
    assert partnership.home_sections("member") == [section]
    assert partnership.home_sections("visitor") == []
    assert partnership.seed_demo() == plugins.DemoSeeded(summary=["Added 1 board."])

    core = apps.get_app_config("core")  # no home.py, no demo.py: nothing to add
    assert core.home_sections("member") == []
    assert core.seed_demo() is None
    audit = apps.get_app_config("audit")  # a home.py but no demo.py
    assert audit.seed_demo() is None


def test_an_apps_kpis_come_from_its_own_kpis_module(monkeypatch):
    """Insight names no app: each app's ``kpis.KPIS`` is gathered in INSTALLED_APPS order."""
    from lantern.core.kpis import Kpi, KpiRegistryError, KpiResult, Unit, kpi_get, kpis_all
    from lantern.core.reference import Objective

    overridden = [config.label for config in plugins.lantern_apps() if type(config).kpis is not plugins.LanternAppConfig.kpis]
    assert overridden == []
    owners = [config.label for config in plugins.lantern_apps() if config.kpis()]
    assert owners == ["supply_chain", "cases", "confidential_reports"]  # supply chains sit below cases
    assert apps.get_app_config("core").kpis() == ()  # core's kpis.py is the registry, not KPIs
    assert apps.get_app_config("audit").kpis() == ()  # no kpis.py: nothing

    training = Kpi("first-responders-trained", "First responders trained", "Test.", Objective.TRAINING, Unit.PERCENTAGE,
                   lambda period: KpiResult(None))
    monkeypatch.setattr(apps.get_app_config("partnership"), "kpis", lambda: (training,))
    assert kpis_all()[0] == training  # partnership comes before cases
    assert kpi_get("first-responders-trained") == training

    monkeypatch.setattr(apps.get_app_config("audit"), "kpis", lambda: (training,))
    with pytest.raises(KpiRegistryError, match="first-responders-trained"):
        kpis_all()


class _FakeConfig:
    def __init__(self, result: plugins.DemoSeeded | None) -> None:
        self.result = result

    def seed_demo(self) -> Any:
        return self.result


def test_seed_demo_prints_every_apps_summary_then_each_apps_notes(monkeypatch):
    fakes = [
        _FakeConfig(plugins.DemoSeeded(notes=["Sign in as:", "  someone"])),
        _FakeConfig(None),
        _FakeConfig(plugins.DemoSeeded(summary=["Added 2 things."])),
        _FakeConfig(plugins.DemoSeeded(summary=["Added 3 others."], notes=["Try /other/."])),
    ]
    monkeypatch.setattr("lantern.core.management.commands.seed_demo.lantern_apps", lambda: iter(fakes))
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert out.getvalue().splitlines() == [
        "Added 2 things.", "Added 3 others.", "", "Sign in as:", "  someone", "", "Try /other/.",
    ]


def _lantern_apps_imported(package: str) -> dict[str, set[str]]:
    """Each other Lantern app imported by a non-test module of ``package``, anywhere in the module
    (inside functions too), with the modules that import it."""
    found: dict[str, set[str]] = {}
    root = LANTERN / package
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "lantern" and len(parts) > 1 and parts[1] != package and parts[1] in LANTERN_APPS:
                    found.setdefault(parts[1], set()).add(str(path.relative_to(LANTERN)))
    return found


def test_core_imports_no_other_lantern_app():
    assert _lantern_apps_imported("core") == {}


def test_audit_imports_nothing_above_core():
    assert set(_lantern_apps_imported("audit")) <= {"core"}


def test_import_contracts_are_kept():
    """The layers and the cross-app rules in pyproject.toml ([tool.importlinter])."""
    lint_imports = shutil.which("lint-imports") or str(Path(settings.BASE_DIR) / ".venv" / "bin" / "lint-imports")
    if not Path(lint_imports).exists():
        pytest.skip("import-linter is not installed")
    result = subprocess.run([lint_imports, "--no-cache"], cwd=settings.BASE_DIR, capture_output=True, text=True,  # noqa: S603
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_an_apps_notes_on_another_apps_page_never_stop_that_page(monkeypatch, caplog):
    """The concern form is where safeguarding starts: a note another app adds to it (training's prompt) that
    fails is left out and logged by the app's name and the error's type only."""
    responder = make_user(Role.FIRST_RESPONDER)
    shown = plugins.Notice("test-note", "A gentle note.", "/training/my/", "See more")
    monkeypatch.setattr(apps.get_app_config("training"), "notices", lambda user, page: [shown])
    assert 'id="test-note"' in verified_client(responder).get("/concerns/new/").content.decode()

    def broken(user, page):
        raise RuntimeError("database said something about someone@example.org")

    monkeypatch.setattr(apps.get_app_config("training"), "notices", broken)
    response = verified_client(responder).get("/concerns/new/")
    assert response.status_code == 200 and 'id="test-note"' not in response.content.decode()
    assert "Notices of the training app failed on concern-start: RuntimeError" in caplog.text
    assert "someone@example.org" not in caplog.text
