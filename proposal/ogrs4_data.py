"""The OGRS4 static models' coefficients and the Home Office offence code mapping, as data.

Read from the files in `proposal/data/ogrs4/` (see its README for where they came from and
their licence); nothing here is a retyped coefficient.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_DIR = Path(__file__).parent / "data" / "ogrs4"
MODEL_FILES = {
    "OGRS4/G": "ogrs4g_static_coefficients.json",
    "OGRS4/V": "ogrs4v_static_coefficients.json",
}
NOT_SCOREABLE = "UNKNOWN"

# The actuarial categories in plain words, for the officer and the PSR.
CATEGORY_LABELS = MappingProxyType(
    {
        "UNKNOWN": "no category (not scoreable)",
        "BURGLARY_DOMESTIC": "burglary (domestic)",
        "BURGLARY_OTHER": "burglary (other)",
        "DRUNKENNESS": "drunkenness",
        "DRINK_DRIVING": "drink driving",
        "MOTORING_OFFENCES": "motoring offences",
        "VEHICLE_RELATED_THEFT": "vehicle-related theft",
        "FRAUD_AND_FORGERY": "fraud and forgery",
        "WELFARE_FRAUD": "welfare fraud",
        "DRUG_IMPORT_EXPORT_OR_PRODUCTION": "drug import, export or production",
        "DRUG_POSSESSION_OR_SUPPLY": "drug possession or supply",
        "VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS": "violence against the person (ABH or more)",
        "VIOLENCE_AGAINST_THE_PERSON_SUB_ABH": "violence against the person (less than ABH)",
        "PUBLIC_ORDER_AND_HARRASSMENT": "public order and harassment",
        "WEAPONS_NON_FIREARM": "weapons (not firearms)",
        "FIREARMS_MOST_SERIOUS": "firearms (most serious)",
        "FIREARMS_OTHER": "firearms (other)",
        "HANDLING_STOLEN_GOODS": "handling stolen goods",
        "CRIMINAL_DAMAGE": "criminal damage",
        "ACQUISITIVE_VIOLENCE": "acquisitive violence (robbery)",
        "OTHER_OFFENCES": "other offences",
        "ABSCONDING_OR_BAIL": "absconding or bail offences",
        "SEXUAL_AGAINST_CHILD": "sexual, against a child",
        "SEXUAL_NOT_AGAINST_CHILD": "sexual, not against a child",
        "THEFT_NON_MOTOR": "theft (non-motor)",
    }
)
# The nearest OGRS3 offence category, so that activities' offence rules (written in OGRS3
# categories, see proposal/policy.py OFFENCE_TAGS) apply when OGRS4/G was calculated.
OGRS3_CATEGORY = MappingProxyType(
    {
        "BURGLARY_DOMESTIC": "burglary-domestic",
        "BURGLARY_OTHER": "burglary-other",
        "DRUNKENNESS": "other",
        "DRINK_DRIVING": "drink-driving",
        "MOTORING_OFFENCES": "other-motoring",
        "VEHICLE_RELATED_THEFT": "theft-from-vehicles",
        "FRAUD_AND_FORGERY": "fraud-forgery",
        "WELFARE_FRAUD": "fraud-forgery",
        "DRUG_IMPORT_EXPORT_OR_PRODUCTION": "drug-import-export",
        "DRUG_POSSESSION_OR_SUPPLY": "drug-possession-supply",
        "VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS": "violence",
        "VIOLENCE_AGAINST_THE_PERSON_SUB_ABH": "violence",
        "PUBLIC_ORDER_AND_HARRASSMENT": "public-order",
        "WEAPONS_NON_FIREARM": "violence",
        "FIREARMS_MOST_SERIOUS": "violence",
        "FIREARMS_OTHER": "violence",
        "HANDLING_STOLEN_GOODS": "handling",
        "CRIMINAL_DAMAGE": "criminal-damage",
        "ACQUISITIVE_VIOLENCE": "robbery",
        "OTHER_OFFENCES": "other",
        "ABSCONDING_OR_BAIL": "absconding-bail",
        "SEXUAL_AGAINST_CHILD": "sexual-child",
        "SEXUAL_NOT_AGAINST_CHILD": "sexual-not-child",
        "THEFT_NON_MOTOR": "theft",
    }
)


@dataclass(frozen=True)
class Offence:
    """A Home Office offence code, its description and the actuarial category it maps to."""

    code: str
    description: str
    category: str
    group: str = ""  # the Home Office's group, e.g. "Theft and handling", for searching

    @property
    def category_label(self) -> str:
        """The category in plain words."""
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def scoreable(self) -> bool:
        """False for the codes mapped to UNKNOWN, which the model cannot score."""
        return self.category != NOT_SCOREABLE

    def to_dict(self) -> dict[str, str]:
        """The offence as a JSON-ready dict."""
        return {
            "code": self.code,
            "description": self.description,
            "category": self.category,
            "category_label": self.category_label,
        }


@dataclass(frozen=True)
class Model:
    """One static model: its coefficients by name, offence coefficients by category, constants."""

    predictor: str
    commit: str
    coefficients: Mapping[str, Decimal]
    offence_coefficients: Mapping[str, Decimal]
    constants: Mapping[str, Decimal]


@cache
def model(predictor: str) -> Model:
    """The "OGRS4/G" or "OGRS4/V" static model, read from its data file."""
    raw = json.loads((DATA_DIR / MODEL_FILES[predictor]).read_text(encoding="utf-8"))
    return Model(
        predictor=predictor,
        commit=raw["commit"],
        # The exact value of the Kotlin BigDecimal(Double) the published service sums.
        coefficients=_frozen({c["name"]: c["exact_value_used"] for c in raw["coefficients"]}),
        offence_coefficients=_frozen(
            {c["category"]: c["coefficient"] for c in raw["offence_category_coefficients"]}
        ),
        constants=_frozen({name: c["value"] for name, c in raw["constants"].items()}),
    )


@cache
def offence_codes() -> Mapping[str, Offence]:
    """Every Home Office offence code in the mapping, by code."""
    with (DATA_DIR / "offence_mapping.csv").open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file)
        found = {
            r["offence_code"]: Offence(
                r["offence_code"], r["description"], r["category"], r["parent_group_description"]
            )
            for r in rows
        }
    return MappingProxyType(found)


@cache
def source() -> Mapping[str, Any]:
    """Where the model and the mapping came from: repositories, commits and licences."""
    raw = json.loads((DATA_DIR / "ogrs4_source.json").read_text(encoding="utf-8"))
    return MappingProxyType(raw)


def find_offences(query: str, limit: int = 20) -> list[Offence]:
    """Scoreable offences whose description, group or category holds every word typed (or
    whose code starts with it): codes first, then offences whose description holds them all."""
    words = re.findall(r"[a-z0-9]+", query.lower())[:10]
    if not words:
        return []
    code = query.strip()
    ranked: list[tuple[int, str, Offence]] = []
    for offence, description, wider in _searchable():
        if offence.code.startswith(code):
            ranked.append((0, offence.code, offence))
        elif all(word in description for word in words):
            ranked.append((1, offence.code, offence))
        elif all(word in wider for word in words):
            ranked.append((2, offence.code, offence))
    return [offence for _rank, _code, offence in sorted(ranked)[:limit]]


@cache
def _searchable() -> tuple[tuple[Offence, str, str], ...]:
    """Each scoreable offence with its description, and its wider text, in lower case."""
    return tuple(
        (o, o.description.lower(), f"{o.description} {o.group} {o.category_label}".lower())
        for o in offence_codes().values()
        if o.scoreable
    )


def _frozen(values: dict[str, str]) -> Mapping[str, Decimal]:
    return MappingProxyType({name: Decimal(value) for name, value in values.items()})
