"""The maturity self-assessment through its pages: scoring each criterion with evidence and who agreed
it, comparing assessments over time (a chart readable without JavaScript and its tables), turning a gap
into a plan action in one step, and the framework's versions."""

import datetime

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.governance import services_maturity
from lantern.governance.models import (
    FrameworkCriterion,
    MaturityAssessment,
    MaturityFramework,
    MaturityScore,
    PlanAction,
)
from lantern.governance.tests.support_plan import agency, framework, manager, period
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm():
    return manager()


@pytest.fixture
def client(pm):
    return verified_client(pm)


def _assessment(client, title="Self-assessment 2025", day="14", month="3", year="2025"):
    response = client.post("/governance/maturity/assessments/new/",
                           {"title": title, "assessed_on_0": day, "assessed_on_1": month, "assessed_on_2": year})
    assert response.status_code == 302
    return MaturityAssessment.objects.get(title=title)


def _score(client, assessment, criterion, level, evidence="Terms of reference agreed.", agreed_by="SASP, 14 March"):
    return client.post(f"/governance/maturity/assessments/{assessment.pk}/criteria/{criterion.pk}/",
                       {"level": level, "evidence": evidence, "agreed_by": agreed_by})


def test_the_default_framework_has_four_levels_across_the_five_sections(pm):
    current = framework(pm)
    assert list(current.sections.values_list("title", flat=True)) == [
        "Leadership", "Resources and capacity", "Identifying, referring and supporting victims",
        "Disruption and prevention", "Supply chains"]
    assert all(c.level_1 and c.level_2 and c.level_3 and c.level_4
               for c in FrameworkCriterion.objects.filter(section__framework=current))
    assert framework(pm) == current  # installing again changes nothing


def test_the_framework_page_offers_the_default_then_shows_it(client):
    page = client.get("/governance/maturity/framework/").content.decode()
    assert "Use Lantern's default framework" in page
    assert client.post("/governance/maturity/framework/install/").status_code == 302
    page = client.get("/governance/maturity/framework/").content.decode()
    assert "Mature practice" in page and "Senior ownership of the strategy" in page
    assert AuditEntry.objects.filter(action="maturity_framework.install_default").exists()


def test_scoring_records_level_evidence_and_who_agreed_it(client, pm):
    assessment = _assessment(client)
    criterion = FrameworkCriterion.objects.get(section__framework=assessment.framework, key="ownership")
    response = _score(client, assessment, criterion, "", evidence="", agreed_by="")
    page = response.content.decode()
    assert "Select the agreed level" in page and "Enter the evidence for the level" in page
    assert "Enter who agreed the level" in page
    assert _score(client, assessment, criterion, 2).status_code == 302
    assert _score(client, assessment, criterion, 3, evidence="Sponsor reports twice a year.").status_code == 302
    score = MaturityScore.objects.get()
    assert (score.level, score.evidence, score.agreed_by, score.scored_by) == (
        3, "Sponsor reports twice a year.", "SASP, 14 March", pm)
    page = client.get(f"/governance/maturity/assessments/{assessment.pk}/").content.decode()
    assert "3. Substantial progress" in page and "Agreed by SASP, 14 March" in page and "Gap" in page
    levels = [e.changes["level"] for e in AuditEntry.objects.filter(action="maturity_assessment.score").order_by("sequence")]
    assert levels == [[None, 2], [2, 3]]


def test_assessments_are_compared_over_time_with_a_chart_and_its_data(client):
    first = _assessment(client, "Self-assessment 2024", year="2024")
    second = _assessment(client, "Self-assessment 2025", year="2025")
    criteria = FrameworkCriterion.objects.filter(section__framework=first.framework, section__key="leadership")
    for criterion in criteria:
        _score(client, first, criterion, 1)
        _score(client, second, criterion, 3)
    page = client.get("/governance/maturity/").content.decode()
    assert '<svg' in page and 'role="img"' in page and "Average maturity level by section" in page
    assert page.index("Self-assessment 2024 (Mar 2024)") < page.index("Self-assessment 2025 (Mar 2025)")
    assert ">1.0<" in page  # the chart's data table: leadership's average a year before
    assert "3.0" in page and "Leadership: Senior ownership of the strategy" in page
    assert "Not scored" in page  # the criteria not yet scored say so


def test_a_gap_becomes_a_plan_action_in_one_step_linked_to_the_criterion(client, pm):
    strategy = period(pm)
    objective = strategy.priorities.get(area="procurement").objectives.create(title="Slavery-free supply chains")
    assessment = _assessment(client)
    criterion = FrameworkCriterion.objects.get(section__framework=assessment.framework, key="risk-assessment")
    _score(client, assessment, criterion, 2)
    score = MaturityScore.objects.get()
    detail = client.get(f"/governance/maturity/assessments/{assessment.pk}/").content.decode()
    assert f"/governance/plan/actions/new/?score={score.pk}" in detail
    form = client.get(f"/governance/plan/actions/new/?score={score.pk}").content.decode()
    assert "Move &#x27;Knowing the risk in spending&#x27; from early progress to substantial progress" in form
    assert f'value="{objective.pk}" selected' in form  # the section's priority area, pre-selected
    response = client.post(f"/governance/plan/actions/new/?score={score.pk}", {
        "objective": objective.pk, "title": "Screen spend for risk every quarter", "lead_agency": agency().pk,
        "starts_on_0": "1", "starts_on_1": "4", "starts_on_2": "2025", "due_on_0": "31", "due_on_1": "3",
        "due_on_2": "2026", "success_measure": "Next assessment agrees substantial progress", "rag": "amber"})
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert action.maturity_criterion == criterion and action.maturity_score == score
    assert "Knowing the risk in spending" in client.get(response["Location"]).content.decode()
    assert "Screen spend for risk every quarter" in client.get(
        f"/governance/maturity/assessments/{assessment.pk}/").content.decode()


def test_editing_a_used_framework_makes_a_new_version_and_assessments_keep_theirs(client, pm):
    assessment = _assessment(client)
    old = assessment.framework
    criterion = FrameworkCriterion.objects.get(section__framework=old, key="ownership")
    fields = {name: getattr(criterion, name) for name in ("title", "level_1", "level_2", "level_3", "level_4")}
    # Whitespace only: not a change in substance.
    client.post(f"/governance/maturity/framework/criteria/{criterion.pk}/edit/", {**fields, "title": fields["title"] + "  "})
    assert MaturityFramework.objects.count() == 1
    response = client.post(f"/governance/maturity/framework/criteria/{criterion.pk}/edit/",
                           {**fields, "level_4": "Leaders across every agency own the plan.", "change_note": "Clearer"})
    assert response.status_code == 302
    new = MaturityFramework.objects.get(is_current=True)
    assert new.version == old.version + 1 and new.change_note == "Clearer"
    criterion.refresh_from_db()
    assert criterion.level_4 == fields["level_4"]  # the used version is unchanged
    assert FrameworkCriterion.objects.get(section__framework=new, key="ownership").level_4.startswith("Leaders across")
    assessment.refresh_from_db()
    assert assessment.framework == old
    assert _assessment(client, "Next year").framework == new
    # An old version cannot be edited; a new version's criterion can be added to.
    assert client.post(f"/governance/maturity/framework/criteria/{criterion.pk}/edit/",
                       {**fields, "title": "Changed"}).status_code == 200
    section = new.sections.get(key="supply-chains")
    assert client.post(f"/governance/maturity/framework/sections/{section.pk}/criteria/new/", {
        "title": "Worker voice", "level_1": "a", "level_2": "b", "level_3": "c", "level_4": "d"}).status_code == 302
    assert MaturityFramework.objects.get(is_current=True).version == new.version + 1  # new was used by "Next year"
    assert client.get(f"/governance/maturity/framework/versions/{old.pk}/").status_code == 200


def test_editing_an_unused_framework_changes_it_in_place(pm):
    current = framework(pm)
    criterion = FrameworkCriterion.objects.filter(section__framework=current).first()
    services_maturity.framework_criterion_edit(criterion=criterion, acting_user=pm, title="New title",
                                               level_1="1", level_2="2", level_3="3", level_4="4")
    assert MaturityFramework.objects.count() == 1
    criterion.refresh_from_db()
    assert criterion.title == "New title"


def test_a_score_for_a_criterion_of_another_version_is_refused(client, pm):
    assessment = _assessment(client)
    criterion = FrameworkCriterion.objects.filter(section__framework=assessment.framework).first()
    services_maturity.framework_criterion_edit(criterion=criterion, acting_user=pm, title="Reworded", level_1="1",
                                               level_2="2", level_3="3", level_4="4")
    other = FrameworkCriterion.objects.get(section__framework__is_current=True, key=criterion.key,
                                           section__key=criterion.section.key)
    assert _score(client, assessment, other, 2).status_code == 404


def test_the_board_viewer_reads_assessments_without_buttons(client, pm):
    assessment = _assessment(client)
    criterion = FrameworkCriterion.objects.filter(section__framework=assessment.framework).first()
    _score(client, assessment, criterion, 1)
    viewer = verified_client(make_user(Role.BOARD_VIEWER))
    page = viewer.get(f"/governance/maturity/assessments/{assessment.pk}/").content.decode()
    assert criterion.title in page and "Make this gap an action" not in page and "Score<" not in page
    assert "Start a self-assessment" not in viewer.get("/governance/maturity/").content.decode()
    assert _score(viewer, assessment, criterion, 4).status_code == 403
    assert viewer.post("/governance/maturity/framework/install/").status_code == 403
    assert MaturityScore.objects.get().level == 1
    assert datetime.date(2025, 3, 14) == assessment.assessed_on
