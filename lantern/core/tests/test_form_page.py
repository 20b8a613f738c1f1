"""The one form-page helper: what every app's form pages do, proved once."""

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from lantern.core.forms import GovukFormMixin
from lantern.core.pages import form_page

pytestmark = pytest.mark.django_db


class NameForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name", error_messages={"required": "Enter a name"})


class Saved:
    """What a service would have made, and every form it was given."""

    def __init__(self) -> None:
        self.forms: list[NameForm] = []

    def save(self, form: NameForm) -> str:
        if form.cleaned_data["name"] == "taken":
            raise ValidationError({"name": "That name is taken"})
        self.forms.append(form)
        return form.cleaned_data["name"]


def page(method: str, data: dict[str, str] | None = None, **options: Any) -> tuple[HttpResponse, list[str]]:
    factory = RequestFactory()
    request = factory.post("/thing/", data or {}) if method == "POST" else factory.get("/thing/")
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    arguments: dict[str, Any] = {
        "form_class": NameForm, "template": "form_page.html", "context": {"heading": "Name the thing"},
        "success_url": "/thing/done/", **options,
    }
    response = form_page(request, **arguments)
    return response, [str(m) for m in get_messages(request)]


def test_get_shows_an_empty_unbound_form():
    saved = Saved()
    response, notes = page("GET", save=saved.save)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Name the thing" in html and 'name="name"' in html
    assert "There is a problem" not in html and "Enter a name" not in html  # unbound: not validated
    assert saved.forms == [] and notes == []


def test_an_invalid_post_shows_the_form_again_with_its_errors_and_saves_nothing():
    saved = Saved()
    response, notes = page("POST", {"name": ""}, save=saved.save, success_message="Saved.")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Enter a name" in html
    assert saved.forms == [] and notes == []


def test_an_invalid_post_can_answer_with_another_status():
    response, _notes = page("POST", {"name": ""}, save=Saved().save, invalid_status=400)
    assert response.status_code == 400
    assert page("GET", save=Saved().save, invalid_status=400)[0].status_code == 200


def test_a_validation_error_from_save_is_shown_beside_its_field():
    saved = Saved()
    response, notes = page("POST", {"name": "taken"}, save=saved.save, success_message="Saved.", invalid_status=400)
    html = response.content.decode()
    assert response.status_code == 400
    assert "That name is taken" in html and "There is a problem" in html
    assert saved.forms == [] and notes == []


def test_a_valid_post_saves_then_redirects_with_the_message():
    saved = Saved()
    response, notes = page("POST", {"name": "Lantern"}, save=saved.save, success_message="Saved.")
    assert response.status_code == 302 and response["Location"] == "/thing/done/"
    assert [form.cleaned_data["name"] for form in saved.forms] == ["Lantern"]
    assert notes == ["Saved."]


def test_the_message_may_name_what_save_made():
    def named(name: str) -> str:
        return f"{name} saved."

    response, notes = page("POST", {"name": "Lantern"}, save=Saved().save, success_message=named)
    assert response.status_code == 302 and notes == ["Lantern saved."]


def test_the_address_to_go_to_may_depend_on_what_save_made():
    def made(name: str) -> str:
        return f"/thing/{name}/"

    response, notes = page("POST", {"name": "lantern"}, save=Saved().save, success_url=made, success_message="Saved.")
    assert response.status_code == 302 and response["Location"] == "/thing/lantern/"
    assert notes == ["Saved."]
    response, _notes = page("POST", {"name": "taken"}, save=Saved().save, success_url=made)
    assert response.status_code == 200 and "That name is taken" in response.content.decode()
