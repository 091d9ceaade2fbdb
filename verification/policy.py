"""The chasing schedule as data, and the pure rules that read it (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

ASKED, REMINDED, URGENT = "asked", "reminded", "urgent"
NOT_ASKED, ANSWERED = "not asked", "answered"
# Every state a row can be in on the "due for verification" view, in the order shown.
CHASE_STATES = (NOT_ASKED, ASKED, REMINDED, URGENT, ANSWERED)


@dataclass(frozen=True)
class ChaseStep:
    """A message sent once `after_days` have passed since the first one without an answer."""

    stage: str
    after_days: int
    subject_prefix: str


@dataclass(frozen=True)
class ChasePolicy:
    """When to ask, when to chase, and when the region's editors must chase by hand."""

    # Ask about a row not confirmed for this many days (before it goes stale at 90).
    ask_after_days: int = 60
    steps: tuple[ChaseStep, ...] = (
        ChaseStep(ASKED, 0, ""),
        ChaseStep(REMINDED, 7, "Reminder: "),
        ChaseStep(URGENT, 14, "Urgent: "),
    )
    # Once this message has gone unanswered, the row is on the editors' "needs chasing" list.
    escalate_at: str = URGENT
    # Backoff between delivery attempts: first wait, doubled each time, up to the cap.
    retry_first_minutes: int = 5
    retry_cap_minutes: int = 6 * 60

    def step(self, stage: str) -> ChaseStep:
        """The step of a stage name."""
        return next(step for step in self.steps if step.stage == stage)

    def next_step(self, stage: str, asked_on: date, today: date) -> ChaseStep | None:
        """The latest step now due after `stage`, skipping any a missed day passed over."""
        passed = (today - asked_on).days
        order = [step.stage for step in self.steps]
        later = self.steps[order.index(stage) + 1 :]
        due = [step for step in later if passed >= step.after_days]
        return due[-1] if due else None

    def is_due(self, confirmed_at: datetime | None, today: date) -> bool:
        """A row is due to be asked about when it was never confirmed or not for a while."""
        return confirmed_at is None or (today - confirmed_at.date()).days >= self.ask_after_days

    def needs_chasing(self, stage: str) -> bool:
        """Whether an unanswered request at this stage is left to the editors to chase."""
        order = [step.stage for step in self.steps]
        return order.index(stage) >= order.index(self.escalate_at)

    def retry_delay(self, attempts: int) -> timedelta:
        """How long to wait after the given number of failed delivery attempts."""
        minutes = self.retry_first_minutes * 2 ** max(attempts - 1, 0)
        return timedelta(minutes=min(minutes, self.retry_cap_minutes))
