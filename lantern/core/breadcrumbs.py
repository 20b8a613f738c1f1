from django.urls import reverse


def crumbs(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    """Breadcrumbs starting from Home: ``crumbs(("Users", url), ("Amira Khan", None))``."""
    trail: list[dict[str, str | None]] = [{"label": "Home", "url": reverse("core:home")}]
    trail.extend({"label": label, "url": url} for label, url in items)
    return trail
