"""Every access-controlled or reused read of supply-chain records, one module per part."""
