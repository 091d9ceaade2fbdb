"""The signed link: one purpose, one request, a limited life, and no tampering."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from verification.links import LinkExpired, LinkInvalid, answer_url, make_token, read_token

KEY = "a-secret-key-long-enough-for-the-test-0123456789"
DAY = 86400
SENT = 1_780_000_000.0


def test_a_link_names_the_request_it_was_made_for() -> None:
    token = make_token(KEY, 42, clock=lambda: SENT)
    assert read_token(KEY, token, 14, clock=lambda: SENT + 13 * DAY) == 42


def test_a_link_older_than_the_configured_days_has_expired() -> None:
    token = make_token(KEY, 42, clock=lambda: SENT)
    with pytest.raises(LinkExpired):
        read_token(KEY, token, 14, clock=lambda: SENT + 14 * DAY + 1)


@pytest.mark.parametrize(
    "alter",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: t[: len(t) // 2],  # cut short
        lambda t: "eyJyZXF1ZXN0Ijo0M30" + t[t.index(".") :],  # another request's id
        lambda t: "not-a-token",
    ],
)
def test_an_altered_link_is_refused(alter: object) -> None:
    token = make_token(KEY, 42, clock=lambda: SENT)
    with pytest.raises(LinkInvalid):
        read_token(KEY, alter(token), 14, clock=lambda: SENT)  # type: ignore[operator]


def test_a_value_signed_for_another_purpose_is_not_a_link() -> None:
    other = URLSafeTimedSerializer(KEY, salt="cookie-session").dumps({"request": 42})
    with pytest.raises(LinkInvalid):
        read_token(KEY, other, 14)


def test_a_link_signed_with_another_key_is_refused() -> None:
    token = make_token("another-key-entirely-" + "x" * 30, 42)
    with pytest.raises(LinkInvalid):
        read_token(KEY, token, 14)


def test_the_link_is_built_on_the_public_base_url() -> None:
    assert answer_url("https://rar.example.org/", "abc") == "https://rar.example.org/verify/abc"
