"""A real poller process killed mid-message: after a restart the message is processed once.

The poller runs in child processes against a scratch database (jobs.tests.scratch) and a
real Dovecot; the first child SIGKILLs itself at the point under test.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from intake.tests import dovecot
from intake.tests.harness import PASSWORD_ENV
from intake.tests.mail import build
from jobs.tests.scratch import ScratchDB, scratch_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not dovecot.available(), reason="dovecot-imapd not installed"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[dovecot.Imap]:
    with dovecot.dovecot() as imap_server:
        yield imap_server


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScratchDB]:
    with scratch_database(tmp_path_factory, "goodwill_imap") as db:
        yield db


def _poll(db: ScratchDB, server: dovecot.Imap, *args: str) -> tuple[int, str]:
    done = db.run("-m", "intake.tests.harness", "poll", *args, env={PASSWORD_ENV: server.password})
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("die_at", ["processing", "flagging"])
def test_a_poller_killed_mid_message_processes_it_exactly_once_after_restart(
    scratch: ScratchDB, server: dovecot.Imap, die_at: str
) -> None:
    folder = f"killed-{die_at}"
    server.create(folder)
    scratch.python(
        "-m", "intake.tests.harness", "mailbox", server.host, str(server.port), server.user, folder
    )
    server.append(build(subject=f"Killed while {die_at}", sender="kim@example.com"), folder)

    code, output = _poll(scratch, server, "--die-at", die_at)
    assert code == -signal.SIGKILL, output
    stored = scratch.rows("SELECT status FROM intake_inboundemail")
    tickets = scratch.rows("SELECT COUNT(*) FROM tickets_ticket")[0][0]
    if die_at == "processing":
        # The raw message was committed first; the half-written ticket change was not.
        assert stored == [("received",)]
        assert tickets == 0
        assert scratch.rows("SELECT COUNT(*) FROM customers_customer")[0][0] == 0
    else:
        assert stored == [("processed",)]
        assert tickets == 1
    assert not any(b"GoodwillDone" in f for f in server.flags(folder))

    code, output = _poll(scratch, server)
    assert code == 0, output
    assert output.split()[-1] == "1"  # the restarted poller handled the message
    assert scratch.rows("SELECT status, attempts FROM intake_inboundemail") == [("processed", 1)]
    assert scratch.rows("SELECT subject FROM tickets_ticket") == [(f"Killed while {die_at}",)]
    assert scratch.rows("SELECT COUNT(*) FROM tickets_message")[0][0] == 1
    assert scratch.rows("SELECT COUNT(*) FROM notifications_outboundemail")[0][0] == 1
    assert all(b"GoodwillDone" in f for f in server.flags(folder))

    code, output = _poll(scratch, server)
    assert (code, output.split()[-1]) == (0, "0")  # nothing left to fetch
    assert scratch.rows("SELECT COUNT(*) FROM tickets_ticket")[0][0] == 1
