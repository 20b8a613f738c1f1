"""The risk core on its own: each factor, the words of the explanation, the bands, and the ILAB list."""

import copy
import json
from decimal import Decimal

import pytest

from lantern.supply_chain import risk
from lantern.supply_chain.selectors.risk import SHIPPED_MODEL

PROCLASS = {"151000": "Cleaning & Janitorial/Cleaning Services", "111200": "Catering/Food & Beverages",
            "180000": "Information Communication Technology"}
ILAB = [
    risk.IlabGood("Garments", "Bangladesh", child_labour=True, forced_labour=False),
    risk.IlabGood("Garments", "China", child_labour=False, forced_labour=True),
    risk.IlabGood("Lithium-Ion Batteries", "China", child_labour=False, forced_labour=False, derived=True),
]


@pytest.fixture(scope="module")
def definition() -> dict:
    return json.loads(SHIPPED_MODEL.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model(definition) -> risk.RiskModel:
    return risk.RiskModel(definition, proclass=PROCLASS, ilab=ILAB)


def facts(*purchases: tuple[str, float] | risk.Purchase, **kwargs) -> risk.SupplierFacts:
    return risk.SupplierFacts(purchases=[p if isinstance(p, risk.Purchase) else risk.Purchase(
        amount=Decimal(str(p[1])), expense_type=p[0]) for p in purchases], **kwargs)


def test_the_issue_example_reads_as_the_partnership_expects(model):
    result = model.screen(facts(("Cleaning contract", 1_150_000), ("Agency Staff", 50_000)))
    assert result.summary == ("cleaning services: PPN high-risk industry, GLAA sector of concern; "
                              "£1.2m over 12 months; agency labour")
    assert result.score == 35 + 10 + 20 + 15
    assert result.band == "very_high"
    assert result.category == "cleaning"


def test_a_category_counts_from_the_expense_type_or_proclass_code_and_the_service_only_when_they_say_nothing(model):
    by_proclass = model.screen(facts(risk.Purchase(amount=Decimal(500), proclass_code="151000")))
    assert by_proclass.category == "cleaning"
    by_service = model.screen(facts(risk.Purchase(amount=Decimal(500), service="School Meals Service")))
    assert by_service.category == "catering"
    not_by_service = model.screen(facts(risk.Purchase(amount=Decimal(500), expense_type="Security guards",
                                                      service="Cleaning Services")))
    assert not_by_service.categories == ("security",)  # the expense type said what was bought


def test_a_ppn_industry_outside_the_glaa_sectors_gets_the_industry_points_only(model):
    result = model.screen(facts(("Security guards", 5_000)))
    assert result.summary == "security services: PPN high-risk industry"
    assert result.score == 35 and result.band == "medium"


def test_a_category_that_is_a_small_part_of_the_spend_does_not_count(model):
    result = model.screen(facts(("ICT consultancy", 95_000), ("Cleaning", 5_000)))
    assert result.category == "" and "cleaning" in result.categories
    assert result.summary == "£100k over 12 months"
    assert result.band == "low"


def test_whole_words_only_so_fostering_agencies_are_not_agency_labour(model):
    assert model.screen(facts(("Independent Fostering Agencies", 500))).reasons == ()
    assert [r.text for r in model.screen(facts(("Temporary staff", 500))).reasons] == ["temporary or casual workforce"]


def test_workforce_known_from_elsewhere_counts_as_it_does_from_the_spend(model):
    result = model.screen(facts(("Stationery", 500), workforce=frozenset({"low_paid", "agency"})))
    assert [r.text for r in result.reasons] == ["agency labour", "low-paid workforce"]
    assert result.score == 25


def test_spend_adds_points_by_band_and_credits_reduce_it(model):
    assert model.screen(facts(("Stationery", 9_999))).score == 0
    assert model.screen(facts(("Stationery", 10_000))).score == 5
    assert model.screen(facts(("Stationery", 300_000), ("Stationery", -60_000))).summary == "£240k over 12 months"


@pytest.mark.parametrize(("country", "goods", "expected", "points"), [
    ("China", ["garments"], "garments from China: on the ILAB list (forced labour)", 25),
    ("bangladesh", ["Garment"], "garments from Bangladesh: on the ILAB list (child labour)", 15),
    ("China", ["lithium-ion batteries"], "lithium-ion batteries from China: on the ILAB list (inputs made with "
                                         "exploited labour)", 10),
])
def test_goods_from_a_country_on_the_ilab_list_add_the_listing_s_points(model, country, goods, expected, points):
    result = model.screen(facts(country=country, goods=goods))
    assert [(r.text, r.points) for r in result.reasons] == [(expected, points)]


def test_goods_or_a_country_alone_say_nothing(model):
    assert model.screen(facts(country="China")).reasons == ()
    assert model.screen(facts(goods=["garments"])).reasons == ()
    assert model.screen(facts(country="France", goods=["garments"])).reasons == ()


@pytest.mark.parametrize(("score", "band"), [(0, "low"), (24, "low"), (25, "medium"), (44, "medium"),
                                             (45, "high"), (64, "high"), (65, "very_high"), (100, "very_high")])
def test_bands_start_at_the_model_s_thresholds(model, score, band):
    assert model.band_for(score) == band


def test_the_score_never_exceeds_100(model):
    result = model.screen(facts(("Cleaning agency staff temporary staff minimum wage", 2_000_000),
                                country="China", goods=["garments"]))
    assert result.score == 100


def test_weights_and_thresholds_are_data(definition):
    changed = copy.deepcopy(definition)
    changed["weights"]["ppn_industry"] = 50
    changed["bands"] = [{"band": "very_high", "from": 90}, {"band": "high", "from": 55},
                        {"band": "medium", "from": 5}, {"band": "low", "from": 0}]
    result = risk.RiskModel(changed).screen(facts(("Cleaning", 500)))
    assert (result.score, result.band) == (60, "high")


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("bands"), "missing: bands"),
    (lambda d: d["weights"].update(ppn_industry=-1), "weights.ppn_industry must be a number from 0 to 100"),
    (lambda d: d["bands"].reverse() or d["bands"][0].update({"from": 80}), "must rise"),
    (lambda d: d["categories"].append(dict(d["categories"][0])), "used twice"),
    (lambda d: d.update(period_months=0), "period_months"),
    (lambda d: d["workforce"].pop("agency"), "workforce must describe"),
])
def test_a_broken_definition_is_refused_with_what_is_wrong(definition, change, message):
    broken = copy.deepcopy(definition)
    change(broken)
    with pytest.raises(risk.RiskModelError, match=message):
        risk.RiskModel(broken)


@pytest.mark.parametrize(("amount", "text"), [(1_234_567, "£1.2m"), (2_000_000, "£2m"), (45_200, "£45k"),
                                              (850, "£850"), (-1_500, "-£2k")])
def test_money_reads_as_people_say_it(amount, text):
    assert risk.money(amount) == text
