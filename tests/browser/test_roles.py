"""Every demo role signs in and walks its whole service menu."""

import pytest
from django.urls import reverse

# Menu items that only some roles may use, and the pages they open.
PROTECTED = {
    "My work": "cases:my-work",
    "Concerns": "cases:concern-list",
    "Cases": "cases:case-list",
    "SHOP agenda": "cases:shop-agenda",
    "Insights": "insights:dashboard",
    "Audit trail": "audit:log",
    "Users": "accounts:user-list",
    "Agencies": "accounts:agency-list",
    "Supply chains": "supply_chain:overview",
}
EVERYONE = {"Home", "Partnership"}

# Which protected items each demo user (lantern/accounts/demo.py) should find in the
# service menu; every other protected item must be absent, and refused if typed in.
# Written out rather than derived from the apps' navigation items, so that a change
# there that widens or narrows access shows up here.
ROLES = [
    ("admin", "Kwame", {"Users", "Agencies"}),
    ("dpo", "Sarah", {"Audit trail"}),
    ("first.responder", "Amira", {"Concerns"}),
    ("case.worker", "Daniel", {"My work", "Concerns", "Cases"}),
    ("shop.coordinator", "Priya", {"My work", "Concerns", "Cases", "SHOP agenda", "Insights", "Supply chains"}),
    ("programme.manager", "Tom", {"Concerns", "Cases", "Insights", "Supply chains"}),
    ("procurement", "Helen", {"Supply chains"}),
    ("board.viewer", "Cllr", {"Insights", "Supply chains"}),
]


def menu_labels(page) -> list[str]:
    return [text.strip() for text in page.locator(".govuk-service-navigation__link").all_inner_texts()]


@pytest.mark.parametrize(("local", "first_name", "allowed"), ROLES, ids=[r[0] for r in ROLES])
def test_each_role_signs_in_and_walks_its_menu(journey, sign_in, local, first_name, allowed):
    page = journey.page
    sign_in(journey, f"{local}@sandwell.example")
    assert page.get_by_role("heading", level=1).inner_text() == f"Welcome, {first_name}"
    journey.check("home")

    labels = menu_labels(page)
    menu = set(labels)
    assert len(labels) == len(menu), f"{local}: repeated menu items {labels}"
    assert EVERYONE <= menu, f"{local} sees {labels}"
    assert menu & set(PROTECTED) == allowed, f"{local} sees {labels}"

    # Follow every item, whatever it is: each page must load and pass the checks.
    for label in labels:
        link = page.locator(".govuk-service-navigation__link", has_text=label)
        href = link.get_attribute("href")
        link.click()
        page.wait_for_url(journey.url(href))
        journey.check(label)
        # The menu is the same on every page, with the current section marked.
        assert set(menu_labels(page)) == menu
        current = page.locator(".govuk-service-navigation__link[aria-current]")
        assert current.count() == 1
        assert current.inner_text().strip() == label

    page.locator(".moj-header__navigation-link", has_text=first_name).click()
    page.wait_for_url(journey.url("/account/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert f"{local}@sandwell.example" in page.locator(".govuk-summary-list").first.inner_text()
    journey.check("account")

    # What the menu leaves out is refused when typed in directly, on an accessible page.
    for label in sorted(set(PROTECTED) - allowed):
        response = journey.goto(reverse(PROTECTED[label]))
        assert response.status in (403, 404), f"{local} reached {label}: {response.status}"
        journey.check(f"refused {label}", status=response.status)
