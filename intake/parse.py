"""Framework-free parsing of inbound email into a normalised, immutable `ParsedEmail`.

`parse_email(raw)` turns the bytes of one RFC 5322 message into a `ParsedEmail`:
identifiers for threading, decoded addresses and subject, a plain-text and a
sanitised HTML body (each also without quoted history: `visible_text`,
`visible_html`), attachments with magic-byte type detection, auto-reply / bounce
classification and forwarded-message detection.

It is built on the standard library's `email` package with `policy.default`, but
every access is guarded: malformed headers fall back to `compat32` parsing,
unknown or wrong charsets are decoded leniently, broken MIME boundaries are
recovered where possible, and anything odd is recorded in `ParsedEmail.warnings`
instead of raising. `EmailParseError` is raised only for input that is not an
email at all (empty, or without a single header field).

No Django imports here: the Django layer (`intake.receive_email`) builds on this.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
import hashlib
import quopri
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy as email_policy
from email import utils as email_utils
from email.message import Message
from email.parser import BytesParser
from email.policy import EmailPolicy
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from goodwill.lib.sanitize import sanitize_html
from intake.quotes import (
    InlineForward,
    find_inline_forward,
    split_html,
    strip_quoted_text,
)

__all__ = [
    "DEFAULT_ATTACHMENT_POLICY",
    "Address",
    "Attachment",
    "AttachmentPolicy",
    "AttachmentRejection",
    "EmailParseError",
    "ForwardedMessage",
    "ParsedEmail",
    "check_attachment",
    "check_attachments",
    "decode_header_text",
    "decode_text",
    "detect_content_type",
    "parse_email",
]

GENERATED_MESSAGE_ID_DOMAIN = "goodwill.invalid"
_MAX_MIME_DEPTH = 40
_MAX_FORWARD_DEPTH = 2
_MAX_WARNINGS = 50


class EmailParseError(Exception):
    """The input is not an email message at all (empty, or no header fields).

    `reason` is a human-readable explanation suitable for logs and admin screens.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Address(NamedTuple):
    """A mailbox: display name (decoded, may be "") and lowercased addr-spec."""

    name: str
    address: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """One non-body MIME part.

    `content_type` is what the message declared (lowercased, no parameters);
    `detected_type` is what the first bytes say (see `detect_content_type`), or
    None when they match no known signature. `is_inline` is true for parts that
    the HTML body shows through a `cid:` reference (serve them for the HTML; an
    unreferenced "inline" image is just an attachment); `disposition` is the
    declared Content-Disposition ("inline", "attachment" or None) and
    `content_id` the Content-ID without angle brackets.
    `filename` is always set (decoded, path components removed; generated as
    "attachment-<n>.<ext>" when the message gave none).
    """

    filename: str
    content_type: str
    detected_type: str | None
    size: int
    content: bytes = field(repr=False)
    content_id: str | None
    is_inline: bool
    disposition: str | None

    @property
    def extension(self) -> str:
        """The lowercased file extension without the dot ("" when there is none)."""
        name = self.filename.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


@dataclass(frozen=True, slots=True)
class ForwardedMessage:
    """A message forwarded inside the one received (typically by an agent).

    `source` is "attachment" for a message/rfc822 part (then `message` holds it
    fully parsed) or "inline" for a pasted forward (Gmail's "---------- Forwarded
    message ---------", Apple Mail's "Begin forwarded message:", Outlook's
    "-----Original Message-----" under a "Fw:" subject, ...). `date` is set only
    when the forwarded date carried a time zone; `date_text` is the raw text.
    """

    source: Literal["attachment", "inline"]
    from_name: str
    from_address: str | None
    subject: str
    date: datetime | None
    date_text: str
    text: str
    visible_text: str
    message: ParsedEmail | None = field(default=None, repr=False)

    @property
    def sender(self) -> Address | None:
        """The original sender as an `Address`, or None when no address was found."""
        if not self.from_address:
            return None
        return Address(self.from_name, self.from_address)


@dataclass(frozen=True, slots=True)
class ParsedEmail:
    """A parsed inbound email. Every string is cleaned (no NULs, no surrogates).

    Identifiers: `message_id`, `in_reply_to` and `references` have no angle
    brackets; when the message had no usable Message-ID one is derived from a hash
    of the raw bytes (`<sha256>@goodwill.invalid`) and `message_id_generated` is set.

    Bodies: `text` is the text/plain body, or one rendered from the HTML body when
    there is no text/plain (`text_from_html`); `html` is the HTML body sanitised
    with `sanitize_html` (cid: images kept), or None. `visible_text` /
    `visible_html` are the same without quoted history and signatures (and without
    forwarded content: that is in `forwarded`, see `ForwardedMessage`).

    `return_path` is the Return-Path address, "" for the null sender `<>` (then
    `null_return_path` is set too), None when absent or unusable. `date` is aware
    (a zone-less date is taken as UTC) or None. `size` is the raw input's length.

    Classification: `is_auto_reply` is true for anything generated automatically
    (auto-replies, bulk/list mail, null sender, read receipts *and bounces*): never
    auto-respond to it. `is_bounce` marks delivery failure reports, with the failed
    addresses in `bounced_recipients`. `auto_reason` says why, e.g.
    "Auto-Submitted: auto-replied"; None for mail from a person.

    `warnings` lists whatever was odd about the message (charset guesses, MIME
    defects, missing headers). `headers` holds all header fields, decoded, in order.
    """

    message_id: str
    message_id_generated: bool
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    from_address: str | None
    from_name: str
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    date: datetime | None
    return_path: str | None
    null_return_path: bool
    text: str
    text_from_html: bool
    html: str | None
    visible_text: str
    visible_html: str | None
    attachments: tuple[Attachment, ...]
    is_auto_reply: bool
    is_bounce: bool
    auto_reason: str | None
    bounced_recipients: tuple[str, ...]
    forwarded: ForwardedMessage | None
    headers: tuple[tuple[str, str], ...] = field(repr=False)
    warnings: tuple[str, ...]
    size: int

    @property
    def forwarded_from(self) -> Address | None:
        """The original sender of a forwarded message, if one was detected."""
        return self.forwarded.sender if self.forwarded is not None else None

    @property
    def referenced_ids(self) -> tuple[str, ...]:
        """Message-IDs this message answers, most specific first (for threading)."""
        ids = ([self.in_reply_to] if self.in_reply_to else []) + list(reversed(self.references))
        return tuple(dict.fromkeys(ids))

    @property
    def base_subject(self) -> str:
        """The subject without leading "Re:", "Fwd:", "AW:", "WG:" ... prefixes."""
        subject = self.subject
        while True:
            stripped = _SUBJECT_PREFIX_RE.sub("", subject, count=1)
            if stripped == subject:
                return subject.strip()
            subject = stripped

    @property
    def inline_attachments(self) -> tuple[Attachment, ...]:
        """Attachments shown inside the HTML body (cid: images)."""
        return tuple(a for a in self.attachments if a.is_inline)

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), decoded; None if absent."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


_SUBJECT_PREFIX_RE = re.compile(
    r"^\s*(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|antw|ref|r|i|enc|vl|odp|doorst)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*:\s*",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------
# Charsets and text
# --------------------------------------------------------------------------------------

# WHATWG-style aliases: what mail clients mean when they say these names.
_CHARSET_ALIASES = {
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "x-user-defined": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "big5hkscs",
    "x-sjis": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "iso-8859-8-i": "iso-8859-8",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
    "x-unicode20utf8": "utf-8",
}
_UNKNOWN_CHARSETS = frozenset({"", "x-unknown", "unknown", "unknown-8bit", "8bit", "default"})
_UNSAFE_CODECS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "mbcs", "oem"}
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=256)
def _codec(declared: str | None) -> str | None:
    """A usable Python codec name for a declared charset, or None if unknown."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(name, name)
    if name in _UNKNOWN_CHARSETS or len(name) > 40:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if info.name in _UNSAFE_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


@lru_cache(maxsize=64)
def _is_single_byte(codec: str) -> bool:
    try:
        return len(bytes(range(256)).decode(codec, "replace")) == 256
    except Exception:  # any codec oddity means "not a simple 8-bit codec"
        return False


def decode_text(data: bytes, declared_charset: str | None) -> tuple[str, str | None]:
    """Decode body or header bytes leniently; return (text, warning or None).

    Known charsets are honoured (with WHATWG aliases: iso-8859-1 and us-ascii mean
    windows-1252) except that bytes declared as a single-byte charset which are
    valid UTF-8 with non-ASCII content are taken as UTF-8. Unknown charsets try
    UTF-8, then windows-1252; undecodable bytes become U+FFFD. Never raises.
    """
    if not data:
        return "", None
    codec = _codec(declared_charset)
    label = (declared_charset or "").strip().strip("\"'")[:40]
    if codec is None:
        if data.isascii():
            return data.decode("ascii"), None
        guessed, used = _guess_decode_with_codec(data)
        what = f"unknown charset {label!r}" if label else "no charset declared"
        return guessed, f"{what}; decoded as {used}"
    if data.isascii() and codec not in ("utf-7", "utf-16", "utf-32") and "2022" not in codec:
        return data.decode("ascii"), None
    if codec != "utf-8" and _is_single_byte(codec):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text, f"declared charset {label!r} but the content is UTF-8"
    with contextlib.suppress(Exception):  # UnicodeDecodeError and odd codec errors alike
        return data.decode(codec), None
    if codec == "utf-8":
        lenient = data.decode("utf-8", "replace")
        bad = lenient.count("\ufffd")
        good = sum(1 for char in lenient if ord(char) > 127 and char != "\ufffd")
        if good >= bad:
            return lenient, "invalid UTF-8 sequences replaced"
        try:
            return data.decode("cp1252"), "declared UTF-8 but the content is windows-1252"
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace"), "declared UTF-8 but the content is not"
    try:
        return data.decode("utf-8"), f"content does not match declared charset {label!r}"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(codec, "replace"), f"invalid {label!r} sequences replaced"
    except Exception:
        return _guess_decode(data), f"could not decode as {label!r}; guessed"


def _guess_decode_with_codec(data: bytes) -> tuple[str, str]:
    for codec in ("utf-8", "windows-1252"):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", "replace"), "windows-1252 (with replacements)"


def _guess_decode(data: bytes) -> str:
    return _guess_decode_with_codec(data)[0]


def _clean(text: str, *, keep_newlines: bool = True) -> str:
    """Remove NULs/control characters and lone surrogates; normalise newlines."""
    text = _SURROGATE_RE.sub("\ufffd", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    if not keep_newlines:
        text = " ".join(text.split())
    return text


def _fix_8bit(value: str) -> str:
    """Re-decode raw 8-bit header bytes (surrogate-escaped by the parser)."""
    if not _SURROGATE_RE.search(value):
        return value
    try:
        data = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", value)
    return _guess_decode(data)


# --------------------------------------------------------------------------------------
# RFC 2047 encoded words
# --------------------------------------------------------------------------------------

_ENCODED_WORD_RE = re.compile(r"=\?([^?\s]{1,60})\?([bBqQ])\?([^?\r\n]*?)\?=")
_UNTERMINATED_WORD_RE = re.compile(r"=\?([^?\s]{1,60})\?([bBqQ])\?([^?\s]*)\??$")


def _lenient_b64(data: str) -> bytes:
    cleaned = re.sub(r"[^A-Za-z0-9+/]", "", data.split("=", 1)[0] if "=" in data else data)
    if len(cleaned) % 4 == 1:
        cleaned = cleaned[:-1]
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(cleaned)
    except (binascii.Error, ValueError):
        return b""


def _decode_word(charset: str, encoding: str, payload: str) -> bytes:
    if encoding.lower() == "b":
        return _lenient_b64(payload)
    raw = payload.encode("utf-8", "surrogateescape")
    return quopri.decodestring(raw, header=True)


def decode_header_text(value: str) -> str:
    """Decode RFC 2047 encoded words in a header value, leniently.

    Adjacent encoded words are joined (whitespace between them dropped, bytes of
    the same charset concatenated so split multi-byte characters survive); bad
    base64, unknown charsets and a final unterminated word are decoded as well as
    possible. Returns the text with whitespace collapsed. Never raises.
    """
    value = _fix_8bit(value)
    pieces: list[str] = []
    pending: list[tuple[str, bytes]] = []  # consecutive encoded words

    def flush() -> None:
        charset: str | None = None
        buffer = b""
        for word_charset, chunk in pending:
            if charset is not None and word_charset != charset:
                pieces.append(decode_text(buffer, charset)[0])
                buffer = b""
            charset = word_charset
            buffer += chunk
        if charset is not None:
            pieces.append(decode_text(buffer, charset)[0])
        pending.clear()

    position = 0
    for match in _ENCODED_WORD_RE.finditer(value):
        between = value[position : match.start()]
        if between and (not pending or between.strip()):
            flush()
            pieces.append(between)
        charset = match.group(1).split("*", 1)[0].lower()
        pending.append((charset, _decode_word(charset, match.group(2), match.group(3))))
        position = match.end()
    rest = value[position:]
    tail = _UNTERMINATED_WORD_RE.search(rest)
    if tail is not None:
        if rest[: tail.start()] and (not pending or rest[: tail.start()].strip()):
            flush()
            pieces.append(rest[: tail.start()])
        charset = tail.group(1).split("*", 1)[0].lower()
        pending.append((charset, _decode_word(charset, tail.group(2), tail.group(3))))
        rest = ""
    flush()
    pieces.append(rest)
    return _clean("".join(pieces), keep_newlines=False)


# --------------------------------------------------------------------------------------
# Header access
# --------------------------------------------------------------------------------------

# Starts only at a token boundary and never backtracks: linear even on hostile input.
# The policy.default header parser is quadratic on some hostile input (runs of quotes,
# thousands of parameters): longer values go to the simpler compat32 parser.
_MODERN_HEADER_LIMIT = 4096
_ADDR_RE = re.compile(
    r"(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])"
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)+"
)
_MSGID_RE = re.compile(r"<([^<>]*)>")


def _unfold(value: str) -> str:
    return re.sub(r"[\r\n]+", " ", re.sub(r"\r?\n(?=[ \t])", "", value))


class _Headers:
    """Guarded access to the headers of one `Message`."""

    def __init__(self, message: Message, warnings: list[str]) -> None:
        self.message = message
        self.warnings = warnings
        items: list[tuple[str, str]] = []
        try:
            raw_items = list(message.raw_items())
        except Exception:
            raw_items = []
        for name, value in raw_items:
            text = value if isinstance(value, str) else str(value)
            items.append((_clean(str(name), keep_newlines=False), _fix_8bit(_unfold(text))))
        self.items = items

    def all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.items if key.lower() == wanted]

    def first(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def has(self, name: str) -> bool:
        return bool(self.all(name))

    def text(self, name: str) -> str | None:
        value = self.first(name)
        return None if value is None else decode_header_text(value)

    def decoded(self) -> tuple[tuple[str, str], ...]:
        return tuple((key, decode_header_text(value)[:10000]) for key, value in self.items)

    def addresses(self, name: str) -> list[Address]:
        result: list[Address] = []
        for value in self.all(name):
            result.extend(_parse_addresses(name, value, self.warnings))
        return result


def _parse_addresses(name: str, value: str, warnings: list[str]) -> list[Address]:
    """Parse an address-list header: policy.default first, then compat32, then regex."""
    addresses, lenient = _addresses_of(name.lower(), value)
    if lenient:
        warnings.append(f"malformed {name} header; parsed it leniently")
    return list(addresses)


@lru_cache(maxsize=4096)
def _addresses_of(name: str, value: str) -> tuple[tuple[Address, ...], bool]:
    """(addresses, whether it took the lenient parsers), once per process for each value:
    the same From and To lines come back with every message a customer sends."""
    lenient = False
    found: list[Address] = []
    if len(value) <= _MODERN_HEADER_LIMIT:
        try:
            header = email_policy.default.header_factory(name, value)
            for address in getattr(header, "addresses", ()):
                found.append(Address(address.display_name or "", address.addr_spec or ""))
        except Exception:  # the modern header parser raises on some garbage
            found = []
    if not any("@" in a.address for a in found) and "@" in value:
        try:
            pairs = email_utils.getaddresses([value], strict=False)
        except Exception:
            pairs = []
        found = [Address(n, a) for n, a in pairs]
        if not any("@" in a.address for a in found):
            found = [Address("", match) for match in _ADDR_RE.findall(value)]
        lenient = True
    comment = re.fullmatch(r"[^()]*\(([^()]+)\)\s*", value)
    if comment is not None and len(found) == 1 and not found[0].name:
        found = [Address(comment.group(1).strip(), found[0].address)]
    result: list[Address] = []
    for display, address in found:
        address = _clean(address, keep_newlines=False).strip().strip("<>").lower()
        if "@" not in address or " " in address:
            match = _ADDR_RE.search(address)
            if match is None:
                continue
            address = match.group(0).lower()
        display = _clean_display_name(display, address)
        result.append(Address(display, address))
    return tuple(result), lenient


def _clean_display_name(display: str, address: str) -> str:
    if "=?" in display:
        display = decode_header_text(display)
    display = _clean(display, keep_newlines=False).strip().strip("\"'").strip()
    if display.lower() in (address, f"<{address}>"):
        return ""
    return display


def _message_ids(value: str | None) -> list[str]:
    if not value:
        return []
    ids = [
        "".join(_clean(found, keep_newlines=False).split()) for found in _MSGID_RE.findall(value)
    ]
    ids = [found for found in ids if found]
    if not ids:
        tokens = re.split(r"[\s,]+", _clean(value, keep_newlines=False))
        ids = [token.strip("<>") for token in tokens if "@" in token]
    return list(dict.fromkeys(found[:998] for found in ids if found))


def _parse_date(value: str | None, warnings: list[str]) -> datetime | None:
    if value is None:
        warnings.append("missing Date header")
        return None
    cleaned = re.sub(r"\([^()]*\)", " ", value).strip()
    for candidate in (value, cleaned):
        try:
            parsed = email_utils.parsedate_to_datetime(candidate)
        except Exception:  # noqa: S112 - ValueError, TypeError, IndexError, OverflowError
            continue
        if parsed is None:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    warnings.append(f"unparseable Date header {value[:60]!r}")
    return None


# --------------------------------------------------------------------------------------
# MIME parts
# --------------------------------------------------------------------------------------

_COMPAT_POLICY = email_policy.compat32


class _GuardedPolicy(EmailPolicy):
    """policy.default whose header objects can neither raise nor take quadratic time.

    The `email` package itself reads headers while parsing (Content-Type for the
    MIME structure). Absurdly long values are cut before the modern parser sees
    them, and a value it cannot parse falls back to compat32 (a plain string,
    which the Message API accepts as well).
    """

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if len(value) > _MODERN_HEADER_LIMIT:
            value = value[:_MODERN_HEADER_LIMIT]
        if name.lower() in _REREAD_HEADERS:
            return _fetch_shared(self, name, value)
        return self._fetch(name, value)

    def _fetch(self, name: str, value: str) -> Any:
        try:
            return super().header_fetch_parse(name, value)
        except Exception:
            return _COMPAT_POLICY.header_fetch_parse(name, value)


# The email package reads these again and again while it walks a message, and nearly all
# mail carries one of a few dozen values: parse each value once per process. The header
# objects are immutable strings, safe to share between messages.
_REREAD_HEADERS = frozenset(
    {"content-type", "content-disposition", "content-transfer-encoding", "mime-version"}
)


@lru_cache(maxsize=1024)
def _fetch_shared(policy: _GuardedPolicy, name: str, value: str) -> Any:
    return policy._fetch(name, value)


_POLICY = _GuardedPolicy()
_MIME_TYPE_RE = re.compile(r"^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$")


def _raw_header(part: Message, name: str) -> str | None:
    wanted = name.lower()
    try:
        for key, value in part.raw_items():
            if str(key).lower() == wanted:
                return _fix_8bit(_unfold(str(value)))
    except Exception:
        return None
    return None


def _header_params(part: Message, header: str) -> tuple[str | None, dict[str, str]]:
    """(main value, parameters) of a Content-Type/-Disposition header, memoised per part.

    Parsed with policy.default (RFC 2231 continuations and charsets handled); on
    any error the header is re-parsed with compat32.
    """
    memo: dict[str, tuple[str | None, dict[str, str]]] = vars(part).setdefault(
        "_intake_header_params", {}
    )
    if header in memo:
        return memo[header]
    raw = _raw_header(part, header)
    result: tuple[str | None, dict[str, str]] = (None, {})
    if raw is not None and len(raw) > _MODERN_HEADER_LIMIT:
        result = (raw.split(";", 1)[0].strip() or None, _compat_params(raw, header))
    elif raw is not None:
        value, params = _parse_params(header, raw)
        result = (value, dict(params))
    memo[header] = result
    return result


@lru_cache(maxsize=1024)
def _parse_params(header: str, raw: str) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """Parse one header value, once per process (most mail repeats a few dozen values)."""
    try:
        parsed = email_policy.default.header_factory(header, raw)
        if header == "content-type":
            value = f"{parsed.maintype}/{parsed.subtype}"
        else:
            value = parsed.content_disposition
        params = {str(key).lower(): _fix_8bit(str(item)) for key, item in parsed.params.items()}
    except Exception:
        return raw.split(";", 1)[0].strip() or None, tuple(_compat_params(raw, header).items())
    return value, tuple(params.items())


def _compat_params(raw: str, header: str) -> dict[str, str]:
    shadow = Message(policy=_COMPAT_POLICY)
    params: dict[str, str] = {}
    try:
        shadow[header] = raw
        for key, value in (shadow.get_params(header=header) or [])[1:]:
            text = email_utils.collapse_rfc2231_value(value)
            params[str(key).lower()] = _fix_8bit(str(text))
    except Exception:
        return params
    return params


def _content_type(part: Message) -> str:
    value, _ = _header_params(part, "content-type")
    if value is None:
        try:
            value = part.get_default_type()
        except Exception:
            value = "text/plain"
    ctype = value.strip().lower()
    return ctype if _MIME_TYPE_RE.match(ctype) else "text/plain"


def _param(part: Message, name: str, header: str = "content-type") -> str | None:
    return _header_params(part, header)[1].get(name)


def _filename(part: Message) -> str | None:
    raw = _param(part, "filename", "content-disposition") or _param(part, "name")
    if raw is None:
        return None
    name = decode_header_text(raw)
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip().strip("\"'").strip()
    name = name.lstrip(".").strip()
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[:180]}.{ext[:15]}" if dot and len(ext) <= 15 else name[:200]
    return name or None


def _disposition(part: Message) -> str | None:
    value, _ = _header_params(part, "content-disposition")
    token = (value or "").strip().lower()
    return token or None


def _content_id(part: Message) -> str | None:
    raw = _raw_header(part, "content-id")
    if raw is None:
        return None
    ids = _message_ids(raw)
    if ids:
        return ids[0]
    token = "".join(_clean(raw, keep_newlines=False).split()).strip("<>")
    return token or None


def _transfer_encoding(part: Message) -> str:
    raw = _raw_header(part, "content-transfer-encoding") or ""
    return raw.strip().split(";", 1)[0].strip().strip("\"'").lower()


def _payload_bytes(part: Message, warnings: list[str]) -> bytes:
    """The decoded payload of a leaf part, forgiving broken base64/quoted-printable."""
    payload = getattr(part, "_payload", None)
    if isinstance(payload, list):
        return b""
    if isinstance(payload, bytes):
        data = payload
    else:
        text = "" if payload is None else str(payload)
        try:
            data = text.encode("ascii", "surrogateescape")
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogateescape")
    encoding = _transfer_encoding(part)
    if encoding == "base64":
        return _decode_base64_body(data, warnings)
    if encoding == "quoted-printable":
        try:
            return quopri.decodestring(data)
        except Exception:
            warnings.append("undecodable quoted-printable body kept as is")
            return data
    if encoding in ("x-uuencode", "uuencode", "uue", "x-uue"):
        try:
            decoded = part.get_payload(decode=True)
        except Exception:
            decoded = None
        return decoded if isinstance(decoded, bytes) else data
    if encoding not in ("", "7bit", "8bit", "binary"):
        warnings.append(f"unknown Content-Transfer-Encoding {encoding[:30]!r}; used as is")
    return data


def _decode_base64_body(data: bytes, warnings: list[str]) -> bytes:
    compact = b"".join(data.split())
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        pass
    lines = [line.strip() for line in data.splitlines() if line.strip()]
    if len(lines) > 1 and any(line.endswith(b"=") for line in lines[:-1]):
        try:
            return b"".join(base64.b64decode(line, validate=True) for line in lines)
        except (binascii.Error, ValueError):
            pass
    cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", compact.split(b"=", 1)[0])
    if len(cleaned) % 4 == 1:
        cleaned = cleaned[:-1]
    warnings.append("invalid base64 data in a body part; decoded what could be decoded")
    try:
        return base64.b64decode(cleaned + b"=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        return b""


def _unflow(text: str, delsp: bool) -> str:
    """Undo RFC 3676 format=flowed soft line breaks."""
    result: list[str] = []
    current: str | None = None
    current_depth = 0

    def prefix(depth: int) -> str:
        return ">" * depth + (" " if depth else "")

    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]
        if current is not None and depth != current_depth:
            result.append(prefix(current_depth) + current)
            current = None
        if current is None:
            current, current_depth = "", depth
        if content.endswith(" ") and content != "-- ":
            current += content[:-1] if delsp else content
        else:
            result.append(prefix(depth) + current + content)
            current = None
    if current is not None:
        result.append(prefix(current_depth) + current)
    return "\n".join(result)


_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I
)


@dataclass
class _RawAttachment:
    filename: str | None
    content_type: str
    content: bytes
    content_id: str | None
    disposition: str | None


@dataclass
class _Walk:
    warnings: list[str]
    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[_RawAttachment] = field(default_factory=list)
    dsn_blocks: list[list[tuple[str, str]]] = field(default_factory=list)
    dsn_seen: bool = False
    mdn_seen: bool = False
    messages: list[Message] = field(default_factory=list)


def _decode_leaf_text(part: Message, ctype: str, walk: _Walk) -> str:
    data = _payload_bytes(part, walk.warnings)
    charset = _param(part, "charset")
    if charset is None and ctype == "text/html":
        match = _META_CHARSET_RE.search(data[:4096])
        if match is not None:
            charset = match.group(1).decode("ascii", "replace")
    text, warning = decode_text(data, charset)
    if warning:
        walk.warnings.append(f"{ctype} part: {warning}")
    text = _clean(text)
    if ctype == "text/plain" and (_param(part, "format") or "").lower() == "flowed":
        text = _unflow(text, (_param(part, "delsp") or "").lower() == "yes")
    return text


def _walk_part(part: Message, walk: _Walk, depth: int) -> tuple[list[str], list[str]]:
    """Collect the bodies (texts, htmls) of `part`; attachments go to `walk`."""
    _note_defects(part, walk.warnings)
    if depth > _MAX_MIME_DEPTH:
        walk.warnings.append("MIME structure nested too deeply; ignored the deepest parts")
        return [], []
    ctype = _content_type(part)
    maintype = ctype.split("/", 1)[0]
    payload = getattr(part, "_payload", None)
    is_multipart = isinstance(payload, list)

    if ctype == "message/delivery-status":
        walk.dsn_seen = True
        walk.dsn_blocks.extend(_dsn_blocks(part, walk.warnings))
        return [], []
    if maintype == "message" and ctype not in ("message/disposition-notification",):
        _collect_message_part(part, ctype, walk)
        return [], []
    if ctype == "message/disposition-notification":
        walk.mdn_seen = True
        return [], []

    if maintype == "multipart":
        if not is_multipart:
            recovered = _recover_multipart(part, ctype, walk.warnings)
            if recovered is None:
                walk.warnings.append(f"{ctype} part without usable boundary; read it as text")
                text = _decode_leaf_text(part, "text/plain", walk)
                return ([text] if text.strip() else []), []
            part = recovered
            payload = getattr(part, "_payload", None)
        children = [child for child in payload or [] if isinstance(child, Message)]
        if ctype == "multipart/alternative":
            texts: list[str] = []
            htmls: list[str] = []
            for child in children:
                child_texts, child_htmls = _walk_part(child, walk, depth + 1)
                if any(t.strip() for t in child_texts):
                    texts = child_texts
                if any(h.strip() for h in child_htmls):
                    htmls = child_htmls
            return texts, htmls
        texts, htmls = [], []
        for child in children:
            child_texts, child_htmls = _walk_part(child, walk, depth + 1)
            texts.extend(child_texts)
            htmls.extend(child_htmls)
        return texts, htmls

    if is_multipart:  # e.g. a non-multipart type the parser still split
        texts, htmls = [], []
        for child in payload or []:
            if isinstance(child, Message):
                child_texts, child_htmls = _walk_part(child, walk, depth + 1)
                texts.extend(child_texts)
                htmls.extend(child_htmls)
        return texts, htmls

    disposition = _disposition(part)
    filename = _filename(part)
    if ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename:
        text = _decode_leaf_text(part, ctype, walk)
        return ([text], []) if ctype == "text/plain" else ([], [text])
    walk.attachments.append(
        _RawAttachment(
            filename=filename,
            content_type=ctype,
            content=_payload_bytes(part, walk.warnings),
            content_id=_content_id(part),
            disposition=disposition,
        )
    )
    return [], []


def _collect_message_part(part: Message, ctype: str, walk: _Walk) -> None:
    payload = getattr(part, "_payload", None)
    inner = payload[0] if isinstance(payload, list) and payload else None
    content = b""
    if isinstance(inner, Message):
        content = _message_bytes(inner)
        if ctype in ("message/rfc822", "message/global"):
            walk.messages.append(inner)
    else:
        content = _payload_bytes(part, walk.warnings)
    filename = _filename(part)
    if filename is None and isinstance(inner, Message):
        subject = decode_header_text(_raw_header(inner, "subject") or "")
        subject = re.sub(r"[^\w\s.,()\[\]#&+-]", "", subject).strip()[:80]
        filename = f"{subject or 'forwarded message'}.eml"
    walk.attachments.append(
        _RawAttachment(
            filename=filename,
            content_type=ctype,
            content=content,
            content_id=_content_id(part),
            disposition=_disposition(part),
        )
    )


def _message_bytes(message: Message) -> bytes:
    for attempt in (
        lambda: message.as_bytes(policy=_COMPAT_POLICY),
        lambda: message.as_bytes(),
        lambda: message.as_string(policy=_COMPAT_POLICY).encode("utf-8", "surrogateescape"),
    ):
        try:
            return attempt()
        except Exception:  # noqa: S112 - try the next serialisation
            continue
    return b""


def _recover_multipart(part: Message, ctype: str, warnings: list[str]) -> Message | None:
    """Re-parse a multipart whose declared boundary is missing or wrong."""
    data = _payload_bytes(part, [])
    counts: dict[bytes, int] = {}
    lines = data.splitlines()
    for index, line in enumerate(lines[:-1]):
        match = re.match(rb"^--([!-~]{1,200}?)\s*$", line)
        if match and re.match(rb"(?i)^content-", lines[index + 1]):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    candidates = [b for b in counts if b'"' not in b and b"\\" not in b]
    if not candidates:
        return None
    boundary = max(candidates, key=lambda b: counts[b])
    header = b'Content-Type: %s; boundary="%s"\n\n' % (ctype.encode("ascii"), boundary)
    try:
        recovered = BytesParser(policy=_POLICY).parsebytes(header + data)
    except Exception:
        return None
    if not isinstance(getattr(recovered, "_payload", None), list):
        return None
    warnings.append(f"{ctype} boundary did not match the body; recovered the parts")
    return recovered


def _note_defects(part: Message, warnings: list[str]) -> None:
    for defect in getattr(part, "defects", ()) or ():
        name = type(defect).__name__
        warnings.append(f"MIME defect: {name}")


# --------------------------------------------------------------------------------------
# Bounces and auto-replies
# --------------------------------------------------------------------------------------

_FIELD_RE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$")


def _dsn_blocks(part: Message, warnings: list[str]) -> list[list[tuple[str, str]]]:
    payload = getattr(part, "_payload", None)
    blocks: list[list[tuple[str, str]]] = []
    if isinstance(payload, list):
        for block in payload:
            if isinstance(block, Message):
                items = [(str(k), _fix_8bit(_unfold(str(v)))) for k, v in block.raw_items()]
                blocks.append(items)
        if any(blocks):
            return blocks
    text, _ = decode_text(_payload_bytes(part, warnings), _param(part, "charset"))
    current: list[tuple[str, str]] = []
    for line in _clean(text).split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        match = _FIELD_RE.match(line)
        if match:
            current.append((match.group(1), match.group(2).strip()))
        elif current and line[:1] in (" ", "\t"):
            key, value = current[-1]
            current[-1] = (key, f"{value} {line.strip()}")
    if current:
        blocks.append(current)
    return blocks


def _dsn_failed_recipients(blocks: list[list[tuple[str, str]]]) -> list[str]:
    failed: list[str] = []
    for block in blocks:
        fields = {key.lower(): value for key, value in block}
        recipient = fields.get("final-recipient") or fields.get("original-recipient")
        if not recipient:
            continue
        action = fields.get("action", "").strip().lower()
        status = fields.get("status", "").strip()
        if action == "failed" or (not action and status.startswith("5")):
            address = recipient.split(";", 1)[-1].strip().strip("<>").lower()
            match = _ADDR_RE.search(address)
            if match:
                failed.append(match.group(0).lower())
    return failed


_BOUNCE_SUBJECT_RE = re.compile(
    r"undeliver|undelivered|delivery (?:status notification|failure|has failed)|"
    r"returned mail|mail delivery failed|failure notice|delivery failed|"
    r"non[- ]?delivery|nicht zustellbar|unzustellbar|non remis|"
    r"message not delivered|could not be delivered",
    re.IGNORECASE,
)
_BOUNCE_BODY_CUT_RE = re.compile(
    r"^(?:-{2,}\s*(?:below this line is a copy of the message|this is a copy of the message|"
    r"original message|the original message|message header follows)|"
    r"--- Below this line)",
    re.IGNORECASE | re.MULTILINE,
)
_BOUNCE_RECIPIENT_RES = (
    re.compile(r"^<([^<>\s]+@[^<>\s]+)>:", re.MULTILINE),  # qmail, Postfix
    re.compile(r"^\s{2,}([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)\s*$", re.MULTILINE),  # Exim
    re.compile(r"wasn't delivered to\s+<?([^\s<>]+@[^\s<>]+?)>?\s+because", re.I),  # Gmail
    re.compile(r"^Final-Recipient:\s*rfc822;\s*<?([^\s<>]+@[^\s<>]+)>?", re.I | re.M),
)
_AUTO_SUBJECT_RE = re.compile(
    r"^\s*(?:automatic reply|auto[- ]?reply|auto[- ]?response|out of (?:the )?office|"
    r"automatische antwort|abwesenheitsnotiz|réponse automatique|respuesta automática|"
    r"risposta automatica|automatisch antwoord|autosvar|fraværsmelding|poza biurem)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Classification:
    is_auto_reply: bool
    is_bounce: bool
    reason: str | None
    bounced: tuple[str, ...]


def _classify(
    headers: _Headers,
    top_type: str,
    report_type: str,
    walk: _Walk,
    from_address: str | None,
    subject: str,
    text: str,
    null_return_path: bool,
) -> _Classification:
    raw_from = (headers.first("from") or "").lower()
    local = (from_address or "").split("@", 1)[0]
    failed_header = headers.first("x-failed-recipients")

    bounce_reason: str | None = None
    if top_type == "multipart/report" and report_type == "delivery-status":
        bounce_reason = "bounce: multipart/report delivery status notification"
    elif walk.dsn_seen:
        bounce_reason = "bounce: message/delivery-status part"
    elif "mailer-daemon" in raw_from or local == "mailer-daemon":
        bounce_reason = "bounce: sent by MAILER-DAEMON"
    elif failed_header:
        bounce_reason = "bounce: X-Failed-Recipients header"
    elif local == "postmaster" and _BOUNCE_SUBJECT_RE.search(subject):
        bounce_reason = "bounce: delivery failure report from postmaster"

    if bounce_reason is not None:
        bounced = _dsn_failed_recipients(walk.dsn_blocks)
        if failed_header:
            bounced.extend(a.lower() for a in _ADDR_RE.findall(failed_header))
        if not bounced:
            head = _BOUNCE_BODY_CUT_RE.split(text, maxsplit=1)[0]
            for pattern in _BOUNCE_RECIPIENT_RES:
                bounced.extend(found.lower() for found in pattern.findall(head))
        return _Classification(True, True, bounce_reason, tuple(dict.fromkeys(bounced)))

    reason = _auto_reply_reason(headers, top_type, report_type, walk, subject, null_return_path)
    if reason is not None:
        reason = _clean(reason, keep_newlines=False)
    return _Classification(reason is not None, False, reason, ())


def _auto_reply_reason(
    headers: _Headers,
    top_type: str,
    report_type: str,
    walk: _Walk,
    subject: str,
    null_return_path: bool,
) -> str | None:
    auto_submitted = (headers.first("auto-submitted") or "").split(";", 1)[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted[:40]}"
    for name in ("x-autoreply", "x-autorespond", "x-autogenerated", "x-autoreply-from"):
        value = headers.first(name)
        if value is not None and value.strip().lower() not in ("no", "false", "0"):
            canonical = {"x-autoreply": "X-Autoreply", "x-autorespond": "X-Autorespond"}.get(
                name, name.title()
            )
            return f"{canonical}: {value.strip()[:40]}".rstrip(": ")
    suppress = headers.first("x-auto-response-suppress") or ""
    if re.search(r"\b(?:all|oof|autoreply)\b", suppress, re.IGNORECASE):
        return f"X-Auto-Response-Suppress: {suppress.strip()[:40]}"
    precedence = (headers.first("precedence") or "").strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply", "auto-reply"):
        return f"Precedence: {precedence}"
    list_id = headers.text("list-id")
    if list_id is not None:
        bracketed = re.search(r"<[^<>]{1,200}>", list_id)
        return f"List-Id: {bracketed.group(0) if bracketed else list_id.strip()[:80]}".rstrip(": ")
    if null_return_path:
        return "Return-Path: <> (null sender)"
    if (top_type == "multipart/report" and report_type == "disposition-notification") or (
        walk.mdn_seen
    ):
        return "read receipt (message disposition notification)"
    if _AUTO_SUBJECT_RE.match(subject):
        return "subject looks like an automatic reply"
    return None


# --------------------------------------------------------------------------------------
# Attachments: detection and policy
# --------------------------------------------------------------------------------------

_EXECUTABLE_TYPES = frozenset(
    {
        "application/x-msdownload",
        "application/x-dosexec",
        "application/x-msdos-program",
        "application/vnd.microsoft.portable-executable",
        "application/x-executable",
        "application/x-elf",
        "application/x-mach-binary",
        "application/x-ms-installer",
        "application/x-msi",
        "application/x-sh",
        "application/x-csh",
        "application/x-bat",
        "application/hta",
        "application/x-ms-shortcut",
        "application/java-archive",
        "application/x-java-archive",
        "application/javascript",
        "application/x-javascript",
        "text/javascript",
        "application/x-vbscript",
        "text/vbscript",
        "application/x-powershell",
    }
)
DEFAULT_BLOCKED_EXTENSIONS = frozenset(
    {
        "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "mst", "cpl", "dll", "sys",
        "drv", "ocx", "js", "jse", "vbs", "vbe", "wsf", "wsh", "wsc", "hta", "ps1", "psm1",
        "psd1", "lnk", "jar", "reg", "inf", "scf", "gadget", "application", "appref-ms",
        "appx", "appxbundle", "msix", "msixbundle", "sh", "iso", "img", "vhd", "vhdx",
    }
)  # fmt: skip
_ZIP_BASED = (
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
    "application/vnd.ms-excel.sheet.macroenabled",
    "application/vnd.ms-word.document.macroenabled",
    "application/vnd.ms-powerpoint.presentation.macroenabled",
    "application/epub+zip",
    "application/vnd.android.package-archive",
    "application/vnd.apple.",
    "application/vnd.google-earth.kmz",
    "application/x-xpinstall",
)
_FAMILIES: dict[str, frozenset[str]] = {
    "application/pdf": frozenset(
        {"application/pdf", "application/x-pdf", "application/acrobat", "text/pdf"}
    ),
    "image/png": frozenset({"image/png", "image/x-png", "image/apng"}),
    "image/jpeg": frozenset({"image/jpeg", "image/jpg", "image/pjpeg"}),
    "image/gif": frozenset({"image/gif"}),
    "application/zip": frozenset(
        {"application/zip", "application/x-zip-compressed", "application/x-zip",
         "application/zip-compressed", "multipart/x-zip"}
    ),
}  # fmt: skip
_EXTENSION_FAMILY = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "jpe": "image/jpeg",
    "gif": "image/gif",
    "zip": "application/zip",
    "docx": "application/zip",
    "xlsx": "application/zip",
    "pptx": "application/zip",
    "odt": "application/zip",
    "ods": "application/zip",
    "odp": "application/zip",
    "epub": "application/zip",
}
_TYPE_NAMES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "application/zip": "ZIP archive",
    "application/x-msdownload": "Windows executable",
    "application/x-executable": "ELF executable",
    "application/x-mach-binary": "Mach-O executable",
    "application/x-ole-storage": "OLE2 (legacy Office/MSI) file",
    "application/vnd.rar": "RAR archive",
    "application/x-7z-compressed": "7-Zip archive",
    "application/gzip": "gzip archive",
    "image/webp": "WebP image",
    "image/bmp": "BMP image",
    "image/tiff": "TIFF image",
}
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "text/plain": ".txt",
    "text/html": ".html",
    "text/calendar": ".ics",
    "text/csv": ".csv",
    "message/rfc822": ".eml",
    "application/zip": ".zip",
    "application/pkcs7-signature": ".p7s",
    "application/x-pkcs7-signature": ".p7s",
    "text/rfc822-headers": ".txt",
}


def detect_content_type(data: bytes) -> str | None:
    """Identify common file types by their magic bytes; None when unrecognised.

    Recognises PDF, PNG, JPEG, GIF, ZIP (and so OOXML/ODF), Windows (MZ), ELF and
    Mach-O executables, OLE2 compound files, RAR, 7-Zip, gzip, WebP, BMP and TIFF.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "application/pdf"
    signatures: tuple[tuple[bytes, str], ...] = (
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"PK\x03\x04", "application/zip"),
        (b"PK\x05\x06", "application/zip"),
        (b"PK\x07\x08", "application/zip"),
        (b"MZ", "application/x-msdownload"),
        (b"\x7fELF", "application/x-executable"),
        (b"\xcf\xfa\xed\xfe", "application/x-mach-binary"),
        (b"\xce\xfa\xed\xfe", "application/x-mach-binary"),
        (b"\xfe\xed\xfa\xcf", "application/x-mach-binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
        (b"Rar!\x1a\x07", "application/vnd.rar"),
        (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
        (b"\x1f\x8b", "application/gzip"),
        (b"II*\x00", "image/tiff"),
        (b"MM\x00*", "image/tiff"),
    )
    for magic, ctype in signatures:
        if head.startswith(magic):
            return ctype
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"BM") and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
        return "image/bmp"
    return None


@dataclass(frozen=True, slots=True)
class AttachmentPolicy:
    """What attachments are acceptable.

    `allowed_types` (None = anything not blocked) takes exact types and "image/*"
    style wildcards and is matched against the declared type (or the detected type
    when the declaration is application/octet-stream).
    """

    max_size: int = 25 * 1024 * 1024
    allowed_types: frozenset[str] | None = None
    blocked_types: frozenset[str] = _EXECUTABLE_TYPES
    blocked_extensions: frozenset[str] = DEFAULT_BLOCKED_EXTENSIONS
    check_type_mismatch: bool = True


DEFAULT_ATTACHMENT_POLICY = AttachmentPolicy()


@dataclass(frozen=True, slots=True)
class AttachmentRejection:
    """An attachment that failed the policy, with human-readable reasons."""

    attachment: Attachment
    reasons: tuple[str, ...]


def _family(ctype: str | None) -> str | None:
    if ctype is None:
        return None
    for key, members in _FAMILIES.items():
        if ctype in members:
            return key
    if ctype.startswith(_ZIP_BASED) or ctype in ("application/java-archive",):
        return "application/zip"
    return None


def _describe(ctype: str) -> str:
    return _TYPE_NAMES.get(ctype, ctype)


def _format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _type_allowed(ctype: str, allowed: frozenset[str]) -> bool:
    return any(
        ctype == pattern or (pattern.endswith("/*") and ctype.startswith(pattern[:-1]))
        for pattern in allowed
    )


def check_attachment(
    attachment: Attachment, policy: AttachmentPolicy = DEFAULT_ATTACHMENT_POLICY
) -> list[str]:
    """Return the reasons `attachment` must be rejected under `policy` ([] = acceptable).

    Checks the size limit, blocked (executable) types and file extensions,
    executable content (MZ/ELF/Mach-O magic bytes) whatever the declaration, a
    declared type or file extension that contradicts the magic bytes for PDF, PNG,
    JPEG, GIF and ZIP, and the allowed-type list.
    """
    reasons: list[str] = []
    declared = attachment.content_type
    detected = attachment.detected_type
    extension = attachment.extension
    if attachment.size > policy.max_size:
        reasons.append(
            f"too large: {_format_size(attachment.size)} exceeds the "
            f"{_format_size(policy.max_size)} limit"
        )
    if declared in policy.blocked_types:
        reasons.append(f"blocked file type {declared}")
    if extension in policy.blocked_extensions:
        reasons.append(f"blocked file extension .{extension}")
    if detected in _EXECUTABLE_TYPES and detected in policy.blocked_types:
        if declared not in _EXECUTABLE_TYPES:
            reasons.append(f"content is a {_describe(detected)} but declared as {declared}")
        else:
            reasons.append(f"executable content ({_describe(detected)})")
    elif policy.check_type_mismatch and attachment.size:
        for label, claimed in (
            (f"declared as {declared}", _family(declared)),
            (f"file name {attachment.filename!r}", _EXTENSION_FAMILY.get(extension)),
        ):
            if claimed is None or _family(detected) == claimed:
                continue
            if detected is None:
                reasons.append(f"{label} but the content is not a {_describe(claimed)}")
            else:
                reasons.append(f"{label} but the content is a {_describe(detected)}")
    if policy.allowed_types is not None:
        effective = declared
        if declared == "application/octet-stream" and detected is not None:
            effective = detected
        if not _type_allowed(effective, policy.allowed_types):
            reasons.append(f"file type {effective} is not allowed")
    return list(dict.fromkeys(reasons))


def check_attachments(
    attachments: Iterable[Attachment], policy: AttachmentPolicy = DEFAULT_ATTACHMENT_POLICY
) -> list[AttachmentRejection]:
    """Check every attachment; return the rejected ones with their reasons, in order."""
    rejected: list[AttachmentRejection] = []
    for attachment in attachments:
        reasons = check_attachment(attachment, policy)
        if reasons:
            rejected.append(AttachmentRejection(attachment, tuple(reasons)))
    return rejected


def _finish_attachments(raw: Sequence[_RawAttachment], html: str) -> tuple[Attachment, ...]:
    lowered = html.lower()
    result: list[Attachment] = []
    for number, item in enumerate(raw, start=1):
        filename = (
            item.filename or f"attachment-{number}{_EXTENSIONS.get(item.content_type, '.bin')}"
        )
        referenced = bool(item.content_id) and f"cid:{item.content_id}".lower() in lowered
        result.append(
            Attachment(
                filename=_clean(filename, keep_newlines=False),
                content_type=item.content_type,
                detected_type=detect_content_type(item.content),
                size=len(item.content),
                content=item.content,
                content_id=item.content_id,
                is_inline=referenced,
                disposition=item.disposition,
            )
        )
    return tuple(result)


# --------------------------------------------------------------------------------------
# Forwards
# --------------------------------------------------------------------------------------

_FORWARD_SUBJECT_RE = re.compile(
    r"^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fw|fwd|wg|tr|rv|vs|vl|doorst|enc|i|fs|pd)\s*:",
    re.IGNORECASE,
)


def _loose_address(value: str) -> tuple[str, str | None]:
    value = value.replace("mailto:", "")
    match = _ADDR_RE.search(value)
    address = match.group(0).lower() if match else None
    name = value
    if match:
        name = value[: match.start()] + value[match.end() :]
    name = re.sub(r"[<>\[\]()*\"]", " ", name)
    name = " ".join(name.split()).strip(" ,;'")
    if address and name.lower() == address:
        name = ""
    return name, address


def _aware_date(text: str) -> datetime | None:
    try:
        parsed = email_utils.parsedate_to_datetime(text)
    except Exception:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


def _forward_from_inline(found: InlineForward) -> ForwardedMessage:
    name, address = _loose_address(found.headers.get("from", ""))
    date_text = found.headers.get("date", "")
    body = _clean(found.body)
    return ForwardedMessage(
        source="inline",
        from_name=name,
        from_address=address,
        subject=" ".join(found.headers.get("subject", "").split()),
        date=_aware_date(date_text) if date_text else None,
        date_text=date_text,
        text=body,
        visible_text=strip_quoted_text(body),
        message=None,
    )


def _forward_from_message(
    inner: Message, depth: int, warnings: list[str]
) -> ForwardedMessage | None:
    raw = _message_bytes(inner)
    parsed: ParsedEmail | None = None
    if raw.strip() and depth < _MAX_FORWARD_DEPTH:
        try:
            parsed = _parse(raw, [], depth + 1)
        except Exception as exc:  # the outer message must still parse
            warnings.append(f"attached message could not be parsed: {type(exc).__name__}")
    if parsed is None:
        headers = _Headers(inner, [])
        sender = headers.addresses("from")
        date_text = headers.text("date") or ""
        return ForwardedMessage(
            source="attachment",
            from_name=sender[0].name if sender else "",
            from_address=sender[0].address if sender else None,
            subject=headers.text("subject") or "",
            date=_aware_date(date_text) if date_text else None,
            date_text=date_text,
            text="",
            visible_text="",
            message=None,
        )
    return ForwardedMessage(
        source="attachment",
        from_name=parsed.from_name,
        from_address=parsed.from_address,
        subject=parsed.subject,
        date=parsed.date,
        date_text=parsed.header("date") or "",
        text=parsed.text,
        visible_text=parsed.visible_text,
        message=parsed,
    )


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------

_HEADER_LINE_RE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:", re.MULTILINE)


def _check_input(raw: bytes) -> tuple[bytes, list[str]]:
    """Reject what is not an email; drop junk before the first header line."""
    if not raw.strip():
        raise EmailParseError("empty input: there are no header fields and no body")
    data = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    first = _HEADER_LINE_RE.search(data)
    if first is None:
        preview = data.lstrip()[:40].decode("utf-8", "replace")
        raise EmailParseError(
            f"not an email message: no header field (a 'Name: value' line) found; "
            f"input starts with {preview!r}"
        )
    warnings: list[str] = []
    prelude = data[: first.start()]
    if prelude and not prelude.startswith(b"From "):
        lines = prelude.splitlines()
        if len(lines) <= 5:
            data = data[first.start() :]
            warnings.append(f"skipped {len(lines)} line(s) before the first header field")
        else:
            warnings.append("the input does not start with header fields; read it all as body")
    return data, warnings


def parse_email(raw: bytes | bytearray | memoryview) -> ParsedEmail:
    """Parse one raw RFC 5322 message into a `ParsedEmail`.

    Accepts bytes, bytearray or memoryview (what a BinaryField gives back).
    Never raises for input that has at least one header field: malformed headers,
    broken MIME, unknown charsets and the like are tolerated and noted in
    `ParsedEmail.warnings`. Raises `EmailParseError` (with a readable `reason`)
    only when the input is empty or contains no header field at all, and
    `TypeError` when `raw` is not bytes-like.
    """
    if isinstance(raw, bytearray | memoryview):
        raw = bytes(raw)
    if not isinstance(raw, bytes):
        raise TypeError(f"parse_email() needs bytes, not {type(raw).__name__}")
    source: bytes = raw
    data, warnings = _check_input(source)
    try:
        return _parse(data, warnings, 0, hash_source=source)
    except Exception as exc:  # last line of defence; see _fallback_parse
        return _fallback_parse(source, data, warnings, exc)


def _generated_message_id(raw: bytes) -> str:
    return f"{hashlib.sha256(raw).hexdigest()[:40]}@{GENERATED_MESSAGE_ID_DOMAIN}"


def _parse(
    data: bytes, warnings: list[str], depth: int, *, hash_source: bytes | None = None
) -> ParsedEmail:
    warnings = list(warnings)
    too_deep = False
    try:
        message = BytesParser(policy=_POLICY).parsebytes(data)
    except RecursionError:
        # The stdlib parser recurses once per nested multipart; read the headers
        # and keep the body as text rather than lose the message.
        message = BytesParser(policy=_POLICY).parsebytes(data, headersonly=True)
        warnings.append("MIME structure nested too deeply to parse; body kept as plain text")
        too_deep = True
    headers = _Headers(message, warnings)
    if not headers.items:
        warnings.append("no header fields could be read")

    for singleton in ("from", "subject", "date", "message-id"):
        if len(headers.all(singleton)) > 1:
            warnings.append(f"duplicate {singleton.title()} header; used the first")
    message_ids = _message_ids(headers.first("message-id"))
    raw_message_id = headers.first("message-id") or ""
    if message_ids and not _MSGID_RE.search(raw_message_id):
        warnings.append("Message-ID without angle brackets")
    message_id_generated = not message_ids
    if message_id_generated:
        why = "missing" if not headers.has("message-id") else "unusable"
        warnings.append(f"{why} Message-ID header; generated one from the message hash")
    message_id = message_ids[0] if message_ids else _generated_message_id(hash_source or data)
    in_reply_to_ids = _message_ids(headers.first("in-reply-to"))
    references: list[str] = []
    for value in headers.all("references"):
        references.extend(_message_ids(value))
    references = list(dict.fromkeys(references))

    subject = _clean(headers.text("subject") or "", keep_newlines=False)
    senders = headers.addresses("from")
    if not senders:
        for fallback in ("sender", "reply-to", "return-path"):
            senders = headers.addresses(fallback)
            if senders:
                warnings.append(f"no usable From header; used {fallback.title()}")
                break
        else:
            warnings.append("no usable From header")
    elif len(senders) > 1:
        warnings.append("From header lists several mailboxes; used the first")
    from_name, from_address = (senders[0].name, senders[0].address) if senders else ("", None)

    return_path_value = headers.first("return-path")
    null_return_path = False
    return_path: str | None = None
    if return_path_value is not None:
        stripped = "".join(return_path_value.split())
        if stripped == "<>":
            null_return_path, return_path = True, ""
        else:
            match = _ADDR_RE.search(return_path_value)
            return_path = match.group(0).lower() if match else None
            if match is None:
                warnings.append("unusable Return-Path header")

    walk = _Walk(warnings=warnings)
    texts: list[str]
    htmls: list[str]
    if too_deep:
        body, _ = decode_text(_payload_bytes(message, warnings), None)
        texts, htmls = [_clean(body)], []
    else:
        texts, htmls = _walk_part(message, walk, 0)
    plain = "\n\n".join(t.strip("\n") for t in texts if t.strip())
    raw_html = "".join(h for h in htmls if h.strip())
    html: str | None = None
    visible_html: str | None = None
    html_text = html_visible_text = ""
    if raw_html:
        views = split_html(raw_html)
        html = sanitize_html(views.html).strip()
        visible_html = sanitize_html(views.visible_html).strip()
        html_text, html_visible_text = views.text, views.visible_text
    if plain.strip():
        text, text_from_html = plain.strip("\n"), False
        visible_text = strip_quoted_text(text)
    elif raw_html:
        text, text_from_html = html_text, True
        visible_text = strip_quoted_text(html_visible_text) or text
    else:
        text, text_from_html, visible_text = "", False, ""

    top_type = _content_type(message)
    report_type = (_param(message, "report-type") or "").lower()
    classification = _classify(
        headers,
        top_type,
        report_type,
        walk,
        from_address,
        subject,
        text,
        null_return_path,
    )

    forwarded: ForwardedMessage | None = None
    if not classification.is_bounce and walk.messages:
        forwarded = _forward_from_message(walk.messages[0], depth, warnings)
    if forwarded is None and not classification.is_bounce and depth <= _MAX_FORWARD_DEPTH:
        inline = find_inline_forward(
            text, allow_reply_headers=bool(_FORWARD_SUBJECT_RE.match(subject))
        )
        if inline is not None:
            forwarded = _forward_from_inline(inline)

    return ParsedEmail(
        message_id=message_id,
        message_id_generated=message_id_generated,
        in_reply_to=in_reply_to_ids[0] if in_reply_to_ids else None,
        references=tuple(references),
        subject=subject,
        from_address=from_address,
        from_name=from_name,
        to=tuple(headers.addresses("to")),
        cc=tuple(headers.addresses("cc")),
        reply_to=tuple(headers.addresses("reply-to")),
        date=_parse_date(headers.first("date"), warnings),
        return_path=return_path,
        null_return_path=null_return_path,
        text=text,
        text_from_html=text_from_html,
        html=html,
        visible_text=visible_text,
        visible_html=visible_html,
        attachments=_finish_attachments(walk.attachments, raw_html),
        is_auto_reply=classification.is_auto_reply,
        is_bounce=classification.is_bounce,
        auto_reason=classification.reason,
        bounced_recipients=classification.bounced,
        forwarded=forwarded,
        headers=headers.decoded(),
        warnings=tuple(list(dict.fromkeys(warnings))[:_MAX_WARNINGS]),
        size=len(hash_source if hash_source is not None else data),
    )


def _fallback_parse(
    raw: bytes, data: bytes, warnings: list[str], error: BaseException
) -> ParsedEmail:
    """Build a degraded result by hand after an unexpected internal error.

    Only reached through a bug or a limit of the `email` package (e.g. recursion
    depth); the result keeps the basics so the message is not lost.
    """
    notes = [*warnings, f"parser fallback after {type(error).__name__}: {str(error)[:200]}"]
    text = _guess_decode(data[:5_000_000])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head, _, body = text.partition("\n\n")
    fields: list[tuple[str, str]] = []
    for line in head.split("\n"):
        if line[:1] in (" ", "\t") and fields:
            fields[-1] = (fields[-1][0], f"{fields[-1][1]} {line.strip()}")
        elif ":" in line:
            name, _, value = line.partition(":")
            fields.append((_clean(name.strip(), keep_newlines=False), value.strip()))

    def first(name: str) -> str | None:
        return next((v for k, v in fields if k.lower() == name), None)

    try:
        subject = decode_header_text(first("subject") or "")
    except Exception:
        subject = first("subject") or ""
    try:
        ids = _message_ids(first("message-id"))
    except Exception:
        ids = []
    sender = _ADDR_RE.search(first("from") or "")
    body = _clean(body).strip("\n")
    try:
        visible_text = strip_quoted_text(body)
    except Exception:
        visible_text = body
    return ParsedEmail(
        message_id=ids[0] if ids else _generated_message_id(raw),
        message_id_generated=not ids,
        in_reply_to=None,
        references=(),
        subject=_clean(subject, keep_newlines=False),
        from_address=sender.group(0).lower() if sender else None,
        from_name="",
        to=(),
        cc=(),
        reply_to=(),
        date=None,
        return_path=None,
        null_return_path=False,
        text=body,
        text_from_html=False,
        html=None,
        visible_text=visible_text,
        visible_html=None,
        attachments=(),
        is_auto_reply=False,
        is_bounce=False,
        auto_reason=None,
        bounced_recipients=(),
        forwarded=None,
        headers=tuple((k, _clean(v, keep_newlines=False)) for k, v in fields),
        warnings=tuple(notes),
        size=len(raw),
    )
