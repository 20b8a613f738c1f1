"""The supply chain's JSON API, one module per part, registered in config/urls.py's router."""
