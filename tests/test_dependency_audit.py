"""The dependency audits never give an all-clear for packages they could not check."""

import importlib.util
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pip_audit = _load("pip_audit_or_skip")
npm_audit = _load("npm_audit")

SKIPPED = {"name": "altcha", "skip_reason": "Dependency not found on PyPI and could not be audited: altcha (2.3.0)"}


def test_every_package_checked_and_clean_is_the_only_all_clear():
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    lines, status = pip_audit.summarise(report, strict=True)
    assert status == 0
    assert lines == ["pip-audit: all 1 packages checked, no known vulnerabilities."]


@pytest.mark.parametrize("strict", [False, True])
def test_packages_that_could_not_be_audited_are_a_loud_warning_not_an_all_clear(strict):
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}, SKIPPED]}
    lines, status = pip_audit.summarise(report, strict=strict)
    text = "\n".join(lines)
    assert "WARNING: 1 of 2 Python packages could NOT be audited" in text
    assert "altcha" in text
    assert "no known vulnerabilities" not in text
    assert status == (1 if strict else 0)


def test_nothing_audited_says_so():
    lines, status = pip_audit.summarise({"dependencies": [SKIPPED]}, strict=False)
    assert lines[-1] == "pip-audit: NO package was checked."
    lines, status = pip_audit.summarise(None, strict=True)
    assert status == 1 and "NO Python package was checked" in "\n".join(lines)


def test_a_known_vulnerability_fails_even_when_others_were_skipped():
    vulnerable = {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["5.2.19"]}]}
    lines, status = pip_audit.summarise({"dependencies": [vulnerable, SKIPPED]}, strict=False)
    assert status == 1
    assert "VULNERABLE: django 5.2.0: PYSEC-2026-1 (fixed in 5.2.19)" in lines


def test_npm_audit_unreachable_is_a_warning_and_no_all_clear():
    refused = {"message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
               "error": {"summary": ""}}
    for report in (refused, None):
        lines, status = npm_audit.summarise(report, strict=False)
        assert lines[-1] == "WARNING: NO npm package was checked for known vulnerabilities."
        assert status == 0
        assert npm_audit.summarise(report, strict=True)[1] == 1


def test_npm_audit_fails_on_high_and_passes_on_low():
    counts = {"info": 0, "low": 1, "moderate": 0, "high": 0, "critical": 0, "total": 1}
    report = {"vulnerabilities": {"sass": {"severity": "low", "range": "<1.0"}},
              "metadata": {"vulnerabilities": counts, "dependencies": {"prod": 3}}}
    lines, status = npm_audit.summarise(report, strict=True)
    assert status == 0 and lines[-1].startswith("npm audit: 3 production packages checked, no high or critical")
    report["metadata"]["vulnerabilities"] = {**counts, "high": 1, "total": 2}
    assert npm_audit.summarise(report, strict=False)[1] == 1


@pytest.mark.parametrize("strict", [False, True])
def test_a_report_that_lists_no_package_is_no_all_clear(strict):
    """pip-audit can write a report without a single package (a lock file it read as empty): checking
    nothing is not 'all packages checked'."""
    lines, status = pip_audit.summarise({"dependencies": [], "fixes": []}, strict=strict)
    assert not any("no known vulnerabilities" in line for line in lines)
    assert any("NO Python package was checked" in line for line in lines)
    assert status == (1 if strict else 0)
