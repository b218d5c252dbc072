"""IMAP polling: a thin transport in front of receive_email.

A message is flagged (or moved) only after receive_email has committed its work. If the
worker dies before that, the message is fetched again next time and receive_email's
Message-ID de-duplication makes the second delivery a no-op, so each message is
processed exactly once.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import os
from dataclasses import dataclass

from django.utils import timezone

from intake.models import Mailbox
from intake.oauth import OAuthError, access_token, discard, xoauth2
from intake.services import receive_email

log = logging.getLogger(__name__)

DONE_FLAG = "$GoodwillDone"
BATCH = 50


@dataclass
class PollResult:
    fetched: int = 0
    processed: int = 0
    error: str = ""


def _connect(mailbox: Mailbox) -> imaplib.IMAP4:
    password = os.environ.get(mailbox.imap_password_env, "") if mailbox.imap_password_env else ""
    # The token first: a refusal from the provider should not leave a connection open.
    token = access_token(mailbox) if mailbox.imap_auth == "oauth2" else ""
    conn: imaplib.IMAP4
    if mailbox.imap_security == "ssl":
        conn = imaplib.IMAP4_SSL(mailbox.imap_host, mailbox.imap_port, timeout=30)
    else:
        conn = imaplib.IMAP4(mailbox.imap_host, mailbox.imap_port, timeout=30)
        if mailbox.imap_security == "starttls":
            conn.starttls()
    if token:
        try:
            conn.authenticate("XOAUTH2", lambda _challenge: xoauth2(mailbox.imap_username, token))
        except imaplib.IMAP4.error:
            discard(mailbox)  # revoked or expired early: the next poll gets a new one
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                conn.shutdown()
            raise
    else:
        conn.login(mailbox.imap_username, password)
    return conn


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def poll_mailbox(mailbox: Mailbox, *, limit: int = BATCH) -> PollResult:
    """Fetch up to `limit` new messages, hand each to receive_email, then mark it done."""
    result = PollResult()
    try:
        conn = _connect(mailbox)
    except (OSError, imaplib.IMAP4.error, OAuthError) as error:
        result.error = f"Could not sign in to {mailbox.imap_host}: {error}"
        _record(mailbox, result)
        return result
    try:
        status, _ = conn.select(_quote(mailbox.imap_folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open folder {mailbox.imap_folder}")
        status, data = conn.uid("SEARCH", f"UNDELETED UNKEYWORD {DONE_FLAG}")
        found = data[0] if status == "OK" and isinstance(data[0], bytes) else b""
        uids = [uid.decode() for uid in found.split()[:limit]]
        for uid in uids:
            status, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = _body_of(parts) if status == "OK" else None
            if raw is None:
                continue
            result.fetched += 1
            receive_email(raw, mailbox=mailbox, transport="imap")  # commits before we mark
            result.processed += 1
            _mark_done(conn, mailbox, uid)
        if mailbox.imap_processed_folder:
            conn.expunge()
    except (OSError, imaplib.IMAP4.error) as error:
        result.error = f"IMAP error on {mailbox.imap_host}: {error}"
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            conn.logout()
    _record(mailbox, result)
    return result


def _body_of(parts: list[object]) -> bytes | None:
    for part in parts:
        if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
            return part[1]
    return None


def _mark_done(conn: imaplib.IMAP4, mailbox: Mailbox, uid: str) -> None:
    conn.uid("STORE", uid, "+FLAGS", f"({DONE_FLAG} \\Seen)")
    if mailbox.imap_processed_folder:
        status, _ = conn.uid("COPY", uid, _quote(mailbox.imap_processed_folder))
        if status == "OK":
            conn.uid("STORE", uid, "+FLAGS", "(\\Deleted)")


def _record(mailbox: Mailbox, result: PollResult) -> None:
    if result.error:
        log.warning("%s", result.error)
    Mailbox.objects.filter(pk=mailbox.pk).update(
        imap_last_polled_at=timezone.now(), imap_last_error=result.error
    )


def poll_all() -> list[PollResult]:
    return [poll_mailbox(m) for m in Mailbox.objects.filter(active=True).exclude(imap_host="")]
