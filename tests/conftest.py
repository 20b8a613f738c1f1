"""Hooks for the tests under tests/: the API fuzzing's request counts in the terminal summary."""

from typing import Any

FUZZ_PROPERTY = "api_fuzz_requests"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per role the API was fuzzed as, with the number of requests tried (works under xdist)."""
    lines = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", []):
                if name == FUZZ_PROPERTY:
                    lines.append(value)
    if lines:
        terminalreporter.section("API fuzzing (schemathesis)")
        for line in sorted(lines):
            terminalreporter.write_line(line)
