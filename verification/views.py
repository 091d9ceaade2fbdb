"""Collects the verification blueprints for the app to register."""

from __future__ import annotations

from verification.answer_views import bp as answer_bp
from verification.contact_views import bp as contacts_bp
from verification.staff_views import bp as staff_bp

blueprints = [answer_bp, staff_bp, contacts_bp]
