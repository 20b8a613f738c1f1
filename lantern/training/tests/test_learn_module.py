"""The public "spot the signs" module through HTTP: anyone can read it, it sets no cookie, and its signs
are the reporting forms' own data."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.confidential_reports.forms import PublicReportForm
from lantern.confidential_reports.signs import SIGNS
from lantern.core.reference import indicators
from lantern.training import learn_content
from lantern.training.tests.helpers_learn import take_quiz
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

PAGES = ["/learn/", "/learn/quiz/"] + [f"/learn/module/{p.slug}/" for p in learn_content.PAGES]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_open_to_the_public_and_sets_no_cookie(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies, f"{url} set {list(response.cookies)}"
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("url", PAGES)
def test_every_role_can_read_the_module(role, url):
    assert verified_client(make_user(role)).get(url).status_code == 200


def test_an_unknown_page_is_not_found(client):
    assert client.get("/learn/module/no-such-page/").status_code == 404


def test_pages_lead_from_one_to_the_next_and_then_to_the_quiz(client):
    for here, after in zip(learn_content.PAGES, learn_content.PAGES[1:], strict=False):
        assert f'href="/learn/module/{after.slug}/" rel="next"' in client.get(f"/learn/module/{here.slug}/").content.decode()
    last = client.get(f"/learn/module/{learn_content.PAGES[-1].slug}/").content.decode()
    assert 'href="/learn/quiz/" rel="next"' in last


def test_the_reporting_page_links_lanterns_own_reporting_route(client):
    body = client.get("/learn/module/reporting/").content.decode()
    assert 'href="/report/"' in body


def test_the_signs_page_shows_the_public_report_forms_signs_and_the_concern_forms_indicators(client):
    body = client.get("/learn/module/signs/").content.decode()
    # The public report form's signs: the same choices its form offers.
    form_signs = dict(PublicReportForm().fields["signs"].choices)
    assert [s.code for s in SIGNS] == list(form_signs)
    for sign in SIGNS:
        assert f'data-sign="{sign.code}"' in body and sign.label in body.replace("&#x27;", "'")
    # The concern form's indicators (its first group, 'Spot the signs'), with their explanations.
    concern_choices = dict(indicators.flat_indicator_choices(indicators.CURRENT_VERSION))
    group = indicators.current_set().groups[0]
    for indicator in group.indicators:
        assert indicator.code in concern_choices
        assert f'data-indicator="{indicator.code}"' in body
        assert indicator.hint.replace("'", "&#x27;") in body


def test_changing_the_shared_signs_changes_the_module(client, monkeypatch):
    """No copy: a sign added to the shared data appears on the page at once."""
    from lantern.confidential_reports import signs as signs_module
    from lantern.training import learn_content as content

    extra = signs_module.Sign("test_sign", "A sign added to the shared list", ("signs.physical",))
    monkeypatch.setattr(content, "SIGNS", (*signs_module.SIGNS, extra))
    body = client.get("/learn/module/signs/").content.decode()
    assert 'data-sign="test_sign"' in body and "A sign added to the shared list" in body
    first = indicators.current_set().groups[0]
    changed = indicators.IndicatorGroup(first.code, first.heading,
                                        (*first.indicators, indicators.Indicator("signs.test", "Test indicator", "Hint")))
    new_set = indicators.IndicatorSet("test", "Test", (changed, *indicators.current_set().groups[1:]))
    monkeypatch.setattr(content, "current_set", lambda: new_set)
    assert 'data-indicator="signs.test"' in client.get("/learn/module/signs/").content.decode()


def test_the_forms_page_uses_the_shared_exploitation_types(client):
    from lantern.core.reference import ExploitationType

    body = client.get("/learn/module/forms/").content.decode()
    for value, label in ExploitationType.choices:
        if value != ExploitationType.UNKNOWN:
            assert f"{label} exploitation" in body


def test_the_whole_journey_sets_no_cookie_and_keeps_nothing_personal_in_addresses(client):
    result_url = take_quiz(client)
    assert result_url.startswith("/learn/quiz/result/")
    response = client.get(result_url)
    assert response.status_code == 200 and not response.cookies
