"""Identifier vocabularies from the domain brief, kept as data in one place."""

from __future__ import annotations

INTERVENTION_TYPES: dict[str, str] = {
    "structured-intervention": "Structured intervention",
    "toolkit": "Practitioner toolkit",
    "crs": "Commissioned service",
    "accredited-programme": "Accredited programme (own requirement)",
    "local": "Local activity",
}

EIP_STATUSES: dict[str, str] = {
    "approved": "EIP approved",
    "provisionally-approved": "EIP provisionally approved",
    "awaiting-appraisal": "Awaiting EIP appraisal",
    "not-approved": "Not EIP approved",
    "not-applicable": "EIP not applicable",
}

FORMATS: dict[str, str] = {
    "group": "Group",
    "one-to-one": "One-to-one",
    "mixed": "Group and one-to-one",
}

ATTENDANCE: dict[str, str] = {
    "in-person": "In person",
    "remote": "Remote",
    "blended": "In person and remote",
}

AVAILABILITY_STATUSES: dict[str, str] = {
    "open": "Open",
    "waiting-list": "Waiting list",
    "paused": "Paused",
    "not-available": "Not available",
}

# Statuses under which an intervention counts as "available in a region" for search:
# anything but not-available (a paused service is still delivered there).
AVAILABLE_STATUSES = frozenset({"open", "waiting-list", "paused"})

# How an availability row's last confirmation was made (`Availability.confirmed_via`):
# an editor in the staff pages, the provider through a signed verification link, a CSV
# import, or the sample data loaded by `seed`. None: confirmed before this was recorded.
CONFIRMED_BY_EDITOR = "editor"
CONFIRMED_BY_PROVIDER_LINK = "provider link"
CONFIRMED_BY_IMPORT = "import"
CONFIRMED_BY_SEED = "seed"
CONFIRMATION_METHODS: dict[str, str] = {
    CONFIRMED_BY_EDITOR: "by an editor",
    CONFIRMED_BY_PROVIDER_LINK: "by the provider, through a verification link",
    CONFIRMED_BY_IMPORT: "by a CSV import",
    CONFIRMED_BY_SEED: "in the sample data",
}

ELIGIBLE_GENDERS: dict[str, str] = {
    "any": "Men and women",
    "men": "Men only",
    "women": "Women only",
}

# A person's gender as the search filter and the OGRS3 API spell it, mapped to the
# intervention eligibility values that suit them.
PERSON_GENDERS: dict[str, frozenset[str]] = {
    "male": frozenset({"any", "men"}),
    "female": frozenset({"any", "women"}),
}
GENDER_SYNONYMS: dict[str, str] = {"men": "male", "women": "female"}

PRICE_UNITS: dict[str, str] = {
    "per-place": "per place",
    "per-session": "per session",
    "per-referral": "per referral",
}

OFFENCE_TYPES: dict[str, str] = {
    "sexual": "Sexual offending",
    "domestic-abuse": "Domestic abuse (intimate partner violence)",
    "violence": "Violence",
    "driving": "Drink or drug driving",
    "arson": "Arson",
}

LIFECYCLE_STATUSES: dict[str, str] = {"active": "Active", "withdrawn": "Withdrawn"}
