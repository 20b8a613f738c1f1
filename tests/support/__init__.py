"""Test helpers shared by every app: signed-in clients and the access matrix.

``assert_access`` proves, for one page or API route, that the roles allowed
in get in and every other role is refused with the one status the rule
names, in a few lines::

    assert_access(f"/users/{user.pk}/", allowed={Role.SYSTEM_ADMINISTRATOR}, refused=FORBIDDEN)

``refused`` must be named whenever a role is refused: a need-to-know record answers ``NOT_FOUND`` (its
existence must not leak), a page or action refused by capability alone
answers ``FORBIDDEN``.
"""

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType, RoleAssignment, User

TEST_PASSWORD = "correct horse battery staple"  # noqa: S105
FORBIDDEN = 403
NOT_FOUND = 404


def make_user(*roles: str, agency: Agency | None = None, email: str | None = None, **fields: Any) -> User:
    if agency is None:
        agency, _ = Agency.objects.get_or_create(
            name="Test Council Service", defaults={"agency_type": AgencyType.COUNCIL_SERVICE}
        )
    count = User.objects.count()
    user = User.objects.create_user(
        email or f"{'-'.join(roles) or 'noroles'}-{count}@lantern.example",
        TEST_PASSWORD,
        full_name=fields.pop("full_name", f"Test {' '.join(roles) or 'user'} {count}"),
        agency=agency,
        **fields,
    )
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role)
    return user


def verified_client(user: User, client: Client | None = None) -> Client:
    """A client signed in as ``user`` who has passed two-factor authentication."""
    client = client or Client()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def assert_access(
    url: str,
    *,
    allowed: Iterable[str],
    method: str = "get",
    data: dict[str, Any] | None = None,
    refused: int | None = None,
    ok: Iterable[int] = (200, 302),
    setup: Callable[[User], None] | None = None,
) -> None:
    """Every role in ``allowed`` gets an ``ok`` status; every other role gets exactly ``refused``."""
    allowed = set(allowed)
    ok = tuple(ok)
    assert refused is not None or allowed >= set(Role.values), "say which status refuses the other roles"
    failures = []
    for role in Role.values:
        user = make_user(role)
        if setup is not None:
            setup(user)
        client = verified_client(user)
        response = getattr(client, method)(url, data=data or {})
        expected = ok if role in allowed else (refused,)
        if response.status_code not in expected:
            failures.append(f"{role}: got {response.status_code}, expected one of {expected}")
    assert not failures, f"Access matrix for {method.upper()} {url} failed:\n" + "\n".join(failures)


def scanner_flagging_everything(content: bytes) -> str:
    """A virus scanner for tests (LANTERN_VIRUS_SCANNER) that finds a virus in every file."""
    return "infected"


def png_bytes(colour: str = "red", size: tuple[int, int] = (8, 8)) -> bytes:
    """A small, real PNG picture, for upload and download tests."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def migrate_to(targets: list[tuple[str, str]] | None = None) -> Any:
    """Move the test database's schema to ``targets`` (every migration when None); the app registry
    of that state, for making rows as older code did. A test that moves the schema back must move it
    forward again (``migrate_to()`` in a ``finally``): later tests on the same database need it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = targets if targets is not None else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
