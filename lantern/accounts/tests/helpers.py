"""Small helpers for the accounts tests: signing in through the real forms."""

from django.http import HttpResponse
from django.test import Client

from tests.support import TEST_PASSWORD


def sign_in(email: str, password: str = TEST_PASSWORD, client: Client | None = None) -> tuple[Client, HttpResponse]:
    """Submit the sign-in form (first factor only) and return the client and the response."""
    client = client or Client()
    response = client.post("/sign-in/", {"username": email, "password": password})
    return client, response


def error_summary(response: HttpResponse) -> str:
    """The text of the page, asserting it carries a GOV.UK error summary."""
    html = response.content.decode()
    assert "govuk-error-summary" in html, "expected a GOV.UK error summary on the page"
    return html
