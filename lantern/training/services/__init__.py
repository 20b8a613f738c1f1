"""Every write of the training app, one module per part; each is atomic and audited."""
