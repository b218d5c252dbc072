"""Property: receive_email never raises, and every message ends in a ticket or a listed reason."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.models import InboundEmail, InboundStatus
from intake.services import receive_email

CORPUS = [p.read_bytes() for p in sorted((Path(__file__).parent / "emails").glob("*.eml"))]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    base = bytearray(draw(st.sampled_from(CORPUS))) if CORPUS else bytearray(b"From: a@b\r\n\r\nx")
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "dup_header"]))
        at = draw(st.integers(0, max(len(base) - 1, 0)))
        if action == "flip" and base:
            base[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del base[at : at + draw(st.integers(1, 400))]
        elif action == "insert":
            base[at:at] = draw(st.binary(min_size=1, max_size=40))
        else:
            base[0:0] = b"Subject: =?utf-8?B?////?=\r\nFrom: <>\r\n"
    return bytes(base)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=st.one_of(mutated(), st.binary(max_size=300)))
def test_no_message_is_ever_lost_or_crashes_intake(db: None, raw: bytes) -> None:
    inbound = receive_email(raw)
    stored = InboundEmail.objects.get(pk=inbound.pk)
    assert stored.status in {InboundStatus.PROCESSED, InboundStatus.IGNORED, InboundStatus.REJECTED}
    if stored.status == InboundStatus.PROCESSED:
        assert stored.ticket_id is not None
    else:
        assert stored.reason
