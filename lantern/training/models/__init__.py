"""Training and awareness records, one module per part: courses and attendance, the module, campaigns."""
