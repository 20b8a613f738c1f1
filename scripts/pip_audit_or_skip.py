"""Audit the pinned Python packages (requirements.lock) for known vulnerabilities with pip-audit.

- A known vulnerability fails the build, with each package, advisory and fixed version.
- A package that could not be checked (the vulnerability service did not answer
  for it, or could not be reached at all) is never reported as safe: the script
  prints a WARNING with the count and the names, and no all-clear. With
  LANTERN_AUDIT_STRICT=1 (CI with network access) that fails the build too.
- When PyPI's service checks nothing (a mirror without its JSON API, say), the
  audit is tried again against OSV.

The "all clear" line is printed only when every package in the lock file was checked.
"""

import json
import os
import subprocess  # noqa: S404
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("pypi", "osv")


def run_pip_audit(service: str) -> dict[str, Any] | None:
    """pip-audit's JSON report for the lock file, or None when pip-audit could not produce one."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        cmd = [str(ROOT / ".venv" / "bin" / "pip-audit"), "--progress-spinner", "off", "--format", "json",
               "--output", str(out), "--vulnerability-service", service,
               "-r", str(ROOT / "requirements.lock"), "--no-deps", "--disable-pip"]
        try:
            subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired):
            return None
        if not out.exists():
            return None
        try:
            return json.loads(out.read_text())
        except ValueError:
            return None


def summarise(report: dict[str, Any] | None, *, strict: bool) -> tuple[list[str], int]:
    """The lines to print and the exit status for one pip-audit JSON report."""
    if report is None:
        lines = ["WARNING: pip-audit could not run or the vulnerability service could not be reached.",
                 "WARNING: NO Python package was checked for known vulnerabilities."]
        return lines, 1 if strict else 0
    packages = report.get("dependencies", [])
    if not packages:  # nothing in the report: nothing was checked, whatever else it says
        lines = ["WARNING: pip-audit's report lists no package at all.",
                 "WARNING: NO Python package was checked for known vulnerabilities."]
        return lines, 1 if strict else 0
    vulnerable = [p for p in packages if p.get("vulns")]
    skipped = [p for p in packages if p.get("skip_reason")]
    checked = len(packages) - len(skipped)
    lines: list[str] = []
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(f"VULNERABLE: {package['name']} {package.get('version', '')}: {vuln.get('id')} "
                         f"(fixed in {fixes})")
    if skipped:
        names = ", ".join(sorted(p["name"] for p in skipped))
        lines.append(f"WARNING: {len(skipped)} of {len(packages)} Python packages could NOT be audited "
                     "(not known vulnerability-free): " + names)
        lines.append(f"WARNING: reason given for {skipped[0]['name']}: {skipped[0]['skip_reason']}")
    if vulnerable:
        lines.append(f"pip-audit: {len(vulnerable)} package(s) with known vulnerabilities.")
        return lines, 1
    if skipped and not checked:
        lines.append("pip-audit: NO package was checked.")
        return lines, 1 if strict else 0
    if skipped:
        lines.append(f"pip-audit: {checked} of {len(packages)} packages checked, none with known vulnerabilities; "
                     f"the other {len(skipped)} were NOT checked.")
        return lines, 1 if strict else 0
    lines.append(f"pip-audit: all {len(packages)} packages checked, no known vulnerabilities.")
    return lines, 0


def _unchecked(report: dict[str, Any] | None) -> int:
    if report is None:
        return sys.maxsize
    return sum(1 for p in report.get("dependencies", []) if p.get("skip_reason"))


def main() -> int:
    strict = os.environ.get("LANTERN_AUDIT_STRICT", "") == "1"
    best: dict[str, Any] | None = None
    for service in SERVICES:
        report = run_pip_audit(service)
        if _unchecked(report) < _unchecked(best):
            best = report
        if best is not None and _unchecked(best) == 0:
            break
        print(f"pip-audit: the {service} vulnerability service left packages unchecked.")
    lines, status = summarise(best, strict=strict)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
