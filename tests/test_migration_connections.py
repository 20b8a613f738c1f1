"""Every data step of a migration reads and writes through the migrating connection.

`migrate --database owner` runs as the tables' owner (ADR 16). A data step that queries the
default connection instead asks the application's role, which waits on the locks the owner's
migration holds: the migration never ends (tests/test_production_install.py drills the whole
install on PostgreSQL; this test finds the mistake on any database, at a glance).
"""

import re
from pathlib import Path

LANTERN = Path(__file__).resolve().parent.parent / "lantern"
MANAGER_QUERY = re.compile(r"\.objects\.(?!using\()")


def test_data_steps_query_through_the_migrating_connection():
    offending = []
    for path in sorted(LANTERN.glob("*/migrations/[0-9]*.py")):
        text = path.read_text(encoding="utf-8")
        if "RunPython" not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if MANAGER_QUERY.search(line):
                offending.append(f"{path.relative_to(LANTERN)}:{number}: {line.strip()}")
    assert offending == [], "use .objects.using(schema_editor.connection.alias):\n" + "\n".join(offending)
