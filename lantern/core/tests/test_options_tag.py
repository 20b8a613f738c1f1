"""The ``{% options %}`` tag: a filter's options, the chosen one selected, everything escaped."""

from types import SimpleNamespace

from django.template import Context, Template


def render(choices, selected, label=""):
    extra = f' label="{label}"' if label else ""
    return Template("{% load options %}{% options choices selected" + extra + " %}").render(
        Context({"choices": choices, "selected": selected}))


def test_pairs_become_options_and_the_chosen_value_is_selected():
    assert render([("open", "Open"), ("closed", "Closed")], "closed") == (
        '<option value="open">Open</option><option value="closed" selected>Closed</option>')


def test_model_like_choices_give_their_key_and_the_attribute_named():
    people = [SimpleNamespace(pk=7, full_name="Ana Pop"), SimpleNamespace(pk=12, full_name="Li Wei")]
    assert render(people, 12, label="full_name") == (
        '<option value="7">Ana Pop</option><option value="12" selected>Li Wei</option>')


def test_nothing_chosen_selects_nothing_and_text_is_escaped():
    html = render([("", "Any <all>"), ("a&b", 'Say "hi"')], None)
    assert " selected" not in html
    assert html == '<option value="">Any &lt;all&gt;</option><option value="a&amp;b">Say &quot;hi&quot;</option>'
