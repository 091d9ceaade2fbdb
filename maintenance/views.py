"""Collects the maintenance blueprints for the app to register."""

from __future__ import annotations

from maintenance.api import bp as api_bp
from maintenance.availability import bp as availability_bp
from maintenance.editing import bp as editing_bp
from maintenance.gaps import bp as gaps_bp
from maintenance.oruk import bp as oruk_bp
from maintenance.quality import bp as quality_bp
from maintenance.summary import bp as summary_bp
from maintenance.thesaurus import bp as thesaurus_bp
from maintenance.transfer import bp as transfer_bp

blueprints = [
    editing_bp,
    availability_bp,
    quality_bp,
    api_bp,
    transfer_bp,
    gaps_bp,
    oruk_bp,
    summary_bp,
    thesaurus_bp,
]
