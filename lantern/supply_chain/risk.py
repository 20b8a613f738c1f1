"""Explainable inherent modern slavery risk of a supplier: plain Python, no Django.

A risk model is data (``data/risk_model_v1.json``, then the versions the partnership
saves): the categories of what is bought, with the keywords and ProClass categories that
recognise them and the PPN 02/23 industry or GLAA sector each belongs to; the keywords
that show the nature of the workforce; the points each factor adds; the spend bands and
the risk bands. ``RiskModel.screen`` turns what is known of one supplier (its purchases by
category, spend, country and goods) into a score, a band and the reasons in words:

    cleaning services: PPN high-risk industry, GLAA sector of concern; £1.2m over 12 months; agency labour

The score is the sum of the factors' points (capped at 100): the highest-scoring category
that makes up at least ``min_category_share`` of the spend, each workforce trait found,
the worst ILAB listing for the supplier's goods from its country, and the spend band.
"""

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

BANDS = ("low", "medium", "high", "very_high")
BAND_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}
WORKFORCE_TRAITS = ("agency", "temporary", "low_paid")
ILAB_FLAGS = ("forced_labour", "child_labour", "derived")
MAX_SCORE = 100
ZERO = Decimal(0)


class RiskModelError(ValueError):
    """A risk model definition that cannot be used, with what is wrong in words."""


# --- What is known of a supplier -----------------------------------------------------------


@dataclass(frozen=True)
class Purchase:
    """The council's spend with a supplier under one category (summed over the period)."""

    amount: Decimal
    expense_type: str = ""
    proclass_code: str = ""
    service: str = ""


@dataclass(frozen=True)
class SpendTally:
    """What screening reads of a supplier's purchases, summed: all of it, the purchases that came to
    more than nothing, that positive spend under each category recognised (a category whose
    purchases came to nothing or less is there with 0), and the workforce traits the purchases show.

    ``RiskModel.tally`` makes it from purchases; the screening of many suppliers has the database
    sum it (``supply_chain.services.risk``), with the same result."""

    spend: Decimal = ZERO
    positive: Decimal = ZERO
    by_category: Mapping[str, Decimal] = field(default_factory=dict)
    traits: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SupplierFacts:
    purchases: Sequence[Purchase] = ()
    country: str = ""  # where the supplier (or what it sells) comes from, when known
    goods: Sequence[str] = ()  # what it supplies, when known (e.g. "garments", "cocoa")
    workforce: frozenset[str] = frozenset()  # traits known from elsewhere (WORKFORCE_TRAITS)
    tally: SpendTally | None = None  # the purchases already summed: then ``purchases`` is not read

    @property
    def spend(self) -> Decimal:
        if self.tally is not None:
            return self.tally.spend
        return sum((p.amount for p in self.purchases), ZERO)


@dataclass(frozen=True)
class IlabGood:
    """One line of the ILAB list of goods produced by child labour or forced labour."""

    good: str
    country: str
    child_labour: bool
    forced_labour: bool
    derived: bool = False


# --- The result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    factor: str  # category, workforce, ilab, spend
    text: str
    points: int

    def as_dict(self) -> dict[str, Any]:
        return {"factor": self.factor, "text": self.text, "points": self.points}


@dataclass(frozen=True)
class Assessment:
    score: int
    band: str
    reasons: tuple[Reason, ...]
    spend: Decimal
    category: str = ""  # the code of the category that counted, if any
    categories: tuple[str, ...] = ()  # every category recognised in the spend (codes)

    @property
    def summary(self) -> str:
        """The reasons in one line, most important first; "no risk factors found" when there are none."""
        return "; ".join(r.text for r in self.reasons) or "no risk factors found"

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band]


def money(amount: Decimal | float | int) -> str:
    """``£1.2m``, ``£45k``, ``£850``: spend as people say it."""
    value = float(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.1f}".removesuffix(".0") + "m"
    elif value >= 1_000:
        text = f"{value / 1_000:.0f}k"
    else:
        text = f"{value:.0f}"
    return f"{sign}£{text}"


# --- Keyword matching -------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[^a-z0-9&/+-]+")


def _clean(text: str) -> str:
    return " " + _NOT_WORD.sub(" ", text.lower()).strip() + " "


def _pattern(keywords: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression for a list of keywords: whole words, ``word*`` for a prefix."""
    parts = []
    for keyword in keywords:
        words = _clean(keyword.rstrip("*")).strip()
        if not words:
            continue
        tail = r"\w*" if keyword.endswith("*") else ""
        parts.append(r"(?<![a-z0-9])" + re.escape(words) + tail + r"(?![a-z0-9])")
    return re.compile("|".join(parts)) if parts else None


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    ppn_industry: str | None
    glaa: bool
    keywords: tuple[str, ...]
    proclass: tuple[str, ...]
    points: int
    _pattern: re.Pattern[str] | None = field(repr=False, compare=False, default=None)

    def explanation(self) -> str:
        why = []
        if self.ppn_industry:
            why.append("PPN high-risk industry")
        if self.glaa:
            why.append("GLAA sector of concern")
        return f"{self.label}: {', '.join(why)}"


# --- The model --------------------------------------------------------------------------------


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value > MAX_SCORE:
        raise RiskModelError(f"{where} must be a number from 0 to {MAX_SCORE}.")
    return int(value)


class RiskModel:
    """A risk model ready to screen suppliers: built from its definition (a dict read from JSON),
    a ProClass table (code → "level1/level2/level3") and the ILAB list."""

    def __init__(self, definition: Mapping[str, Any], *, proclass: Mapping[str, str] | None = None,
                 ilab: Sequence[IlabGood] = ()) -> None:
        self.definition = validate_definition(definition)
        d = self.definition
        self.period_months: int = d["period_months"]
        self.min_share = Decimal(str(d["min_category_share"]))
        weights = d["weights"]
        self.ppn_points: int = weights["ppn_industry"]
        self.glaa_points: int = weights["glaa_sector"]
        self.workforce_points: dict[str, int] = dict(weights["workforce"])
        self.ilab_points: dict[str, int] = dict(weights["ilab"])
        self.spend_points = sorted(((Decimal(str(s["from"])), s["points"]) for s in d["spend_points"]), reverse=True)
        self.bands = sorted(((b["from"], b["band"]) for b in d["bands"]), reverse=True)
        self.categories = tuple(
            Category(code=c["code"], label=c["label"], ppn_industry=c.get("ppn_industry"), glaa=bool(c.get("glaa")),
                     keywords=tuple(c.get("keywords", ())), proclass=tuple(c.get("proclass", ())),
                     points=(self.ppn_points if c.get("ppn_industry") else 0) + (self.glaa_points if c.get("glaa") else 0),
                     _pattern=_pattern(c.get("keywords", ())))
            for c in d["categories"]
        )
        self._by_code = {c.code: c for c in self.categories}
        self.workforce = {
            trait: (spec["label"], _pattern(spec["keywords"])) for trait, spec in d["workforce"].items()
        }
        self._proclass = {code: _clean(path.replace("/", " / ")) for code, path in (proclass or {}).items()}
        self._proclass_prefixes = {
            c.code: tuple(_clean(prefix.replace("/", " / ")).rstrip() for prefix in c.proclass) for c in self.categories
        }
        self._ilab: dict[str, list[IlabGood]] = {}
        for item in ilab:
            self._ilab.setdefault(_country_key(item.country), []).append(item)
        self.categories_of = functools.lru_cache(maxsize=65536)(self._categories_of)
        self.workforce_of = functools.lru_cache(maxsize=65536)(self._workforce_of)

    # Recognising categories and traits in what a spend line says ------------------------------

    def _categories_of(self, expense_type: str, proclass_code: str, service: str) -> tuple[str, ...]:
        """The codes of the categories a purchase belongs to, from its expense type, ProClass code and
        service (the service only when the other two say nothing)."""
        text = _clean(expense_type)
        found = [c.code for c in self.categories if c._pattern is not None and c._pattern.search(text)]
        path = self._proclass.get(proclass_code.strip())
        if path:
            found += [code for code, prefixes in self._proclass_prefixes.items()
                      if code not in found and any(path.startswith(prefix) for prefix in prefixes)]
        if not found and service:
            service_text = _clean(service)
            found = [c.code for c in self.categories if c._pattern is not None and c._pattern.search(service_text)]
        return tuple(found)

    def _workforce_of(self, text: str) -> tuple[str, ...]:
        cleaned = _clean(text)
        return tuple(trait for trait, (_label, pattern) in self.workforce.items()
                     if pattern is not None and pattern.search(cleaned))

    def category(self, code: str) -> Category:
        return self._by_code[code]

    # Screening ------------------------------------------------------------------------------

    def band_for(self, score: int) -> str:
        for threshold, band in self.bands:
            if score >= threshold:
                return band
        return "low"

    def kind_of(self, expense_type: str, proclass_code: str, service: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What a purchase is, to screening: the categories it belongs to and the workforce traits it shows."""
        return self.categories_of(expense_type, proclass_code, service), self.workforce_of(expense_type)

    def tally(self, purchases: Iterable[Purchase]) -> SpendTally:
        spend = positive = ZERO
        by_category: dict[str, Decimal] = {}
        traits: set[str] = set()
        for purchase in purchases:
            amount = purchase.amount
            spend += amount
            if amount > 0:
                positive += amount
                for code in self.categories_of(purchase.expense_type, purchase.proclass_code, purchase.service):
                    by_category[code] = by_category.get(code, ZERO) + amount
            else:
                for code in self.categories_of(purchase.expense_type, purchase.proclass_code, purchase.service):
                    by_category.setdefault(code, ZERO)
            traits.update(self.workforce_of(purchase.expense_type))
        return SpendTally(spend=spend, positive=positive, by_category=by_category, traits=frozenset(traits))

    def screen(self, facts: SupplierFacts) -> Assessment:
        reasons: list[Reason] = []
        tally = facts.tally if facts.tally is not None else self.tally(facts.purchases)
        spend, positive, by_category = tally.spend, tally.positive, tally.by_category
        traits = set(facts.workforce) | tally.traits

        counted = ""
        candidates = [
            (self._by_code[code], amount) for code, amount in by_category.items()
            if positive > 0 and amount / positive >= self.min_share
        ]
        if candidates:
            best, _amount = max(candidates, key=lambda ca: (ca[0].points, ca[1]))
            if best.points:
                counted = best.code
                reasons.append(Reason("category", best.explanation(), best.points))

        for trait in self.workforce:
            if trait in traits and self.workforce_points.get(trait):
                reasons.append(Reason("workforce", self.workforce[trait][0], self.workforce_points[trait]))

        ilab = self._ilab_reason(facts.country, facts.goods)
        if ilab is not None:
            reasons.append(ilab)

        for threshold, points in self.spend_points:
            if spend >= threshold:
                reasons.append(Reason("spend", f"{money(spend)} over {self.period_months} months", points))
                break

        # The most important reasons first, but the category always leads and spend follows it,
        # as people read them ("cleaning services ...; £1.2m over 12 months; agency labour").
        order = {"category": 0, "spend": 1, "workforce": 2, "ilab": 3}
        reasons.sort(key=lambda r: (order[r.factor], -r.points))
        score = min(MAX_SCORE, sum(r.points for r in reasons))
        return Assessment(score=score, band=self.band_for(score), reasons=tuple(reasons), spend=spend,
                          category=counted, categories=tuple(sorted(by_category)))

    def _ilab_reason(self, country: str, goods: Sequence[str]) -> Reason | None:
        if not country or not goods:
            return None
        listed = self._ilab.get(_country_key(country), [])
        best: tuple[int, str, IlabGood] | None = None
        for wanted in goods:
            key = _good_key(wanted)
            if not key:
                continue
            for item in listed:
                if not _goods_match(key, _good_key(item.good)):
                    continue
                for flag, present in (("forced_labour", item.forced_labour), ("child_labour", item.child_labour),
                                      ("derived", item.derived)):
                    points = self.ilab_points.get(flag, 0)
                    if present and points and (best is None or points > best[0]):
                        best = (points, flag, item)
        if best is None:
            return None
        points, flag, item = best
        kind = {"forced_labour": "forced labour", "child_labour": "child labour",
                "derived": "inputs made with exploited labour"}[flag]
        return Reason("ilab", f"{item.good.lower()} from {item.country}: on the ILAB list ({kind})", points)


def _country_key(country: str) -> str:
    return _clean(country).strip()


def _good_key(good: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", good.lower())
    return " ".join(text.replace("/", " ").split())


def _goods_match(wanted: str, listed: str) -> bool:
    """"garments" matches "Garments"; "cotton" matches "Cotton"; "fish" matches "Dried Fish";
    a plural and its singular match."""
    def stem(word: str) -> str:
        return word[:-1] if word.endswith("s") and len(word) > 3 else word

    wanted_words = {stem(w) for w in wanted.split()}
    listed_words = {stem(w) for w in listed.split()}
    return bool(wanted_words) and (wanted_words <= listed_words or listed_words <= wanted_words)


# --- Definitions ------------------------------------------------------------------------------

REQUIRED_KEYS = ("name", "version", "period_months", "min_category_share", "weights", "spend_points", "bands",
                 "categories", "workforce")


def validate_definition(definition: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the definition once checked; ``RiskModelError`` says what is wrong otherwise."""
    if not isinstance(definition, Mapping):
        raise RiskModelError("The risk model must be a JSON object.")
    missing = [key for key in REQUIRED_KEYS if key not in definition]
    if missing:
        raise RiskModelError(f"The risk model is missing: {', '.join(missing)}.")
    d = dict(definition)
    months = d["period_months"]
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 60:
        raise RiskModelError("period_months must be a whole number of months from 1 to 60.")
    share = d["min_category_share"]
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise RiskModelError("min_category_share must be a fraction from 0 to 1.")
    weights = d["weights"]
    if not isinstance(weights, Mapping):
        raise RiskModelError("weights must be an object.")
    for key in ("ppn_industry", "glaa_sector"):
        _int(weights.get(key), f"weights.{key}")
    for group, names in (("workforce", WORKFORCE_TRAITS), ("ilab", ILAB_FLAGS)):
        if not isinstance(weights.get(group), Mapping):
            raise RiskModelError(f"weights.{group} must be an object.")
        for name in names:
            _int(weights[group].get(name), f"weights.{group}.{name}")
    if not isinstance(d["spend_points"], list):
        raise RiskModelError("spend_points must be a list.")
    for i, step in enumerate(d["spend_points"], 1):
        if not isinstance(step, Mapping) or not isinstance(step.get("from"), int | float) or step["from"] < 0:
            raise RiskModelError(f"spend_points {i} needs a 'from' amount of pounds, 0 or more.")
        _int(step.get("points"), f"spend_points {i} points")
    bands = d["bands"]
    if not isinstance(bands, list) or sorted(str(b.get("band")) for b in bands if isinstance(b, Mapping)) != sorted(BANDS):
        raise RiskModelError(f"bands must give each of {', '.join(BANDS)} once.")
    thresholds = {b["band"]: _int(b.get("from"), f"band {b['band']}") for b in bands}
    if [thresholds[b] for b in BANDS] != sorted(thresholds[b] for b in BANDS) or len(set(thresholds.values())) != 4:
        raise RiskModelError("Band thresholds must rise from low to very high.")
    if thresholds["low"] != 0:
        raise RiskModelError("The low band must start at 0.")
    if not isinstance(d["categories"], list) or not d["categories"]:
        raise RiskModelError("categories must be a non-empty list.")
    codes = set()
    for i, cat in enumerate(d["categories"], 1):
        if not isinstance(cat, Mapping) or not cat.get("code") or not cat.get("label"):
            raise RiskModelError(f"Category {i} needs a code and a label.")
        if cat["code"] in codes:
            raise RiskModelError(f"Category code {cat['code']!r} is used twice.")
        codes.add(cat["code"])
        for key in ("keywords", "proclass"):
            value = cat.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RiskModelError(f"Category {cat['code']}: {key} must be a list of words.")
        if not cat.get("keywords") and not cat.get("proclass"):
            raise RiskModelError(f"Category {cat['code']} needs keywords or ProClass categories.")
    workforce = d["workforce"]
    if not isinstance(workforce, Mapping) or set(workforce) != set(WORKFORCE_TRAITS):
        raise RiskModelError(f"workforce must describe {', '.join(WORKFORCE_TRAITS)}.")
    for trait, spec in workforce.items():
        if not isinstance(spec, Mapping) or not spec.get("label") or not isinstance(spec.get("keywords"), list):
            raise RiskModelError(f"workforce.{trait} needs a label and a list of keywords.")
    return d
