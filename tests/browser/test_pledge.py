"""An organisation asks to sign the Slavery Free Pledge through the public form, the programme
manager approves it, and it appears on the public pledge page (axe-core on every page)."""

from playwright.sync_api import expect

from lantern.accounts.demo import demo_email
from lantern.governance.models import PledgeSignatory, PledgeStatus

ORGANISATION = "Langley Green Allotment Society"


def test_an_organisation_signs_and_the_programme_manager_approves(new_journey, sign_in):
    public = new_journey("organisation")
    page = public.page
    public.goto("/pledge/")
    public.check("the public pledge page")
    expect(page.get_by_role("heading", name="The seven commitments")).to_be_visible()
    assert page.get_by_text(ORGANISATION).count() == 0
    page.get_by_role("button", name="Ask to sign the pledge").click()
    page.wait_for_url(public.url("/pledge/sign/"))
    public.check("the form")

    # Sent with a mistake: the answers stay, the error says what to fix.
    page.get_by_label("Name of your organisation").fill(ORGANISATION)
    page.get_by_label("Voluntary and community sector").check()
    page.get_by_label("Full name of the person signing").fill("Beverley Jones")
    page.get_by_label("Their job title or role").fill("Secretary")
    page.get_by_label("Email address").fill("secretary@langley-allotments.example")
    page.get_by_role("button", name="Send request").click()
    public.check("the form with errors", status=400)
    expect(page.get_by_role("link", name="Select at least one of the pledge's commitments")).to_be_visible()
    assert page.get_by_label("Name of your organisation").input_value() == ORGANISATION

    page.get_by_label("Raising awareness").check()
    page.get_by_label("Supporting victims and survivors").check()
    page.get_by_label("Yes, list our organisation on the pledge page").check()
    page.get_by_label("I am authorised to sign the pledge on behalf of this organisation").check()
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url(public.url("/pledge/sign/sent/"))
    public.check("request sent")
    reference = PledgeSignatory.objects.get(organisation=ORGANISATION).reference
    expect(page.get_by_text(reference)).to_be_visible()

    # The programme manager decides.
    staff = new_journey("programme manager")
    sign_in(staff, demo_email("programme.manager"))
    staff.goto("/governance/pledge/?status=requested")
    staff.check("requests waiting")
    staff.page.get_by_role("link", name=ORGANISATION).click()
    staff.check("the request")
    expect(staff.page.get_by_text("secretary@langley-allotments.example")).to_be_visible()
    staff.page.get_by_role("button", name="Approve").click()
    staff.check("approve")
    staff.page.get_by_role("button", name="Approve: they have signed").click()
    staff.page.wait_for_url(staff.url(f"/governance/pledge/{reference}/"))
    staff.check("approved")
    assert PledgeSignatory.objects.get(reference=reference).status == PledgeStatus.APPROVED

    # Listed on the public page, with only what the organisation agreed to publish.
    public.goto("/pledge/")
    public.check("listed on the public page")
    row = page.locator("[data-pledge-signatories] tr", has_text=ORGANISATION)
    assert row.count() == 1
    assert "Voluntary and community sector" in row.inner_text()
    assert "Beverley Jones" not in page.content() and "langley-allotments.example" not in page.content()
