"""The public "spot the signs" module in a real browser: a member of the public reads it, takes the
quiz and gets a certificate, on a desktop, on a phone and without JavaScript. axe-core runs on every
page (``Journey.check``); no cookie is set at any point."""

from playwright.sync_api import expect

from lantern.core.references import reference_is_valid
from lantern.training import learn_content
from lantern.training import quiz as quizzes
from lantern.training.models import LearnAttempt
from lantern.training.services.certificates import PREFIX as CERTIFICATE_PREFIX


def assert_no_sideways_scrolling(page, label: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label}: the page scrolls sideways by {overflow}px"


def answer_quiz(page, *, right: bool = True, tap: bool = False) -> None:
    for number, question in enumerate(quizzes.current_quiz().questions, start=1):
        group = page.get_by_role("group", name=f"{number}. {question.text}")
        chosen = question.correct if right else {next(iter(question.option_codes() - question.correct))}
        for option in question.options:
            if option.code in chosen:
                box = group.get_by_label(option.text, exact=True)
                box.tap() if tap else box.check()


def take_the_module(journey, *, phone: bool = False) -> None:
    page = journey.page
    journey.goto("/learn/")
    journey.check("start page")
    if phone:
        assert_no_sideways_scrolling(page, "start page")
    page.get_by_role("button", name="Start the course").click()
    for item in learn_content.PAGES:
        page.wait_for_url(journey.url(f"/learn/module/{item.slug}/"))
        assert page.get_by_role("heading", level=1).inner_text() == item.title
        journey.check(item.title)
        if phone:
            assert_no_sideways_scrolling(page, item.title)
        page.get_by_role("link", name="Next page").click()
    page.wait_for_url(journey.url("/learn/quiz/"))
    journey.check("quiz")


def get_certificate(journey, name: str, *, tap: bool = False) -> None:
    page = journey.page
    answer_quiz(page, tap=tap)
    page.get_by_role("button", name="Check my answers").click()
    page.wait_for_url("**/learn/quiz/result/**")
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    journey.check("result: passed")
    page.get_by_label("Name to put on your certificate").fill(name)
    page.get_by_role("button", name="Get my certificate").click()
    page.wait_for_url("**/certificate/")
    journey.check("certificate")
    code = page.locator("[data-certificate-code]").inner_text().strip()
    assert reference_is_valid(code, prefix=CERTIFICATE_PREFIX)
    expect(page.get_by_text(name)).to_be_visible()
    assert name.split()[0] not in page.url
    attempt = LearnAttempt.objects.get(certificate__code=code)
    assert attempt.certificate.holder_name == name and attempt.user is None
    assert not journey.page.context.cookies(), "the module set a cookie"


def test_a_member_of_the_public_takes_the_module_and_gets_a_certificate(journey):
    take_the_module(journey)
    page = journey.page
    # First without answering: the errors are listed and linked.
    page.get_by_role("button", name="Check my answers").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    journey.check("quiz with errors", status=400)
    # A fail, then a pass.
    answer_quiz(page, right=False)
    page.get_by_role("button", name="Check my answers").click()
    page.wait_for_url("**/learn/quiz/result/**")
    expect(page.get_by_role("heading", name="You did not pass this time")).to_be_visible()
    journey.check("result: not passed")
    page.get_by_role("button", name="Try the quiz again").click()
    page.wait_for_url(journey.url("/learn/quiz/"))
    get_certificate(journey, "Tomasz Nowak")


def test_the_module_on_a_phone(mobile_journey):
    take_the_module(mobile_journey, phone=True)
    get_certificate(mobile_journey, "Grace Okafor", tap=True)
    assert_no_sideways_scrolling(mobile_journey.page, "certificate")


def test_the_quiz_without_javascript(journey_without_js):
    journey = journey_without_js
    journey.goto("/learn/quiz/")
    journey.check("quiz without JavaScript")
    get_certificate(journey, "Sam Patel")
