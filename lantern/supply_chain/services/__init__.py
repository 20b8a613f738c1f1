"""Every write to supply-chain records, one module per part; each audited in its own transaction."""
