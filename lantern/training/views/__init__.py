"""The training app's pages, one module per part."""
