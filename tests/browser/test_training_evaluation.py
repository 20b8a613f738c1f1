"""A person answers their course evaluation from their own link without JavaScript, and the training
coordinator reads the results with their chart and tables; axe-core on every page."""

import datetime

from playwright.sync_api import expect

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.training.services import evaluation as services
from lantern.training.tests import factories_evaluation as f


def test_a_person_without_javascript_answers_before_the_course_from_their_link(journey_without_js):
    journey = journey_without_js
    page = journey.page
    session = f.session(f.course("Spot the signs for housing officers"), datetime.date(2026, 6, 10))
    f.attendee(session, "Amira Khan")
    coordinator = User.objects.get(email=demo_email("training"))
    [(_attendance, token)] = services.evaluation_links_make(session=session, acting_user=coordinator)

    journey.goto("/evaluate/t/not-the-right-token-at-all-0123456789abcdef/")
    journey.check("a wrong link", status=404)

    journey.goto(f"/evaluate/t/{token}/")
    page.wait_for_url(journey.url("/evaluate/"))
    journey.check("the evaluation's start")
    assert token not in page.url
    page.get_by_role("link", name="Answer the questions before the course").click()
    journey.check("the questions before the course")

    # Every question but one, and a comment: the error keeps them all.
    fieldsets = page.locator("fieldset.govuk-fieldset").all()
    for fieldset in fieldsets[:-1]:
        fieldset.locator("input[type=radio]").nth(1).check()
    page.get_by_label("Is there anything else").fill("Not sure who to tell.")
    page.get_by_role("button", name="Send my answers").click()
    journey.check("a question left unanswered", status=400)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.get_by_label("Is there anything else").input_value() == "Not sure who to tell."
    fieldsets = page.locator("fieldset.govuk-fieldset").all()
    assert fieldsets[0].locator("input[type=radio]").nth(1).is_checked()
    fieldsets[-1].locator("input[type=radio]").nth(2).check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(journey.url("/evaluate/"))
    journey.check("answered before the course")
    expect(page.get_by_role("link", name="Answer the questions after the course")).to_be_visible()


def test_the_training_coordinator_reads_a_courses_results_with_its_chart(journey, sign_in):
    course = f.course("Spot the signs for housing officers")
    session = f.session(course, datetime.date(2026, 6, 10))
    for n, attendance in enumerate(f.attendees(session, 6)):
        f.answer(attendance, "before", 2, comments=f"Before note {n}")
        f.answer(attendance, "after", 4)
    sign_in(journey, demo_email("training"))
    journey.goto("/training/evaluation/?period=2026-Q2")
    journey.check("evaluation results")
    journey.page.get_by_role("link", name="Spot the signs for housing officers").click()
    journey.check("a course's results")
    assert journey.page.locator("svg[role=img]").count() == 1
    expect(journey.page.get_by_text("Before note 3")).to_be_visible()
