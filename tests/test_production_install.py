"""The production install path of the README, drilled on a fresh PostgreSQL database.

The roles come from `scripts/create_database_roles.sql`; every migration runs as the
tables' owner (`migrate --database owner`), including the data steps that encrypt stored
values, and `grant_app_role` then lets the application's role work. Key rotation as the
application's role stops with a plain instruction where the audit trail needs the owner,
and as the owner it completes, after which the old key can be retired. Each command runs
in its own process with the environment an operator would set, as in the README.
"""

import os
import subprocess  # noqa: S404
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
OLD_KEY = "dGVzdC1vbmx5LWZpZWxkLWtleS0wMS1ub3Qtc2VjcmU="
NEW_KEY = "bmV3LXRlc3Qtb25seS1maWVsZC1rZXktMDItbm90LXM="

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@dataclass
class Install:
    database: str
    owner: str
    app: str
    env: dict[str, str]

    def manage(self, *args: str, keys: str = OLD_KEY, owner_url: bool = True) -> subprocess.CompletedProcess[str]:
        env = dict(self.env, LANTERN_FIELD_KEYS=keys)
        if not owner_url:
            env.pop("DATABASE_OWNER_URL")
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )


def _psql(sql: str, *, database: str = "postgres") -> None:
    params = connection.settings_dict
    command = ["psql", "-v", "ON_ERROR_STOP=1", "-q", "-h", params["HOST"] or "127.0.0.1",
               "-p", str(params["PORT"] or 5432), "-U", params["USER"] or "postgres", "-d", database]
    subprocess.run(command, input=sql, check=True, capture_output=True, text=True, timeout=60)  # noqa: S603


@pytest.fixture
def install(tmp_path: Path) -> Iterator[Install]:
    if connection.vendor != "postgresql":
        pytest.skip("The production install uses PostgreSQL.")
    suffix = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    owner, app, database = f"lantern_owner_{suffix}", f"lantern_app_{suffix}", f"lantern_install_{suffix}"
    script = (ROOT / "scripts" / "create_database_roles.sql").read_text()
    script = (script.replace("lantern_owner", owner).replace("lantern_app", app)
              .replace("DATABASE lantern ", f"DATABASE {database} ").replace("\\connect lantern", f"\\connect {database}")
              .replace(":'owner_password'", "'owner-password'").replace(":'app_password'", "'app-password'"))
    _psql(script)
    params = connection.settings_dict
    server = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    env = {
        "PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"postgres://{app}:app-password@{server}/{database}",
        "DATABASE_OWNER_URL": f"postgres://{owner}:owner-password@{server}/{database}",
        "LANTERN_AUDIT_CHECKPOINT_FILE": str(tmp_path / "checkpoints.jsonl"),
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    try:
        yield Install(database=database, owner=owner, app=app, env=env)
    finally:
        _psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE); DROP ROLE IF EXISTS {app}; DROP ROLE IF EXISTS {owner};")


ENTRY_WITH_A_REASON = """
from django.db import transaction
from lantern.audit.services import audit_record
with transaction.atomic():
    audit_record(actor=None, actor_label="system", action="record.view", kind="read", target_label="MSC-TEST",
                 purpose="Checking a referral for the Home Office")
print("recorded")
"""


def test_migrations_run_as_the_owner_and_the_application_role_works_after_the_grant(install):
    migrated = install.manage("migrate", "--database", "owner", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-2000:]

    # Before the grant the application's role can read nothing.
    refused = install.manage("shell", "-c", ENTRY_WITH_A_REASON, owner_url=False)
    assert refused.returncode != 0 and "permission denied" in refused.stderr

    granted = install.manage("grant_app_role", "--database", "owner")
    assert granted.returncode == 0, granted.stderr[-2000:]
    assert install.app in granted.stdout
    written = install.manage("shell", "-c", ENTRY_WITH_A_REASON, owner_url=False)
    assert written.returncode == 0, written.stderr[-2000:]
    checkpoint = install.manage("audit_checkpoint", owner_url=False)
    assert checkpoint.returncode == 0, checkpoint.stderr[-2000:]

    # Rotating as the application's role stops where only the owner may write, and says what to do.
    both = f"{NEW_KEY},{OLD_KEY}"
    as_app = install.manage("rotate_keys", keys=both, owner_url=False)
    assert as_app.returncode != 0
    assert "rotate_keys --database owner" in as_app.stderr
    assert "Traceback" not in as_app.stderr

    as_owner = install.manage("rotate_keys", "--database", "owner", keys=both)
    assert as_owner.returncode == 0, as_owner.stderr[-2000:]
    old_id = next(line.split()[1] for line in install.manage("keys_status", keys=both).stdout.splitlines()
                  if "number 2 in LANTERN_FIELD_KEYS" in line)
    retired = install.manage("retire_key", old_id, keys=both)
    assert retired.returncode == 0, retired.stdout + retired.stderr
    assert "you can remove it" in retired.stdout

    verified = install.manage("audit_verify", keys=NEW_KEY, owner_url=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "intact" in verified.stdout and "1 signed checkpoint" in verified.stdout
