"""The capabilities the audit app checks. Roles grant them in ``lantern.accounts.capabilities``,
whose ``Capability`` enum takes these values, so each is defined once."""

VIEW_AUDIT = "audit.view"
EXPORT_AUDIT = "audit.export"
