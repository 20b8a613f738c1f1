"""Insight in a real browser: the programme manager's dashboard, an open-data release built,
reviewed and approved, and the public statistics page it then appears on (no sign-in).
Every page reached is checked with axe-core (``Journey.check``)."""

from django.utils import timezone

from lantern.core.periods import financial_year

MANAGER = "programme.manager@sandwell.example"


def this_financial_year() -> str:
    today = timezone.localdate()
    return financial_year(today.year if today.month >= 4 else today.year - 1).code


def test_the_dashboard_a_release_and_the_public_statistics_page(journey, new_journey, sign_in):
    page = journey.page
    public = new_journey("public")
    public.goto("/statistics/")
    assert "No statistics have been published yet." in public.page.inner_text("main")
    public.check("public statistics before any release")

    sign_in(journey, MANAGER)
    page.locator(".govuk-service-navigation__link", has_text="Insights").click()
    page.wait_for_url(journey.url("/insights/"))
    assert page.get_by_role("table", name="Summary").is_visible()
    journey.check("dashboard")

    period = this_financial_year()
    page.get_by_label("Period", exact=True).fill(period)
    page.get_by_label("Objective", exact=True).select_option(label="3. Adult victims")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "period=" in url)
    assert "Financial year" in page.get_by_role("heading", level=1).inner_text()
    assert "Confidential reports received" not in page.inner_text("main")
    page.get_by_text("Breakdown of nrm referrals").click()
    assert page.get_by_role("table", name="By gender").first.is_visible()
    journey.check("dashboard for the financial year, adult victims")

    page.get_by_label("Period", exact=True).fill("2026-Q9")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "2026-Q9" in url)
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check("dashboard with a period it cannot read")

    page.get_by_role("link", name="Open data releases").click()
    page.wait_for_url(journey.url("/insights/open-data/"))
    journey.check("open data releases")
    page.get_by_label("Build a release").fill(period)
    page.get_by_role("button", name="Build the release").click()
    page.wait_for_url(lambda url: "/jobs/" in url)
    page.get_by_text("ready for review").wait_for()
    journey.check("release built")

    journey.goto("/insights/open-data/")
    page.get_by_role("link", name=period).click()
    page.get_by_role("button", name="Approve and publish").wait_for()
    journey.check("release for review")
    page.get_by_role("button", name="Approve and publish").click()
    page.get_by_text("is approved and now on the public statistics page").wait_for()
    journey.check("release approved")

    public.goto("/statistics/")
    main = public.page.inner_text("main")
    assert "Financial year" in main
    assert "NRM referrals" in main
    assert public.page.get_by_role("link", name="Download the tables (CSV)").is_visible()
    public.check("public statistics")
