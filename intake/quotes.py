"""Quote, signature and forward handling for inbound email bodies.

Framework-free helpers that decide what of a message is *new* content:

* `strip_quoted_text` drops quoted history ("> " lines, "On ... wrote:" attributions,
  Outlook "-----Original Message-----" and "From: / Sent: / To: / Subject:" blocks,
  "____" separators, forwarded blocks) and signatures ("-- ", "Sent from my iPhone").
* `strip_quoted_html` does the same on HTML (Gmail's `gmail_quote`, Apple Mail's and
  Thunderbird's `blockquote type="cite"`, Outlook's `divRplyFwdMsg` / `appendonsend` /
  border-top header block, ...). It returns unsanitised HTML: sanitise afterwards.
* `split_html` parses an HTML body once and returns its full and visible HTML and text
  (`HtmlViews`); `clean_html` only drops head, scripts, styles and hidden elements.
* `html_to_text` renders HTML as plain text (block structure, "> " for blockquotes).
* `find_inline_forward` finds a forwarded message pasted into a body (Gmail, Apple Mail,
  Thunderbird, Outlook) and returns its header fields and body.

All functions are total: they never raise on odd input and never return an empty result
for a non-empty message that consisted only of quoted content (they fall back to the
full input instead).
"""

from __future__ import annotations

import contextlib
import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = [
    "HtmlViews",
    "InlineForward",
    "clean_html",
    "find_inline_forward",
    "html_to_text",
    "split_html",
    "strip_quoted_html",
    "strip_quoted_text",
    "strip_signature",
]

# --------------------------------------------------------------------------------------
# Text patterns
# --------------------------------------------------------------------------------------

# "-----Original Message-----" in the languages Outlook ships with most often.
_ORIGINAL_MESSAGE_RE = re.compile(
    r"^\s*-{2,}\s*(?:original message|original e-?mail|ursprüngliche nachricht|"
    r"originalnachricht|message d'origine|mensaje original|messaggio originale|"
    r"oorspronkelijk bericht|originalmeddelande|oprindelig meddelelse|"
    r"opprinnelig melding|alkuperäinen viesti|wiadomość oryginalna|původní zpráva|"
    r"исходное сообщение|mensagem original|original)\s*-{2,}\s*$",
    re.IGNORECASE,
)
# Markers that open a forwarded message (Gmail, Thunderbird, Apple Mail, Outlook mobile).
_FORWARD_MARKER_RE = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|"
    r"mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|"
    r"vidarebefordrat meddelande|videresendt meddelelse|mensagem encaminhada|"
    r"original message follows)\s*-{2,}|"
    r"begin forwarded message\s*:|anfang der weitergeleiteten nachricht\s*:|"
    r"début du message réexpédié\s*:|inicio del mensaje reenviado\s*:|"
    r"inizio messaggio inoltrato\s*:|begin doorgestuurd bericht\s*:)\s*$",
    re.IGNORECASE,
)
_UNDERSCORE_SEPARATOR_RE = re.compile(r"^\s*_{10,}\s*$")
# Where bounce reports start quoting the returned message (qmail, Exim, Postfix).
_RETURNED_COPY_RE = re.compile(
    r"^\s*-{2,}\s*(?:below this line is a copy of the message|"
    r"this is a copy of the message|original message follows|"
    r"the original message was received)",
    re.IGNORECASE,
)

# Header keys of pasted header blocks, localised, mapped to a canonical name.
_HEADER_KEYS: dict[str, str] = {}
for _canonical, _names in {
    "from": "from von de van da fra från od от lähettäjä feladó",
    "date": "date sent gesendet datum envoyé enviado enviada verzonden inviato data "
    "skickat sendt dato lähetetty odesláno отправлено",
    "to": "to an à a para aan till til do kenelle komu кому",
    "cc": "cc kopie copie kopia",
    "subject": "subject betreff objet asunto onderwerp oggetto ämne emne assunto temat "
    "aihe předmět тема",
    "reply-to": "reply-to antwort-an répondre-à",
}.items():
    for _name in _names.split():
        _HEADER_KEYS[_name] = _canonical
_HEADER_KEYS["envoyé le"] = "date"
_HEADER_KEYS["date d'envoi"] = "date"

_HEADER_LINE_RE = re.compile(
    r"^\s*\*?(?P<key>[^\W\d_][\w' -]{0,14}?)\*?\s*:\*?\s*(?P<value>.*)$",
)

# "On <date>, <name> wrote:" and its cousins; checked against up to three joined lines.
_ATTRIBUTION_VERB_RE = re.compile(
    r"(?:\bwrote|\bwrites|\bschrieb|\ba\s+écrit|\bescribió|\bschreef|\bha\s+scritto|"
    r"\bscrisse|\bescreveu|\bskrev|\bnapisał(?:\(a\))?|\bkirjoitti|\bнаписал(?:\(а\))?|"  # noqa: RUF001
    r"\byazdı|\bírta|\bnapsal(?:\(a\))?)(?=\W|$)",  # noqa: RUF001
    re.IGNORECASE,
)
_ATTRIBUTION_END_RE = re.compile(r":\s*$")
# An attribution not followed by "> " lines must at least name a date, time or address.
_DATE_OR_ADDRESS_RE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[:.]\d{2}\b|@")

# Mobile / client boilerplate signatures; only removed as the last line of the content.
_MOBILE_SIGNATURE_RE = re.compile(
    r"^\s*(?:sent from my [\w][\w .'\-]{0,40}|sent from (?:outlook|mail|yahoo mail|aol|"
    r"samsung|my mobile|proton ?mail)[\w .'\-]{0,40}|get outlook for (?:ios|android)|"
    r"sent via [\w][\w .'\-]{0,40}|sent with [\w][\w .'\-]{0,30}|"
    r"von meinem [\w][\w .'\-]{0,30} gesendet|gesendet von meinem [\w][\w .'\-]{0,30}|"
    r"envoyé de mon [\w][\w .'\-]{0,30}|envoyé depuis mon [\w][\w .'\-]{0,30}|"
    r"enviado desde mi [\w][\w .'\-]{0,30}|enviado do meu [\w][\w .'\-]{0,30}|"
    r"verstuurd vanaf mijn [\w][\w .'\-]{0,30}|inviato da(?:l mio)? [\w][\w .'\-]{0,30}|"
    r"skickat från min [\w][\w .'\-]{0,30}|sendt fra min [\w][\w .'\-]{0,30})\s*\.?\s*$",
    re.IGNORECASE,
)
_SIGNATURE_DELIMITER = "-- "
_MAX_BARE_SIGNATURE_LINES = 12


_QUOTE_PREFIX_RE = re.compile(r"^\s*> ?")


def _is_quoted(line: str) -> bool:
    return line.lstrip(" ").startswith(">")


def _is_blank(line: str) -> bool:
    return not line.strip()


def _header_key(line: str) -> tuple[str, str] | None:
    """Return (canonical key, value) when `line` looks like a pasted header line."""
    match = _HEADER_LINE_RE.match(line)
    if not match:
        return None
    key = _HEADER_KEYS.get(" ".join(match.group("key").lower().split()))
    if key is None:
        return None
    return key, match.group("value").strip()


def _is_header_block(lines: list[str], start: int) -> bool:
    """True when `lines[start]` opens a "From: / Sent: / To: / Subject:" block."""
    first = _header_key(lines[start])
    if first is None or first[0] != "from":
        return False
    seen: set[str] = set()
    for line in lines[start + 1 : start + 8]:
        if _is_blank(line):
            break
        parsed = _header_key(line)
        if parsed is not None:
            seen.add(parsed[0])
    return len(seen & {"date", "to", "subject", "cc"}) >= 2


def _attribution_length(lines: list[str], start: int) -> int:
    """Number of lines (1-3) of an "On ... wrote:" attribution at `start`, or 0."""
    if _is_blank(lines[start]) or _is_quoted(lines[start]):
        return 0
    for length in (1, 2, 3):
        chunk = lines[start : start + length]
        if len(chunk) < length or any(_is_quoted(line) for line in chunk[1:]):
            return 0
        if length > 1 and _is_blank(chunk[-1]):
            return 0
        joined = " ".join(line.strip() for line in chunk)
        if len(joined) > 400:
            return 0
        if not _ATTRIBUTION_END_RE.search(joined) or not _ATTRIBUTION_VERB_RE.search(joined):
            continue
        follower = _next_content_line(lines, start + length)
        if follower is None or _is_quoted(lines[follower]) or _DATE_OR_ADDRESS_RE.search(joined):
            return length
        return 0
    return 0


def _next_content_line(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if not _is_blank(lines[index]):
            return index
    return None


def _boundary(lines: list[str]) -> int | None:
    """Index of the first line of quoted or forwarded history, if any."""
    for index, line in enumerate(lines):
        if _is_quoted(line) or _is_blank(line):
            continue
        if _ORIGINAL_MESSAGE_RE.match(line) or _FORWARD_MARKER_RE.match(line):
            return index
        if _RETURNED_COPY_RE.match(line):
            return index
        if _UNDERSCORE_SEPARATOR_RE.match(line):
            follower = _next_content_line(lines, index + 1)
            if follower is not None and follower - index <= 3 and _is_header_block(lines, follower):
                return index
            continue
        if _is_header_block(lines, index):
            return index
        if _attribution_length(lines, index):
            return index
    return None


def _strip_trailing_quotes(lines: list[str]) -> list[str]:
    end = len(lines)
    saw_quote = False
    while end > 0 and (_is_blank(lines[end - 1]) or _is_quoted(lines[end - 1])):
        saw_quote = saw_quote or _is_quoted(lines[end - 1])
        end -= 1
    return lines[:end] if saw_quote else lines


def _strip_leading_quotes(lines: list[str]) -> list[str]:
    """Drop a top quote block when the rest is unquoted (bottom-posting)."""
    start = 0
    saw_quote = False
    while start < len(lines) and (_is_blank(lines[start]) or _is_quoted(lines[start])):
        saw_quote = saw_quote or _is_quoted(lines[start])
        start += 1
    if not saw_quote or start == len(lines):
        return lines
    if any(_is_quoted(line) for line in lines[start:]):
        return lines  # interleaved answers: keep the quotes for context
    return lines[start:]


def _drop_attributions_and_quotes(lines: list[str]) -> list[str]:
    """Last resort for bottom-posted replies: remove attribution and quoted lines."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        length = _attribution_length(lines, index)
        if length:
            index += length
            continue
        if not _is_quoted(lines[index]):
            kept.append(lines[index])
        index += 1
    return kept


def _signature_start(lines: list[str]) -> int | None:
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index]
        if line == _SIGNATURE_DELIMITER:
            return index
        if line.strip() == "--":
            after = [rest for rest in lines[index + 1 :] if not _is_blank(rest)]
            if len(after) <= _MAX_BARE_SIGNATURE_LINES:
                return index
    return None


def _strip_signature_lines(lines: list[str]) -> list[str]:
    start = _signature_start(lines)
    if start is not None and any(not _is_blank(line) for line in lines[:start]):
        lines = lines[:start]
    while True:
        last = _last_content_index(lines)
        if last is None or not _MOBILE_SIGNATURE_RE.match(lines[last]):
            return lines
        if _last_content_index(lines[:last]) is None:
            return lines  # the boilerplate is all there is
        lines = lines[:last]


def _last_content_index(lines: list[str]) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        if not _is_blank(lines[index]):
            return index
    return None


def _join(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_signature(text: str) -> str:
    """Remove a trailing signature ("-- " block, "Sent from my iPhone" and the like).

    Returns the text unchanged when nothing but a signature would remain.
    """
    lines = _normalise_newlines(text).split("\n")
    stripped = _join(_strip_signature_lines(lines))
    return stripped if stripped.strip() else text.strip("\n")


def strip_quoted_text(text: str) -> str:
    """Return the new content of a plain-text body: quoted history and signature removed.

    Cuts at the first quote boundary (Outlook "-----Original Message-----" or
    "From:/Sent:/To:/Subject:" block, a "____" separator followed by such a block,
    an "On <date>, <name> wrote:" attribution in English, German, French, Spanish,
    Dutch, Italian, Portuguese, Scandinavian and more, possibly wrapped over up to
    three lines, or a forwarded-message marker), removes trailing and bottom-posted
    "> " blocks, then the signature. Interleaved inline answers keep their quotes.
    If nothing but quoted content would remain, the whole text is returned (stripped).
    """
    original = _normalise_newlines(text)
    lines = original.split("\n")
    cut = _boundary(lines)
    if cut is not None:
        head = lines[:cut]
        if any(not _is_blank(line) and not _is_quoted(line) for line in head):
            lines = head
        else:
            lines = _drop_attributions_and_quotes(lines)
    lines = _strip_trailing_quotes(lines)
    lines = _strip_leading_quotes(lines)
    lines = _strip_signature_lines(lines)
    result = _join(lines)
    if not result.strip():
        return original.strip()
    return result


# --------------------------------------------------------------------------------------
# Inline forwards
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InlineForward:
    """A forwarded message found inside a body.

    `headers` holds the pasted header fields under canonical lowercase names
    ("from", "date", "to", "cc", "subject", "reply-to"); `body` is the forwarded text
    (dequoted when every line was "> " quoted); `marker` is the line that opened it.
    """

    marker: str
    headers: dict[str, str]
    body: str


def find_inline_forward(text: str, *, allow_reply_headers: bool = False) -> InlineForward | None:
    """Find the first forwarded message pasted into `text`.

    Explicit markers ("---------- Forwarded message ---------", "Begin forwarded
    message:", "-------- Forwarded Message --------" and translations) always count.
    Outlook's "-----Original Message-----", "____" + header block and bare
    "From:/Sent:/To:/Subject:" blocks look the same for replies and forwards, so they
    only count when `allow_reply_headers` is true (the caller knows the subject says
    "Fw:"). Returns None when there is no forward or its header block has no "From".
    """
    lines = _normalise_newlines(text).split("\n")
    for index, line in enumerate(lines):
        if _is_quoted(line):
            continue
        explicit = bool(_FORWARD_MARKER_RE.match(line))
        header_start: int | None = None
        if explicit or (allow_reply_headers and _ORIGINAL_MESSAGE_RE.match(line)):
            header_start = _next_content_line(lines, index + 1)
        elif allow_reply_headers and _UNDERSCORE_SEPARATOR_RE.match(line):
            follower = _next_content_line(lines, index + 1)
            if follower is not None and _is_header_block(lines, follower):
                header_start = follower
        elif allow_reply_headers and _is_header_block(lines, index):
            header_start = index
        if header_start is None:
            continue
        headers, body_start = _read_header_block(lines, header_start)
        if "from" not in headers:
            continue
        body_lines = lines[body_start:]
        body = _dequote(body_lines)
        return InlineForward(marker=line.strip(), headers=headers, body=body)
    return None


def _read_header_block(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    last_key: str | None = None
    index = start
    while index < len(lines):
        line = _QUOTE_PREFIX_RE.sub("", lines[index]) if _is_quoted(lines[index]) else lines[index]
        if _is_blank(line):
            break
        parsed = _header_key(line)
        if parsed is not None:
            last_key = parsed[0]
            headers.setdefault(last_key, parsed[1])
        elif last_key is not None and len(headers) < 8:
            headers[last_key] = f"{headers[last_key]} {line.strip()}".strip()
        else:
            break
        index += 1
    return headers, index


def _dequote(lines: list[str]) -> str:
    content = [line for line in lines if not _is_blank(line)]
    if content and all(_is_quoted(line) for line in content):
        lines = [_QUOTE_PREFIX_RE.sub("", line) if _is_quoted(line) else line for line in lines]
    return _join(lines)


# --------------------------------------------------------------------------------------
# A small, forgiving HTML tree
# --------------------------------------------------------------------------------------

_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "basefont",
        "bgsound",
        "br",
        "col",
        "embed",
        "frame",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_DROP_TAGS = frozenset(
    ["head", "title", "script", "style", "template", "noscript", "object", "iframe"]
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "body",
        "html",
        "caption",
    ]
)
_IMPLIED_END: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "table"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "option": (frozenset({"option"}), frozenset({"select"})),
}
_MAX_DEPTH = 200


class _Element:
    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: _Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []
        self.parent = parent

    def attr(self, name: str) -> str:
        return self.attrs.get(name) or ""

    def classes(self) -> list[str]:
        return self.attr("class").lower().split()

    def iter(self) -> Iterator[_Element]:
        """Elements of the subtree in document order (self first)."""
        stack: list[_Element] = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(
                child for child in reversed(element.children) if isinstance(child, _Element)
            )

    def text(self) -> str:
        parts: list[str] = []
        stack: list[_Element | str] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                parts.append(node)
            elif node.tag not in _DROP_TAGS:
                if node.tag == "br":
                    parts.append("\n")
                stack.extend(reversed(node.children))
        return "".join(parts)

    def has_image(self) -> bool:
        return any(element.tag == "img" for element in self.iter())

    def detach(self) -> None:
        if self.parent is not None:
            self.parent.children = [c for c in self.parent.children if c is not self]
            self.parent = None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {}, None)
        self.stack: list[_Element] = [self.root]

    def _apply_implied_end(self, tag: str) -> None:
        if tag in _BLOCK_TAGS and tag not in _IMPLIED_END:
            if self.stack[-1].tag == "p":
                self.stack.pop()
            return
        rule = _IMPLIED_END.get(tag)
        if rule is None:
            return
        closes, boundaries = rule
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag in boundaries:
                return
            if open_tag in closes:
                del self.stack[depth:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._apply_implied_end(tag)
        parent = self.stack[-1]
        attributes: dict[str, str | None] = {}
        for name, value in attrs:
            attributes.setdefault(name, value)
        element = _Element(tag, attributes, parent)
        if tag in _VOID_TAGS:
            parent.children.append(element)
            return
        if len(self.stack) >= _MAX_DEPTH:
            return
        parent.children.append(element)
        self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS and self.stack[-1].tag == tag and len(self.stack) > 1:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)


def _parse_html(markup: str) -> _Element:
    builder = _TreeBuilder()
    # HTMLParser is lenient already; on anything unexpected keep what was built so far.
    with contextlib.suppress(Exception):
        builder.feed(markup)
        builder.close()
    return builder.root


def _serialise(node: _Element) -> str:
    out: list[str] = []
    _serialise_into(node, out)
    return "".join(out)


def _serialise_into(node: _Element, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            out.append(html_lib.escape(child, quote=False))
            continue
        if child.tag in ("head", "title", "script", "style", "template"):
            continue
        if _HIDDEN_STYLE_RE.search(child.attr("style")):
            continue
        attrs = "".join(
            f" {name}" if value is None else f' {name}="{html_lib.escape(value)}"'
            for name, value in child.attrs.items()
            if re.fullmatch(r"[A-Za-z_:][-A-Za-z0-9_:.]*", name)
        )
        out.append(f"<{child.tag}{attrs}>")
        if child.tag in _VOID_TAGS:
            continue
        _serialise_into(child, out)
        out.append(f"</{child.tag}>")


# --------------------------------------------------------------------------------------
# HTML quote stripping
# --------------------------------------------------------------------------------------

_REMOVE_CLASSES = frozenset(
    {
        "gmail_quote",
        "gmail_quote_container",
        "gmail_signature",
        "gmail_signature_prefix",
        "gmail_extra",
        "yahoo_quoted",
        "moz-cite-prefix",
        "moz-signature",
        "protonmail_quote",
        "zmail_extra",
        "x_gmail_quote",
        "x_gmail_signature",
    }
)
_REMOVE_IDS = frozenset({"signature", "ms-outlook-mobile-signature", "x_signature"})
_TRUNCATE_IDS = frozenset(
    {
        "appendonsend",
        "x_appendonsend",
        "divrplyfwdmsg",
        "x_divrplyfwdmsg",
        "mail-editor-reference-message-container",
        "stopspelling",
        "reply-intro",
    }
)
_TRUNCATE_CLASSES = frozenset({"outlookmessageheader", "x_outlookmessageheader"})


def _should_remove(element: _Element) -> bool:
    if element.tag == "blockquote" and element.attr("type").lower() == "cite":
        return True
    if any(name in _REMOVE_CLASSES for name in element.classes()):
        return True
    if element.attr("data-smartmail") == "gmail_signature":
        return True
    return element.attr("id").lower() in _REMOVE_IDS


def _element_lines(element: _Element) -> list[str]:
    writer = _TextWriter()
    _render(element, writer)
    return [line for line in _finish(writer.value()[:8000]).split("\n") if line]


def _should_truncate(element: _Element) -> bool:
    if element.attr("id").lower() in _TRUNCATE_IDS:
        return True
    if any(name in _TRUNCATE_CLASSES for name in element.classes()):
        return True
    if element.tag != "div":
        return False
    style = "".join(element.attr("style").lower().split())
    if "border-top:solid" not in style:
        return False
    lines = _element_lines(element)
    return bool(lines) and _is_header_block(lines, 0)


def _walk(root: _Element) -> Iterator[tuple[_Element, int, _Element | str]]:
    """(parent, index, node) for every node below `root`, in document order."""
    stack: list[tuple[_Element, int]] = [(root, 0)]
    while stack:
        parent, index = stack.pop()
        if index >= len(parent.children):
            continue
        node = parent.children[index]
        stack.append((parent, index + 1))
        yield parent, index, node
        if isinstance(node, _Element):
            stack.append((node, 0))


def _truncation_point(root: _Element) -> tuple[_Element, int] | None:
    for parent, index, node in _walk(root):
        if isinstance(node, str):
            if _ORIGINAL_MESSAGE_RE.match(" ".join(node.split())):
                return parent, index
        elif _should_truncate(node):
            return parent, index
    return None


def _truncate_at(parent: _Element, index: int) -> None:
    """Remove `parent.children[index]` and everything after it in document order."""
    del parent.children[index:]
    node = parent
    while node.parent is not None:
        above = node.parent
        position = next(i for i, child in enumerate(above.children) if child is node)
        del above.children[position + 1 :]
        node = above


def _previous_sibling(element: _Element) -> int | None:
    """Index of the previous non-blank sibling of `element` (skipping <br>), if any."""
    if element.parent is None:
        return None
    siblings = element.parent.children
    position = next(i for i, child in enumerate(siblings) if child is element)
    for index in range(position - 1, -1, -1):
        candidate = siblings[index]
        if isinstance(candidate, str):
            if candidate.strip():
                return index
            continue
        if candidate.tag == "br":
            continue
        return index
    return None


def _is_attribution_text(text: str) -> bool:
    joined = " ".join(text.split())
    return (
        0 < len(joined) <= 400
        and _ATTRIBUTION_END_RE.search(joined) is not None
        and _ATTRIBUTION_VERB_RE.search(joined) is not None
    )


def _remove_attribution_before(element: _Element) -> None:
    index = _previous_sibling(element)
    if index is None or element.parent is None:
        return
    previous = element.parent.children[index]
    if isinstance(previous, str):
        if _is_attribution_text(previous):
            del element.parent.children[index]
    elif not previous.has_image() and _is_attribution_text(previous.text()):
        previous.detach()


def _is_empty(element: _Element) -> bool:
    return not element.text().strip() and not element.has_image()


def _trim_trailing(element: _Element) -> None:
    node = element
    while node.children:
        last = node.children[-1]
        if isinstance(last, str):
            if last.strip():
                return
            node.children.pop()
            continue
        if last.tag in ("br", "hr") or (last.tag not in _VOID_TAGS and _is_empty(last)):
            node.children.pop()
            continue
        if last.tag in _VOID_TAGS:
            return
        node = last


def _remove_trailing_mobile_signature(root: _Element) -> bool:
    node: _Element = root
    while True:
        last: int | None = None
        for index in range(len(node.children) - 1, -1, -1):
            child = node.children[index]
            if isinstance(child, str):
                if child.strip():
                    last = index
                    break
            elif child.tag not in _DROP_TAGS and not _is_empty(child):
                last = index
                break
        if last is None:
            return False
        found = node.children[last]
        if isinstance(found, str):
            if _MOBILE_SIGNATURE_RE.match(" ".join(found.split())):
                del node.children[last]
                return True
            return False
        if found.tag in _VOID_TAGS:
            return False
        node = found


def _visible_content(root: _Element) -> bool:
    return bool(root.text().strip()) or root.has_image()


@dataclass(frozen=True, slots=True)
class HtmlViews:
    """One HTML body, parsed once, seen four ways (none of them sanitised).

    `html` is the document without head, scripts, styles and hidden elements;
    `text` is it rendered as plain text; `visible_html` / `visible_text` are the
    same with quoted history and signatures removed (they equal the full views
    when nothing was removed or nothing visible would remain).
    """

    html: str
    text: str
    visible_html: str
    visible_text: str


def _strip_tree(root: _Element) -> bool:
    """Remove quoted history and signatures from `root` in place; True if changed."""
    changed = False
    point = _truncation_point(root)
    if point is not None:
        _truncate_at(*point)
        changed = True
    removals = [element for element in root.iter() if _should_remove(element)]
    removal_ids = {id(element) for element in removals}
    for element in removals:
        if _has_ancestor_in(element, removal_ids):
            continue
        if element.tag == "blockquote" or "gmail_quote" in element.classes():
            _remove_attribution_before(element)
        element.detach()
        changed = True
    changed = _remove_trailing_mobile_signature(root) or changed
    if changed:
        _trim_trailing(root)
    return changed


def split_html(markup: str) -> HtmlViews:
    """Parse `markup` once and return its full and visible HTML and text views.

    See `strip_quoted_html` for what counts as quoted history.
    """
    root = _parse_html(markup)
    full_html = _serialise(root).strip()
    full_text = _root_text(root)
    if not _strip_tree(root) or not _visible_content(root):
        return HtmlViews(full_html, full_text, full_html, full_text)
    return HtmlViews(full_html, full_text, _serialise(root).strip(), _root_text(root))


def strip_quoted_html(markup: str) -> str:
    """Return `markup` with quoted history and signatures removed (NOT sanitised).

    Truncates at Outlook's reply header (`#appendonsend`, `#divRplyFwdMsg`, the
    border-top "From:" block, "-----Original Message-----"), removes Gmail's
    `gmail_quote` / `gmail_signature`, Apple Mail's and Thunderbird's
    `blockquote type="cite"` (with the attribution line before it), Thunderbird's
    `moz-cite-prefix`, Yahoo's `yahoo_quoted` and a trailing "Sent from my iPhone".
    The document head, scripts, styles and hidden elements are dropped. If nothing
    visible would remain, the whole document is returned (also without them).
    """
    return split_html(markup).visible_html


def clean_html(markup: str) -> str:
    """Return `markup` re-serialised without head, scripts, styles and hidden elements.

    Hidden (`display:none`, `mso-hide:all`) elements are dropped because sanitising
    removes the style attribute that hid them. The result is NOT sanitised.
    """
    return _serialise(_parse_html(markup)).strip()


def _has_ancestor_in(element: _Element, ids: set[int]) -> bool:
    ancestor = element.parent
    while ancestor is not None:
        if id(ancestor) in ids:
            return True
        ancestor = ancestor.parent
    return False


# --------------------------------------------------------------------------------------
# HTML to text
# --------------------------------------------------------------------------------------

_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.IGNORECASE)
_HTML_SPACE_RE = re.compile(r"[ \t\r\n\f]+")  # HTML whitespace: not &nbsp;
_ZERO_WIDTH_RE = re.compile("[\u200b\u2060\ufeff\u034f\u00ad]")


class _TextWriter:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        if not text:
            return
        if not text.strip(" ") and (not self.parts or self._tail().endswith("\n")):
            return  # inter-element whitespace at the start of a line
        self.parts.append(text)

    def _tail(self) -> str:
        return "".join(self.parts[-3:])[-2:]

    def newline(self) -> None:
        if self.parts and not self._tail().endswith("\n"):
            self.parts.append("\n")

    def blank_line(self) -> None:
        if not self.parts:
            return
        tail = self._tail()
        if tail.endswith("\n\n"):
            return
        self.parts.append("\n" if tail.endswith("\n") else "\n\n")

    def value(self) -> str:
        return "".join(self.parts)


def _render(element: _Element, writer: _TextWriter, preformatted: bool = False) -> None:
    for child in element.children:
        if isinstance(child, str):
            if preformatted:
                writer.write(child.replace("\r\n", "\n"))
            else:
                writer.write(_HTML_SPACE_RE.sub(" ", child))
            continue
        tag = child.tag
        if tag in _DROP_TAGS or _HIDDEN_STYLE_RE.search(child.attr("style")):
            continue
        if tag == "br":
            writer.write("\n")
        elif tag == "hr":
            writer.newline()
            writer.write("_" * 32)
            writer.write("\n")
        elif tag == "img":
            alt = " ".join(child.attr("alt").split())
            if alt:
                writer.write(f"[{alt}]")
        elif tag == "blockquote":
            inner = _TextWriter()
            _render(child, inner, preformatted)
            quoted = _finish(inner.value())
            writer.newline()
            if quoted:
                writer.write("\n".join(f"> {line}" if line else ">" for line in quoted.split("\n")))
            writer.newline()
        elif tag == "li":
            writer.newline()
            writer.write("- ")
            _render(child, writer, preformatted)
            writer.newline()
        elif tag in ("td", "th"):
            writer.write(" ")
            _render(child, writer, preformatted)
            writer.write(" ")
        elif tag == "p" and "msonormal" not in child.classes():
            writer.blank_line()
            _render(child, writer, preformatted)
            writer.blank_line()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre"):
            writer.blank_line()
            _render(child, writer, preformatted or tag == "pre")
            writer.blank_line()
        elif tag in _BLOCK_TAGS:
            writer.newline()
            _render(child, writer, preformatted)
            writer.newline()
        else:
            _render(child, writer, preformatted)


def _finish(text: str) -> str:
    text = _ZERO_WIDTH_RE.sub("", text)
    lines = [" ".join(line.split()) for line in text.replace("\xa0", " ").split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


def html_to_text(markup: str) -> str:
    """Render HTML as readable plain text.

    Block elements become line breaks, paragraphs and headings blank lines, list
    items "- " lines, blockquotes "> " quoted lines and images their "[alt]" text;
    the head, scripts, styles and `display:none` elements are skipped.
    """
    return _root_text(_parse_html(markup))


def _root_text(root: _Element) -> str:
    writer = _TextWriter()
    _render(root, writer)
    return _finish(writer.value())
