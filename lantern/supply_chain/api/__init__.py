"""The supply-chain JSON API, one module per part (registered in config/urls.py)."""
