"""Pages of the concern journey and of cases, one module per concern. Thin: forms validate, services write, selectors read."""
