"""The governance app's staff pages, one module per part (meetings, minutes, actions, documents, overview)."""
