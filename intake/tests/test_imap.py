"""IMAP polling against a real Dovecot: fetch, hand over, and mark done only after commit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from intake import imap
from intake.models import InboundEmail, Mailbox
from intake.tests import dovecot
from intake.tests.mail import build
from tickets.models import Ticket

pytestmark = pytest.mark.skipif(not dovecot.available(), reason="dovecot-imapd not installed")


@pytest.fixture(scope="module")
def server() -> Iterator[dovecot.Imap]:
    with dovecot.dovecot() as imap_server:
        yield imap_server


@pytest.fixture
def folder(server: dovecot.Imap, request: pytest.FixtureRequest) -> str:
    """Each test reads its own folder on the shared server."""
    name = request.node.name[5:40]
    server.create(name)
    return name


@pytest.fixture
def mailbox(db: None, server: dovecot.Imap, folder: str, monkeypatch: Any) -> Mailbox:
    monkeypatch.setenv("GOODWILL_TEST_IMAP_PASSWORD", server.password)
    return Mailbox.objects.create(
        name="Support",
        address=server.user,
        imap_host=server.host,
        imap_port=server.port,
        imap_security="none",
        imap_username=server.user,
        imap_password_env="GOODWILL_TEST_IMAP_PASSWORD",
        imap_folder=folder,
    )


def test_polling_turns_new_mail_into_tickets_and_flags_it(
    server: dovecot.Imap, mailbox: Mailbox
) -> None:
    server.append(build(subject="First by IMAP"), mailbox.imap_folder)
    server.append(build(subject="Second by IMAP", sender="ed@example.org"), mailbox.imap_folder)
    result = imap.poll_mailbox(mailbox)
    assert (result.fetched, result.processed, result.error) == (2, 2, "")
    assert set(Ticket.objects.values_list("subject", flat=True)) == {
        "First by IMAP",
        "Second by IMAP",
    }
    assert all(imap.DONE_FLAG.encode() in f for f in server.flags(mailbox.imap_folder))
    assert imap.poll_mailbox(mailbox).fetched == 0  # nothing new


def test_a_worker_dying_before_commit_leaves_the_message_to_be_fetched_again(
    server: dovecot.Imap, mailbox: Mailbox, monkeypatch: Any
) -> None:
    server.append(build(subject="Survives a crash"), mailbox.imap_folder)

    def die(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt  # the process is killed while handling the message

    monkeypatch.setattr(imap, "receive_email", die)
    with pytest.raises(KeyboardInterrupt):
        imap.poll_mailbox(mailbox)
    assert not any(imap.DONE_FLAG.encode() in f for f in server.flags(mailbox.imap_folder))
    monkeypatch.undo()
    monkeypatch.setenv("GOODWILL_TEST_IMAP_PASSWORD", server.password)
    assert imap.poll_mailbox(mailbox).processed == 1
    assert Ticket.objects.filter(subject="Survives a crash").count() == 1


def test_a_worker_dying_after_commit_does_not_process_twice(
    server: dovecot.Imap, mailbox: Mailbox, monkeypatch: Any
) -> None:
    server.append(build(subject="Exactly once"), mailbox.imap_folder)

    def die_before_flagging(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(imap, "_mark_done", die_before_flagging)
    with pytest.raises(KeyboardInterrupt):
        imap.poll_mailbox(mailbox)
    assert Ticket.objects.filter(subject="Exactly once").count() == 1
    monkeypatch.undo()
    monkeypatch.setenv("GOODWILL_TEST_IMAP_PASSWORD", server.password)
    imap.poll_mailbox(mailbox)
    assert Ticket.objects.filter(subject="Exactly once").count() == 1
    assert InboundEmail.objects.count() == 1
    assert all(imap.DONE_FLAG.encode() in f for f in server.flags(mailbox.imap_folder))


def test_processed_mail_can_be_moved_to_a_folder(server: dovecot.Imap, mailbox: Mailbox) -> None:
    server.create(f"{mailbox.imap_folder}-done")
    mailbox.imap_processed_folder = f"{mailbox.imap_folder}-done"
    mailbox.save()
    server.append(build(subject="Move me"), mailbox.imap_folder)
    imap.poll_mailbox(mailbox)
    assert server.flags(mailbox.imap_folder) == []
    assert len(server.flags(f"{mailbox.imap_folder}-done")) == 1


def test_a_wrong_password_is_recorded_on_the_mailbox(
    server: dovecot.Imap, mailbox: Mailbox, monkeypatch: Any
) -> None:
    monkeypatch.setenv("GOODWILL_TEST_IMAP_PASSWORD", "wrong")
    result = imap.poll_mailbox(mailbox)
    assert result.error.startswith("Could not sign in")
    mailbox.refresh_from_db()
    assert mailbox.imap_last_error == result.error
    assert mailbox.imap_last_polled_at is not None
