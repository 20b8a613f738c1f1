"""Supply-chain pages, one module per part."""
