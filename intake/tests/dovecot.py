"""A private Dovecot IMAP server on loopback for tests (Debian's dovecot-imapd)."""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
USER = "support@goodwill.localhost"
PASSWORD = "imap-test-pass"  # a throwaway test server's login

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/run/state
instance_name = goodwill-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login{extra_mechanisms}
first_valid_uid = 1
mail_location = maildir:{root}/home/%u/Maildir
default_internal_user = {user}
default_login_user = {user}
default_internal_group = {group}
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
{extra_passdb}userdb {{
  driver = static
  args = uid={user} gid={group} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Imap:
    host: str
    port: int
    user: str
    password: str

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        conn = imaplib.IMAP4(self.host, self.port)
        conn.login(self.user, self.password)
        conn.append(folder, None, None, raw)
        conn.logout()

    def flags(self, folder: str = "INBOX") -> list[bytes]:
        conn = imaplib.IMAP4(self.host, self.port)
        conn.login(self.user, self.password)
        _, count = conn.select(folder)
        found: list[bytes] = []
        if count and count[0] not in (b"0", None):
            _, data = conn.fetch("1:*", "(FLAGS)")
            found = [d for d in data if isinstance(d, bytes)]
        conn.logout()
        return found

    def create(self, folder: str) -> None:
        conn = imaplib.IMAP4(self.host, self.port)
        conn.login(self.user, self.password)
        conn.create(folder)
        conn.logout()


def available() -> bool:
    return Path(DOVECOT).exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Tokens are checked by POSTing them to an introspection endpoint (the tests run one).
OAUTH2_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf.ext
}}
"""
OAUTH2_CONFIG = """\
introspection_mode = post
introspection_url = {url}
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
"""


@contextmanager
def dovecot(*, oauth2_introspection_url: str | None = None) -> Iterator[Imap]:
    """A private server; with `oauth2_introspection_url` it also takes XOAUTH2 sign-ins."""
    # Not pytest's tmp_path: that is private to root, and Dovecot's helpers run as nobody.
    root = Path(tempfile.mkdtemp(prefix="goodwill-dovecot-"))
    root.chmod(0o755)
    (root / "home").mkdir(parents=True)
    (root / "run").mkdir()
    port = _free_port()
    # Dovecot will not give mail access to root, so the mail store belongs to nobody.
    user, group = ("nobody", "nogroup") if os.geteuid() == 0 else (os.environ.get("USER", ""), "")
    if os.geteuid() == 0:
        shutil.chown(root / "home", user, group)
    else:
        group = subprocess.run(["id", "-gn"], capture_output=True, text=True).stdout.strip()
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    conf = root / "dovecot.conf"
    extra_mechanisms, extra_passdb = "", ""
    if oauth2_introspection_url:
        extra_mechanisms = " xoauth2 oauthbearer"
        extra_passdb = OAUTH2_PASSDB.format(root=root)
        (root / "oauth2.conf.ext").write_text(OAUTH2_CONFIG.format(url=oauth2_introspection_url))
    conf.write_text(
        CONFIG.format(
            root=root,
            port=port,
            user=user,
            group=group,
            extra_mechanisms=extra_mechanisms,
            extra_passdb=extra_passdb,
        )
    )
    subprocess.run([DOVECOT, "-c", str(conf)], check=True)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield Imap("127.0.0.1", port, USER, PASSWORD)
    finally:
        subprocess.run([DOVECOT, "-c", str(conf), "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)
