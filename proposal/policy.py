"""Proposal policy as data: OGRS bands, allowance, staleness, preferences and routing."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from proposal.types import Band

POLICY_VERSION = "2019-guidance/1"

# Need areas of the RAR guidance (DOMAIN.md section 4), in the order they are listed.
NEED_AREAS: tuple[tuple[str, str], ...] = (
    ("accommodation", "Accommodation"),
    ("ete", "Education, training and employment"),
    ("relationships", "Relationships"),
    ("lifestyle-associates", "Lifestyle and associates"),
    ("alcohol", "Alcohol misuse (non-dependent)"),
    ("drugs", "Drug misuse"),
    ("emotional-management", "Emotional management"),
    ("attitudes-thinking-behaviour", "Attitudes, thinking and behaviour"),
    ("finance-benefits-debt", "Finance, benefits and debt"),
)
NEED_LABELS = MappingProxyType(dict(NEED_AREAS))
NEED_ORDER = MappingProxyType({slug: index for index, (slug, _) in enumerate(NEED_AREAS)})

PREDICTORS = ("OGRS3", "OGRS4/G", "other")
# Older spellings still accepted for an entered score, and the name they stand for.
PREDICTOR_ALIASES = MappingProxyType({"OGRS4": "OGRS4/G"})
GENDERS = ("male", "female")
ORDER_TYPES = ("community-order", "suspended-sentence-order")
ORDER_LABELS = MappingProxyType(
    {"community-order": "community order", "suspended-sentence-order": "suspended sentence order"}
)
ACCREDITED_PROGRAMME = "accredited-programme"

# MoJ RAR guidance 2019: two-year OGRS % → intensity and guideline RAR days. A score with
# decimals (OGRS4/G) is read against the rows' lower edges: 24.99 is below 25, 49.99 is low.
BANDS: tuple[Band, ...] = (
    Band("none", None, None, 0, 24, 2.4, "none: RAR only in exceptional circumstances"),
    Band("low", 1, 15, 25, 49, 3.2, "low intensity RAR"),
    Band("medium", 15, 25, 50, 74, 4.4, "medium intensity RAR"),
    Band("high", 25, 60, 75, 90, 4.4, "high intensity RAR"),
    Band("high", 25, 60, 91, 100, 6.2, "high intensity RAR"),
)


@dataclass(frozen=True)
class PredictorBanding:
    """The band table a predictor's two-year score is read against, and why it applies."""

    predictor: str
    bands: tuple[Band, ...]
    basis: str


# Banding names the predictor. A guidance change for one predictor is an edit of its row.
PREDICTOR_BANDING: tuple[PredictorBanding, ...] = (
    PredictorBanding("OGRS3", BANDS, "RAR guidance 2019 bands, set on the OGRS3 two-year score"),
    PredictorBanding(
        "OGRS4/G",
        BANDS,
        "RAR guidance 2019 bands: the guidance set them on OGRS3, and OGRS4/G keeps the "
        "50/75/90 edges, so the same edges apply",
    ),
)


@dataclass(frozen=True)
class Route:
    """A flag that sends a need to a treatment requirement instead of the RAR."""

    flag: str
    need: str
    requirement: str
    reason: str


# Rule 2: treatment requirements come before a RAR. The accredited-programme route is not in
# this table because it depends on what the catalogue offers (see proposal/routing.py).
ROUTES: tuple[Route, ...] = (
    Route(
        "alcohol_dependent",
        "alcohol",
        "ATR",
        "Alcohol dependency: an Alcohol Treatment Requirement is the intervention of choice; "
        "a RAR covers only non-dependent alcohol misuse.",
    ),
    Route(
        "drug_treatment_suitable",
        "drugs",
        "DRR",
        "Drug misuse meets the test for a Drug Rehabilitation Requirement, which is preferred "
        "to RAR work on drugs.",
    ),
    Route(
        "mental_health_treatment_suitable",
        "emotional-management",
        "MHTR",
        "A treatable mental health condition: a Mental Health Treatment Requirement is the "
        "intervention of choice for it.",
    ),
)

REQUIREMENT_LABELS = MappingProxyType(
    {
        "ATR": "an Alcohol Treatment Requirement (ATR)",
        "DRR": "a Drug Rehabilitation Requirement (DRR)",
        "MHTR": "a Mental Health Treatment Requirement (MHTR)",
        "programme": "an accredited programme requirement",
    }
)

# Offence categories (OGRS3 identifiers) → the offending tags that intervention
# `offence_focus` and `excluded_offences` are written in. Flags add "sexual" and
# "domestic-abuse" as well.
OFFENCE_TAGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("violence", ("violence",)),
    ("robbery", ("violence",)),
    ("sexual-not-child", ("sexual",)),
    ("sexual-child", ("sexual",)),
    ("drink-driving", ("driving",)),
    ("other-motoring", ("driving",)),
)


@dataclass(frozen=True)
class Policy:
    """Every number and ordering the engine uses, so a reviewer can read them in one place."""

    version: str = POLICY_VERSION
    bands: tuple[Band, ...] = BANDS
    # Allowance on top of the planned activity days. Why: the responsible officer needs room
    # for one-to-one toolkit work that consolidates group learning, and for rescheduling
    # missed or cancelled sessions without returning to court. A quarter of the planned days,
    # rounded up, and at least two days whenever any activity is planned (so planned 16 →
    # allowance 4 → 20, the example in issue 3).
    allowance_percent: int = 25
    allowance_minimum_days: int = 2
    # Availability not confirmed for more than this many days is stale (DOMAIN.md 4).
    stale_after_days: int = 90
    # Usable availability statuses, best first; paused and not-available are never named.
    status_preference: tuple[str, ...] = ("open", "waiting-list")
    eip_preference: tuple[str, ...] = (
        "approved",
        "provisionally-approved",
        "not-applicable",
        "awaiting-appraisal",
        "not-approved",
    )
    # How candidate activities are ranked, most important first (see proposal/selection.py).
    # Slug and id always break any remaining tie, so the choice is deterministic.
    preference_order: tuple[str, ...] = (
        "covers-more-needs",
        "covers-more-harm-needs",
        "eip-status",
        "availability-status",
        "shorter-wait",
        "recently-confirmed",
        "fewer-days",
        "name",
    )
    routes: tuple[Route, ...] = ROUTES
    # Rule 2: among the accredited programmes that fit, one made for the offence (sexual
    # offending → Horizon/iHorizon, intimate partner violence → Building Better Relationships)
    # comes before the preference order; these are the offence tags that count.
    programme_focus_first: tuple[str, ...] = ("sexual", "domestic-abuse")
    # Intervention types whose "minimum months left on the order" is advice to check with
    # the treatment manager, not a bar: with less time left they are kept, with a warning.
    check_months_left_types: tuple[str, ...] = ("structured-intervention",)
    rationale_max_chars: int = 4000
    offence_tags: tuple[tuple[str, tuple[str, ...]], ...] = OFFENCE_TAGS
    predictor_banding: tuple[PredictorBanding, ...] = PREDICTOR_BANDING


DEFAULT_POLICY = Policy()


def band_for_score(score: float, policy: Policy = DEFAULT_POLICY, predictor: str = "OGRS3") -> Band:
    """The row of the predictor's band table holding a two-year score (0–100)."""
    bands = banding_for(predictor, policy).bands
    if not bands[0].min_score <= score <= bands[-1].max_score:
        raise ValueError(f"score {score} is outside 0–100")
    return [band for band in bands if band.min_score <= score][-1]


def banding_for(predictor: str, policy: Policy = DEFAULT_POLICY) -> PredictorBanding:
    """The predictor's banding; a predictor without one is read against the guidance's table."""
    for banding in policy.predictor_banding:
        if banding.predictor == predictor:
            return banding
    return PredictorBanding(predictor, policy.bands, "RAR guidance 2019 bands, set on OGRS")


def band_named(name: str, policy: Policy = DEFAULT_POLICY) -> Band:
    """The first band row with this name (e.g. the low band for exceptional circumstances)."""
    return next(band for band in policy.bands if band.name == name)


def allowance_for(planned_days: int, policy: Policy = DEFAULT_POLICY) -> int:
    """Allowance days for a number of planned days: a rounded-up share, with a floor."""
    if planned_days <= 0:
        return 0
    share = -(-planned_days * policy.allowance_percent // 100)
    return max(share, policy.allowance_minimum_days)


def need_label(slug: str) -> str:
    """The plain-English label of a need area (the slug itself if unknown)."""
    return NEED_LABELS.get(slug, slug)
