"""Reading published spend files: plain Python, no Django (see parsing and fields)."""
