"""Property tests: `parse_email` is total on anything that has a header line.

Mutated corpus messages (byte flips, truncation, deleted/duplicated/garbled header
lines, inserted random bytes, switched line endings) and plain random bytes must
either parse into a well-formed `ParsedEmail` or raise `EmailParseError`, and the
latter only when the input has no header line at all. The internal last-resort
fallback parser must never be needed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.parse import EmailParseError, ParsedEmail, parse_email
from intake.quotes import html_to_text, strip_quoted_html, strip_quoted_text

CORPUS = [path.read_bytes() for path in sorted((Path(__file__).parent / "emails").glob("*.eml"))]
# An RFC 5322 field name directly followed by a colon, at the start of a line.
HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:", re.MULTILINE)

# INTAKE_FUZZ_EXAMPLES=5000 runs a longer fuzzing session locally.
EXAMPLES = int(os.environ.get("INTAKE_FUZZ_EXAMPLES", "400"))
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(data: bytes) -> ParsedEmail | None:
    """Parse `data` and assert the invariants of the result."""
    try:
        result = parse_email(data)
    except EmailParseError as exc:
        assert exc.reason
        assert HEADER_LINE.search(data) is None, "raised although a header line exists"
        return None
    assert isinstance(result, ParsedEmail)
    assert not [w for w in result.warnings if w.startswith("parser fallback")], result.warnings
    assert result.message_id
    assert "\n" not in result.subject
    strings = [
        result.message_id,
        result.subject,
        result.text,
        result.visible_text,
        result.from_name,
        result.auto_reason or "",
        result.in_reply_to or "",
        *result.references,
        *result.bounced_recipients,
        *result.warnings,
        *(part for address in (*result.to, *result.cc, *result.reply_to) for part in address),
        *(a.filename for a in result.attachments),
        *(a.content_id or "" for a in result.attachments),
        *(part for header in result.headers for part in header),
    ]
    if result.forwarded is not None:
        forwarded = result.forwarded
        strings += [forwarded.from_name, forwarded.subject, forwarded.text, forwarded.date_text]
    for value in strings:
        assert "\x00" not in value
        value.encode("utf-8")  # no lone surrogates: storable in any database
    if result.html is not None:
        result.html.encode("utf-8")
    if result.date is not None:
        assert result.date.tzinfo is not None
    if result.text.strip():
        assert result.visible_text.strip()
    for attachment in result.attachments:
        assert attachment.filename
        assert attachment.size == len(attachment.content)
    if result.from_address is not None:
        assert "@" in result.from_address
        assert result.from_address == result.from_address.lower()
    return result


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutated_corpus(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        operation = draw(
            st.sampled_from(
                [
                    "flip",
                    "truncate",
                    "delete_line",
                    "duplicate_line",
                    "garble_line",
                    "insert",
                    "crlf",
                    "delete_header",
                    "duplicate_header",
                ]
            )
        )
        if not data:
            break
        if operation == "flip":
            buffer = bytearray(data)
            for _ in range(draw(st.integers(min_value=1, max_value=20))):
                position = draw(st.integers(min_value=0, max_value=len(buffer) - 1))
                buffer[position] = draw(st.integers(min_value=0, max_value=255))
            data = bytes(buffer)
        elif operation == "truncate":
            data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
        elif operation == "insert":
            position = draw(st.integers(min_value=0, max_value=len(data)))
            data = data[:position] + draw(st.binary(max_size=200)) + data[position:]
        elif operation == "crlf":
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        else:
            lines = _lines(data)
            if operation in ("delete_header", "duplicate_header"):
                end = lines.index(b"") if b"" in lines else len(lines)
                candidates = list(range(end)) or [0]
            else:
                candidates = list(range(len(lines)))
            index = draw(st.sampled_from(candidates))
            if operation in ("delete_line", "delete_header"):
                del lines[index]
            elif operation in ("duplicate_line", "duplicate_header"):
                lines.insert(index, lines[index])
            else:  # garble_line
                lines[index] = draw(st.binary(max_size=120)).replace(b"\n", b"")
            data = b"\n".join(lines)
    return data


@PROPERTY_SETTINGS
@given(mutated_corpus())
def test_mutated_corpus_never_crashes(data: bytes) -> None:
    _check(data)


@PROPERTY_SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_parse_or_raise_parse_error(data: bytes) -> None:
    _check(data)


_header_names = st.from_regex(rb"\A[A-Za-z][A-Za-z0-9-]{0,20}\Z", fullmatch=True)


@PROPERTY_SETTINGS
@given(
    before=st.binary(max_size=400),
    name=_header_names,
    value=st.binary(max_size=200),
    after=st.binary(max_size=1500),
)
def test_any_input_with_a_header_line_parses(
    before: bytes, name: bytes, value: bytes, after: bytes
) -> None:
    header = name + b": " + value.replace(b"\n", b" ").replace(b"\r", b" ")
    data = before + b"\n" + header + b"\n" + after
    result = _check(data)
    assert result is not None


_header_value = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120
).map(lambda text: text.replace("\n", " ").replace("\r", " "))


@PROPERTY_SETTINGS
@given(
    subject=_header_value,
    sender=_header_value,
    recipients=_header_value,
    content_type=st.sampled_from(
        [
            "text/plain",
            "text/plain; charset=utf-8",
            "text/html; charset=iso-8859-1",
            'multipart/mixed; boundary="b"',
            "multipart/alternative",
            "message/rfc822",
            "multipart/report; report-type=delivery-status; boundary=x",
            "application/pdf; name*=utf-8''%FF%FE.pdf",
        ]
    ),
    encoding=st.sampled_from(["7bit", "8bit", "base64", "quoted-printable", "x-bogus"]),
    body=st.binary(max_size=1500),
)
def test_hostile_header_values_parse(
    subject: str,
    sender: str,
    recipients: str,
    content_type: str,
    encoding: str,
    body: bytes,
) -> None:
    data = (
        f"From: {sender}\nTo: {recipients}\nCc: {recipients}\nSubject: {subject}\n"
        f"Message-ID: {subject}\nReferences: {recipients}\nDate: {subject}\n"
        f"Content-Type: {content_type}\nContent-Transfer-Encoding: {encoding}\n"
        f"Content-Disposition: attachment; filename={subject}\n\n"
    ).encode("utf-8", "surrogateescape") + body
    assert _check(data) is not None


_LEAF_TYPES = [
    "text/plain",
    "text/html",
    "text/plain; format=flowed; delsp=yes",
    "image/png",
    "application/pdf",
    "message/rfc822",
    "message/delivery-status",
    "text/rfc822-headers",
    "application/octet-stream",
]
_CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "x-unknown", "utf-16", "shift_jis", "bogus"]
_ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "binary", "x-uue"]


@st.composite
def mime_part(draw: st.DrawFn, depth: int = 0) -> bytes:
    """A random MIME entity: nested multiparts with hostile parameters and bodies."""
    if depth < 3 and draw(st.booleans()):
        subtype = draw(st.sampled_from(["mixed", "alternative", "related", "report", "signed"]))
        boundary = draw(st.sampled_from(["b1", "=_x", "--", "a b", 'q"q', ""]))
        children = draw(st.lists(mime_part(depth + 1), min_size=0, max_size=3))
        lines = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"'.encode(), b""]
        for child in children:
            lines += [b"--" + boundary.encode(), child]
        if draw(st.booleans()):
            lines.append(b"--" + boundary.encode() + b"--")
        return b"\n".join(lines)
    ctype = draw(st.sampled_from(_LEAF_TYPES))
    headers = [
        f"Content-Type: {ctype}; charset={draw(st.sampled_from(_CHARSETS))}",
        f"Content-Transfer-Encoding: {draw(st.sampled_from(_ENCODINGS))}",
    ]
    if draw(st.booleans()):
        disposition = draw(st.sampled_from(["inline", "attachment", "bogus"]))
        name = draw(st.sampled_from(["a.pdf", "=?utf-8?B?w6k=?=.txt", "*=utf-8''%ZZ", "../x"]))
        headers.append(f"Content-Disposition: {disposition}; filename={name}")
    if draw(st.booleans()):
        headers.append(f"Content-ID: <{draw(st.sampled_from(['img1', '', '<>', 'a b']))}>")
    body = draw(
        st.one_of(
            st.binary(max_size=300),
            st.sampled_from(
                [
                    b"SGVsbG8gd29ybGQ=",
                    b"Caf=C3=A9 =\nsoft",
                    b"<p>Hi</p><blockquote type=cite>old</blockquote>",
                    b"From: x@example.com\nSubject: inner\n\ninner body",
                    b"Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1",
                    b"\x89PNG\r\n\x1a\n\x00",
                ]
            ),
        )
    )
    return "\n".join(headers).encode() + b"\n\n" + body


@settings(PROPERTY_SETTINGS, max_examples=max(50, EXAMPLES // 4))  # costly to generate
@given(mime_part())
def test_random_mime_trees_parse(entity: bytes) -> None:
    data = b"From: a@example.com\nSubject: tree\nMIME-Version: 1.0\n" + entity
    assert _check(data) is not None


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.text(max_size=2000))
def test_quote_helpers_are_total(text: str) -> None:
    stripped = strip_quoted_text(text)
    if text.strip():
        assert stripped.strip()
    strip_quoted_html(text)
    html_to_text(text)
