"""Governance records, one module per part: meetings, the action plan, the pledge, the maturity assessment."""
