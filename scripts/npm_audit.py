"""Audit the npm packages that reach the browser (not the build tools) for known vulnerabilities.

`npm audit --omit=dev`, read as JSON. A high or critical advisory fails the build.
When the registry's advisory service cannot be reached or refuses the request,
nothing was checked: the script says so in a WARNING and prints no all-clear.
With LANTERN_AUDIT_STRICT=1 (CI with network access) that fails the build too.
"""

import json
import os
import subprocess  # noqa: S404
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FAILING_LEVELS = ("high", "critical")


def run_npm_audit() -> dict[str, Any] | None:
    cmd = ["npm", "audit", "--omit=dev", "--json"]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)  # noqa: S603
        return json.loads(result.stdout)
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None


def summarise(report: dict[str, Any] | None, *, strict: bool) -> tuple[list[str], int]:
    """The lines to print and the exit status for one `npm audit --json` report."""
    counts = (report or {}).get("metadata", {}).get("vulnerabilities")
    if report is None or "error" in report or counts is None:
        reason = (report or {}).get("message") or "npm audit gave no report"
        lines = [f"WARNING: npm audit could not check the npm packages: {reason}",
                 "WARNING: NO npm package was checked for known vulnerabilities."]
        return lines, 1 if strict else 0
    lines = []
    for name, entry in sorted(report.get("vulnerabilities", {}).items()):
        lines.append(f"{entry.get('severity', '').upper()}: {name} {entry.get('range', '')}")
    failing = sum(counts.get(level, 0) for level in FAILING_LEVELS)
    checked = report.get("metadata", {}).get("dependencies", {}).get("prod", "the")
    if failing:
        lines.append(f"npm audit: {failing} high or critical advisories in the packages the pages load.")
        return lines, 1
    lower = counts.get("total", 0)
    lines.append(f"npm audit: {checked} production packages checked, no high or critical advisories"
                 + (f" ({lower} of lower severity, listed above)." if lower else "."))
    return lines, 0


def main() -> int:
    lines, status = summarise(run_npm_audit(), strict=os.environ.get("LANTERN_AUDIT_STRICT", "") == "1")
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
