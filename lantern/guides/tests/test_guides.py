"""Guides for staff and leaflets for the person: read from text files, shown safely, linked from each step."""

import datetime
import re

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.cases.tests.factories import CaseFactory, worker
from lantern.cases.tests.test_concern_journey import start
from lantern.guides import content
from lantern.guides.content import Block, GuideError, Segment, parse
from tests.support import assert_access, verified_client

GUIDE = """---
title: A guide
summary: What it is about.
reviewed: 2026-11-29
---
First paragraph, **bold part** and the rest
carried on the next line.

## A heading

- one item
  that wraps
- **two**

1. first
2. second
"""


# --- The file format (pure) ---------------------------------------------------------------------


def test_a_guide_file_is_read_into_its_front_matter_and_blocks():
    page = parse(GUIDE, slug="a-guide")
    assert (page.title, page.summary, page.reviewed) == ("A guide", "What it is about.", datetime.date(2026, 11, 29))
    assert page.blocks == (
        Block("p", ((Segment("First paragraph, "), Segment("bold part", bold=True),
                     Segment(" and the rest carried on the next line.")),)),
        Block("h2", ((Segment("A heading"),),)),
        Block("ul", ((Segment("one item that wraps"),), (Segment("two", bold=True),))),
        Block("ol", ((Segment("first"),), (Segment("second"),))),
    )


@pytest.mark.parametrize(("text", "problem"), [
    ("no front matter\n", "front matter"),
    ("---\ntitle: T\nsummary: S\n---\nBody\n", "missing reviewed"),
    ("---\ntitle: T\nsummary: S\nreviewed: soon\n---\nBody\n", "reviewed must be a date"),
    ("---\ntitle: T\nsummary: S\nreviewed: 2026-01-01\nauthor: X\n---\nBody\n", "unknown front matter"),
    ("---\ntitle: T\nsummary: S\nreviewed: 2026-01-01\n---\n<script>alert(1)</script>\n", "only plain text"),
    ("---\ntitle: T\nsummary: S\nreviewed: 2026-01-01\n---\nSee [this](https://example.com)\n", "only plain text"),
    ("---\ntitle: T\nsummary: S\nreviewed: 2026-01-01\n---\n# Big heading\n", "only ## and ###"),
    ("---\ntitle: T\nsummary: S\nreviewed: 2026-01-01\n---\nHalf **bold\n", "unmatched"),
    ("---\ntitle: T\nsummary: S\nreviewed: 2026-01-01\n---\n\n", "no content"),
])
def test_a_file_outside_the_safe_format_is_refused(text, problem):
    with pytest.raises(GuideError, match=problem):
        parse(text, slug="x")


def test_every_guide_needs_its_leaflet(tmp_path):
    (tmp_path / "lonely.md").write_text(GUIDE, encoding="utf-8")
    with pytest.raises(GuideError, match="every guide has a leaflet"):
        content.load(tmp_path, helpline="0800")
    (tmp_path / "lonely.leaflet.md").write_text(GUIDE, encoding="utf-8")
    assert list(content.load(tmp_path, helpline="0800")) == ["lonely"]
    (tmp_path / "orphan.leaflet.md").write_text(GUIDE, encoding="utf-8")
    with pytest.raises(GuideError, match="leaflets without a guide: orphan.leaflet.md"):
        content.load(tmp_path, helpline="0800")


def test_the_helpline_number_comes_from_the_one_setting():
    text = GUIDE + "\nCall the helpline on **{helpline}**.\n"
    page = parse(text, slug="x", helpline="0800 000 000")
    assert page.blocks[-1] == Block("p", ((Segment("Call the helpline on "), Segment("0800 000 000", bold=True),
                                          Segment(".")),))
    with pytest.raises(GuideError, match="no number was given"):
        parse(text, slug="x")


def _text(page: content.Page) -> str:
    return " ".join("".join(segment.text for segment in line) for block in page.blocks for line in block.lines)


def test_the_shipped_guides_say_what_the_partnership_relies_on():
    guides = content.load(helpline="08000 121 700")
    assert set(guides) == {"nrm", "consent", "what-happens-next"}
    assert [g.leaflet.title for g in guides.values()] == [
        "What does it mean to give consent?", "What is the National Referral Mechanism?", "What happens next?"]
    for guide in guides.values():
        for page in (guide.guide, guide.leaflet):
            text = _text(page)
            assert "Modern Slavery Helpline" in text and "08000 121 700" in text and "999" in text, page.title
    nrm = _text(guides["nrm"].guide)
    for fact in ("informed consent", "Duty to Notify", "never used for children", "at least 30 days",
                 "reasonable grounds", "balance of probabilities", "at least 45 days"):
        assert fact in nrm, fact
    assert "does not need to consent" in _text(guides["consent"].guide)


# --- The pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/guides/", "/guides/nrm/", "/guides/consent/leaflet/"])
def test_every_signed_in_member_of_staff_can_read_the_guides(url):
    assert_access(url, allowed=set(Role.values), ok=(200,))
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_a_guide_and_its_leaflet_are_shown_as_text(client):
    client = verified_client(worker())
    html = client.get("/guides/nrm/").content.decode()
    assert "<h1 class=\"govuk-heading-l\">The National Referral Mechanism (NRM)</h1>" in html
    assert "<strong>If someone is in immediate danger, call 999.</strong>" in html
    assert 'href="/guides/nrm/leaflet/"' in html

    leaflet = client.get("/guides/nrm/leaflet/").content.decode()
    assert "What is the National Referral Mechanism?" in leaflet
    assert "<strong>08000 121 700</strong>" in leaflet
    assert "data-lantern-print" in leaflet and "lantern-no-print" in leaflet
    assert client.get("/guides/no-such-guide/").status_code == 404
    assert client.get("/guides/no-such-guide/leaflet/").status_code == 404


@pytest.mark.django_db
def test_each_first_responder_step_links_to_its_guide():
    responder = worker(Role.FIRST_RESPONDER)
    fr = verified_client(responder)
    assert 'href="/guides/what-happens-next/"' in fr.get("/concerns/new/").content.decode()
    concern = start(fr)
    step = fr.get(f"/concerns/{concern.reference}/what/").content.decode()
    assert 'href="/guides/what-happens-next/"' in step and 'href="/guides/nrm/"' in step
    assert 'href="/guides/what-happens-next/leaflet/"' in step

    me = worker()
    case = CaseFactory(lead_worker=me)
    cw = verified_client(me)
    consent = cw.get(f"/cases/{case.reference}/consent/").content.decode()
    assert 'href="/guides/consent/"' in consent and 'href="/guides/consent/leaflet/"' in consent
    assert 'href="/guides/nrm/leaflet/"' in consent
    referral = cw.get(f"/cases/{case.reference}/referrals/new/?kind=nrm").content.decode()
    assert 'href="/guides/nrm/"' in referral
    pack = cw.get(f"/cases/{case.reference}/referral-pack/nrm/").content.decode()
    assert re.search(r'href="/guides/nrm/"', pack) and 'href="/guides/nrm/leaflet/"' in pack
