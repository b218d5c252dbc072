"""Reply coach: checks an agent's draft reply for phrases to avoid and for the
things every good reply has (the customer's name, thanks, an apology for a
complaint, a clear next step).

Framework-free: rules are plain data (`PhraseRule`, or dicts shaped like
`coaching.rules_starter.RuleSpec`), so a Django layer can store and edit them.

Offsets in findings always refer to the original text. Text quoted from the
customer (lines starting with ">", passages in double quotes, and what follows
"you wrote:") is masked out before any rule runs, so it never counts as the
agent's own wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coaching.rules_starter import STARTER_RULES, TIME_EXPRESSION

__all__ = [
    "DEFAULT_SETTINGS",
    "Finding",
    "LintReport",
    "LintSettings",
    "PhraseRule",
    "ReplyCheck",
    "RuleError",
    "apply_suggestion",
    "default_rules",
    "lint_reply",
    "rule_problems",
]


class RuleError(ValueError):
    """A rule's pattern (or one of its context patterns) is not a valid regex."""


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """One phrase to avoid. See `coaching.rules_starter` for the pattern conventions.

    An empty string in ``suggestions`` means "just remove the phrase".
    """

    id: str
    pattern: str
    explanation: str
    suggestions: tuple[str, ...] = ()
    category: str = "general"
    enabled: bool = True
    must_match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()
    unless_before: str = ""
    unless_after: str = ""
    requires_before: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PhraseRule:
        """Build a rule from a plain mapping (a `RuleSpec`, a model's ``values()`` row)."""
        return cls(
            id=str(data["id"]),
            pattern=str(data["pattern"]),
            explanation=str(data.get("explanation", "")),
            suggestions=tuple(data.get("suggestions", ())),
            category=str(data.get("category", "general")),
            enabled=bool(data.get("enabled", True)),
            must_match=tuple(data.get("must_match", ())),
            must_not_match=tuple(data.get("must_not_match", ())),
            unless_before=str(data.get("unless_before") or ""),
            unless_after=str(data.get("unless_after") or ""),
            requires_before=str(data.get("requires_before") or ""),
        )

    def to_dict(self) -> dict[str, Any]:
        """The rule as JSON-friendly plain data (lists, not tuples)."""
        return {
            "id": self.id,
            "pattern": self.pattern,
            "explanation": self.explanation,
            "suggestions": list(self.suggestions),
            "category": self.category,
            "enabled": self.enabled,
            "must_match": list(self.must_match),
            "must_not_match": list(self.must_not_match),
            "unless_before": self.unless_before,
            "unless_after": self.unless_after,
            "requires_before": self.requires_before,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """A phrase in the reply that a rule flags. ``text == reply[start:end]``."""

    rule_id: str
    start: int
    end: int
    text: str
    explanation: str
    suggestions: tuple[str, ...]
    category: str


@dataclass(frozen=True, slots=True)
class ReplyCheck:
    """A whole-reply check. ``passed`` is None when the check does not apply."""

    id: str
    passed: bool | None
    message: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class LintSettings:
    """Thresholds for the whole-reply checks."""

    max_words: int = 250
    #: Shouted words needed before the reply counts as shouting.
    shout_min_words: int = 2
    #: A lone all-caps word shorter than this is read as an acronym (PDF, ID, VAT).
    shout_min_letters: int = 4
    #: This many all-caps words in a row count as shouting whatever their length.
    shout_run: int = 3
    #: Longer all-caps words that are still acronyms, not shouting.
    acronyms: frozenset[str] = frozenset(
        {"ASAP", "HTTP", "HTTPS", "HTML", "JSON", "GDPR", "IBAN", "SWIFT", "OAUTH", "EMEA", "APAC",
         "BIOS", "UEFI", "IMAP", "SMTP", "FAQS", "PDFS", "URLS", "CSVS", "NASA", "ISBN", "IMEI"}
    )  # fmt: skip


DEFAULT_SETTINGS = LintSettings()


@dataclass(frozen=True, slots=True)
class LintReport:
    text: str
    findings: tuple[Finding, ...]
    checks: tuple[ReplyCheck, ...]
    word_count: int

    def check(self, check_id: str) -> ReplyCheck:
        for item in self.checks:
            if item.id == check_id:
                return item
        raise KeyError(check_id)

    @property
    def failed_checks(self) -> tuple[ReplyCheck, ...]:
        return tuple(item for item in self.checks if item.passed is False)

    @property
    def is_clean(self) -> bool:
        return not self.findings and not self.failed_checks


# --------------------------------------------------------------------------- patterns

# One code point in, one code point out: offsets stay valid.
_NORMALISE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00a0": " ",
    }
)


def _spaces_to_whitespace(pattern: str) -> str:
    """Turn literal spaces into ``\\s+`` (``\\s*`` for " ?").

    Spaces inside character classes and look-behinds (which must stay fixed-width)
    are left alone.
    """
    out: list[str] = []
    groups: list[bool] = []  # one entry per open group: is it a look-behind?
    i, n, in_class = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            # "]" or "^]" right after "[" are literal members of the class.
            j = i + 1
            j += pattern.startswith("^", j)
            j += pattern.startswith("]", j)
            out.append(pattern[i:j])
            i, in_class = j, True
            continue
        elif ch == "(":
            groups.append(pattern.startswith(("?<=", "?<!"), i + 1) or any(groups))
        elif ch == ")" and groups:
            groups.pop()
        elif ch == " " and not any(groups):
            while i + 1 < n and pattern[i + 1] == " ":
                i += 1
            if i + 1 < n and pattern[i + 1] in "?*":
                out.append(r"\s*")
                i += 2
                continue
            out.append(r"\s+")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=2048)
def _compile(pattern: str, *, phrase: bool) -> re.Pattern[str]:
    body = _spaces_to_whitespace(pattern)
    if phrase:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    rule: PhraseRule
    regex: re.Pattern[str]
    unless_before: re.Pattern[str] | None
    unless_after: re.Pattern[str] | None
    requires_before: re.Pattern[str] | None


@lru_cache(maxsize=1024)
def _compile_rule(rule: PhraseRule) -> _CompiledRule:
    def context(field_name: str, source: str) -> re.Pattern[str] | None:
        if not source:
            return None
        try:
            return _compile(source, phrase=False)
        except re.error as exc:
            raise RuleError(f"rule {rule.id!r}: {field_name} is not a valid regex: {exc}") from exc

    if not rule.pattern.strip():
        raise RuleError(f"rule {rule.id!r}: pattern is empty")
    try:
        regex = _compile(rule.pattern, phrase=True)
    except re.error as exc:
        raise RuleError(f"rule {rule.id!r}: pattern is not a valid regex: {exc}") from exc
    if regex.search(""):
        raise RuleError(f"rule {rule.id!r}: pattern matches empty text")
    return _CompiledRule(
        rule=rule,
        regex=regex,
        unless_before=context("unless_before", rule.unless_before),
        unless_after=context("unless_after", rule.unless_after),
        requires_before=context("requires_before", rule.requires_before),
    )


_DEFAULT_RULES: tuple[PhraseRule, ...] | None = None


def default_rules() -> tuple[PhraseRule, ...]:
    """The starter rules as `PhraseRule` objects (built once)."""
    global _DEFAULT_RULES
    if _DEFAULT_RULES is None:
        _DEFAULT_RULES = tuple(PhraseRule.from_dict(spec) for spec in STARTER_RULES)
    return _DEFAULT_RULES


def _as_rules(rules: Iterable[PhraseRule | Mapping[str, Any]] | None) -> list[_CompiledRule]:
    source = default_rules() if rules is None else rules
    compiled: list[_CompiledRule] = []
    for item in source:
        rule = item if isinstance(item, PhraseRule) else PhraseRule.from_dict(item)
        if rule.enabled:
            compiled.append(_compile_rule(rule))
    return compiled


# ------------------------------------------------------------------- quotes, sentences

_QUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_QUOTE_INTRO = re.compile(
    r"\b(?:wrote|writes|said|says|asked|mentioned|told us|told me|put it)[ \t]*:[ \t]*",
    re.IGNORECASE,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (already normalised) that quote the customer."""
    spans = [(m.start(), m.end()) for m in _QUOTE_LINE.finditer(text)]
    for m in _QUOTE_INTRO.finditer(text):
        pos = m.end()
        if pos < len(text) and text[pos] == '"':
            continue  # the quote itself is masked below
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end == -1 else line_end
        if text[pos:line_end].strip():
            spans.append((pos, line_end))
            continue
        following = line_end + 1
        if following >= len(text) or text[following:].lstrip(" \t").startswith(">"):
            continue
        blank = _BLANK_LINE.search(text, line_end)
        spans.append((following, blank.start() if blank else len(text)))
    # Double quotes, paired within a paragraph.
    for para_start, para_end in _paragraphs(text):
        open_at = -1
        for i in range(para_start, para_end):
            if text[i] == '"':
                if open_at < 0:
                    open_at = i
                else:
                    spans.append((open_at, i + 1))
                    open_at = -1
    return spans


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for m in _BLANK_LINE.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


_BOUNDARY = re.compile(r"[.!?\u2026]+[\"')\]]*(?=\s)|\n")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "mr", "mrs", "ms", "dr", "approx", "vs", "ref", "st", "fig"}
)
_LAST_WORD = re.compile(r"([\w.]+)$")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end), trimmed of whitespace."""
    cuts: list[tuple[int, int]] = []  # (end of this sentence, start of the next)
    for m in _BOUNDARY.finditer(text):
        # Only the neighbourhood of a boundary matters; small windows keep this linear.
        if m.group() == "\n":
            before = text[max(0, m.start() - 80) : m.start()].rstrip(" \t")
            after = text[m.end() : m.end() + 80].lstrip(" \t")
            # A hard-wrapped line: continues mid-sentence.
            if before and after and before[-1].isalnum() and after[:1].islower():
                continue
            cuts.append((m.start(), m.end()))
            continue
        word = _LAST_WORD.search(text, max(0, m.start() - 20), m.start())
        if m.group().startswith(".") and word:
            abbrev = word.group(1).lower().rstrip(".")
            following = text[m.end() : m.end() + 20].lstrip()
            if abbrev in _ABBREVIATIONS or (abbrev == "no" and following[:1].isdigit()):
                continue
        cuts.append((m.end(), m.end()))
    spans: list[tuple[int, int]] = []
    start = 0
    for end, next_start in [*cuts, (len(text), len(text))]:
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
        start = next_start
    return spans


# ------------------------------------------------------------------------ findings

# Reported or negated speech right before a phrase: "we never say ...", "he told you ...".
_META_BEFORE = re.compile(
    r"(?:\b(?:never|not|n't|won't|wouldn't) (?:say|said|tell you|use|write)"
    r"|\b(?!(?:I|we)\b)\w+ (?:said|says|told you|wrote|claimed|mentioned|was told|were told))"
    r"(?: (?:that|to you|the words?|the phrase))?,?\s*$",
    re.IGNORECASE,
)


def _find_phrases(
    text: str, masked: str, sentences: Sequence[tuple[int, int]], rules: Sequence[_CompiledRule]
) -> list[Finding]:
    findings: list[Finding] = []
    for index, (s, e) in enumerate(sentences):
        sentence = masked[s:e]
        window_start = sentences[index - 1][0] if index else s
        window_end = sentences[index + 1][1] if index + 1 < len(sentences) else e
        for compiled in rules:
            for m in compiled.regex.finditer(sentence):
                start, end = s + m.start(), s + m.end()
                before = masked[window_start:start]
                after = masked[end:window_end]
                if compiled.requires_before and not compiled.requires_before.search(before):
                    continue
                if compiled.unless_before and compiled.unless_before.search(before):
                    continue
                if compiled.unless_after and compiled.unless_after.search(after):
                    continue
                if _META_BEFORE.search(masked[s:start]):
                    continue
                rule = compiled.rule
                findings.append(
                    Finding(
                        rule_id=rule.id,
                        start=start,
                        end=end,
                        text=text[start:end],
                        explanation=rule.explanation,
                        suggestions=rule.suggestions,
                        category=rule.category,
                    )
                )
    findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return findings


# -------------------------------------------------------------------- reply checks

_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:'[A-Za-z]+)*")
_THANKS = re.compile(r"\b(?:thank(?:s|\s+you)?|thx|appreciate[sd]?|grateful)\b", re.IGNORECASE)
_APOLOGY = re.compile(r"\b(?:sorry|apologi[sz](?:e|es|ed|ing)|apolog(?:y|ies))\b", re.IGNORECASE)
_COMMITMENT = re.compile(
    r"(?:\b(?:will|shall|going to)\b|'ll\b|\b(?:is|are) (?:due|booked|scheduled)\b"
    r"|\b(?:booked|scheduled|arranged|rebooked)\b|\bshould (?:arrive|reach|receive|get|hear|see)\b"
    r"|\bcan expect\b)",
    re.IGNORECASE,
)
# A request to the customer with a time is a next step too ("please reply by Friday").
_REQUEST = re.compile(r"\b(?:please|could you|can you|would you)\b", re.IGNORECASE)
_TIME = _compile(TIME_EXPRESSION, phrase=False)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam"})


def _name_check(masked: str, customer_name: str | None) -> ReplyCheck:
    if not customer_name or not customer_name.strip():
        return ReplyCheck("name", None, "No customer name given, so the greeting was not checked.")
    parts = [p for p in re.split(r"[\s,]+", customer_name.strip()) if p]
    parts = [p for p in parts if p.lower().rstrip(".") not in _HONORIFICS] or parts
    spans: list[tuple[int, int]] = []
    for part in parts:
        if len(part.rstrip(".")) < 2:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)", re.IGNORECASE)
        spans.extend((m.start(), m.end()) for m in pattern.finditer(masked))
    if spans:
        return ReplyCheck("name", True, "Addresses the customer by name.", tuple(sorted(spans)))
    return ReplyCheck(
        "name",
        False,
        f"The reply never uses the customer's name ({parts[0]}). Using it shows you are "
        "talking to a person, not working through a queue.",
    )


def _thanks_check(masked: str) -> ReplyCheck:
    spans = tuple((m.start(), m.end()) for m in _THANKS.finditer(masked))
    if spans:
        return ReplyCheck("thanks", True, "Thanks the customer.", spans)
    return ReplyCheck(
        "thanks",
        False,
        "There is no thank-you. Thank them for writing in, for their patience, or for the "
        "details they sent.",
    )


def _apology_check(masked: str, is_complaint: bool, findings: Sequence[Finding]) -> ReplyCheck:
    if not is_complaint:
        return ReplyCheck("apology", None, "Not a complaint, so no apology is required.")
    hollow = [(f.start, f.end) for f in findings if f.category == "non-apology"]
    spans = tuple(
        (m.start(), m.end())
        for m in _APOLOGY.finditer(masked)
        if not any(s <= m.start() < e for s, e in hollow)
    )
    if spans:
        return ReplyCheck("apology", True, "Apologises for what went wrong.", spans)
    message = (
        "This is a complaint and the reply has no real apology. Say sorry for the specific "
        "thing that went wrong."
    )
    if hollow:
        message += " Regret for 'any inconvenience' or for how they feel does not count."
    return ReplyCheck("apology", False, message)


def _next_step_check(masked: str, sentences: Sequence[tuple[int, int]]) -> ReplyCheck:
    promised: list[tuple[int, int]] = []
    for s, e in sentences:
        sentence = masked[s:e]
        committed = _COMMITMENT.search(sentence) is not None
        if (committed or _REQUEST.search(sentence)) and _TIME.search(sentence):
            return ReplyCheck("next_step", True, "Says what happens next and by when.", ((s, e),))
        if committed:
            promised.append((s, e))
    if promised:
        return ReplyCheck(
            "next_step",
            False,
            "A next step is mentioned but with no time. Add when it will happen, so the "
            "customer knows when to expect it.",
            tuple(promised),
        )
    return ReplyCheck(
        "next_step",
        False,
        "The customer cannot tell what happens next. Say who will do what, and by when.",
    )


def _jargon_check(masked: str, jargon: Iterable[str]) -> ReplyCheck:
    terms = [t.strip() for t in jargon if t and t.strip()]
    if not terms:
        return ReplyCheck("jargon", None, "No jargon list configured.")
    spans: list[tuple[int, int]] = []
    used: list[str] = []
    for term in terms:
        pattern = _compile(re.escape(term).replace(r"\ ", " "), phrase=True)
        hits = [(m.start(), m.end()) for m in pattern.finditer(masked)]
        if hits:
            spans.extend(hits)
            used.append(term)
    if not used:
        return ReplyCheck("jargon", True, "No jargon from the list.")
    return ReplyCheck(
        "jargon",
        False,
        "Terms the customer may not know: "
        + ", ".join(used)
        + ". Use plain words or explain them briefly.",
        tuple(sorted(spans)),
    )


def _shouting_check(masked: str, settings: LintSettings) -> ReplyCheck:
    words = [m for m in _WORD.finditer(masked) if any(c.isalpha() for c in m.group())]
    shouted: set[int] = set()
    run: list[int] = []

    def close_run() -> None:
        if len(run) >= settings.shout_run:
            shouted.update(run)
        run.clear()

    for index, m in enumerate(words):
        word = m.group()
        letters = [c for c in word if c.isalpha()]
        if len(letters) < 2:  # "I", "A": neither shouting nor a break in a run
            continue
        if all(c.isupper() for c in letters) and not any(c.isdigit() for c in word):
            run.append(index)
            if len(letters) >= settings.shout_min_letters and word not in settings.acronyms:
                shouted.add(index)
        else:
            close_run()
    close_run()
    spans = tuple((words[i].start(), words[i].end()) for i in sorted(shouted))
    if len(spans) >= settings.shout_min_words:
        sample = ", ".join(masked[s:e] for s, e in spans[:5])
        return ReplyCheck(
            "shouting",
            False,
            f"{len(spans)} words in capitals read as shouting ({sample}). Write them in "
            "normal case; a short sentence carries emphasis better.",
            spans,
        )
    return ReplyCheck("shouting", True, "No shouting.", spans)


def _length_check(word_count: int, settings: LintSettings) -> ReplyCheck:
    if word_count > settings.max_words:
        return ReplyCheck(
            "length",
            False,
            f"The reply is {word_count} words; past {settings.max_words} it gets skimmed. "
            "Put the answer first and trim the rest.",
        )
    return ReplyCheck("length", True, f"{word_count} words.")


# ---------------------------------------------------------------------- public API


def lint_reply(
    text: str,
    *,
    rules: Iterable[PhraseRule | Mapping[str, Any]] | None = None,
    customer_name: str | None = None,
    is_complaint: bool = False,
    jargon: Iterable[str] = (),
    settings: LintSettings = DEFAULT_SETTINGS,
) -> LintReport:
    """Check a draft reply. ``rules=None`` uses the starter rules; disabled rules are skipped."""
    normalised = text.translate(_NORMALISE)
    masked = _mask(normalised, _quoted_spans(normalised))
    sentences = _sentence_spans(masked)
    findings = _find_phrases(text, masked, sentences, _as_rules(rules))
    word_count = sum(1 for _ in _WORD.finditer(masked))
    checks = (
        _name_check(masked, customer_name),
        _thanks_check(masked),
        _apology_check(masked, is_complaint, findings),
        _next_step_check(masked, sentences),
        _jargon_check(masked, jargon),
        _shouting_check(masked, settings),
        _length_check(word_count, settings),
    )
    return LintReport(text=text, findings=tuple(findings), checks=checks, word_count=word_count)


_REMOVAL_TAIL = re.compile(r"[ \t]*[,;:]?[ \t]*")


def apply_suggestion(text: str, finding: Finding, suggestion: str) -> str:
    """Replace the finding's span with ``suggestion``, keeping the sentence's capitalisation.

    An empty suggestion removes the phrase together with a comma right after it.
    Raises ValueError when the text no longer holds the flagged phrase at that span.
    """
    if text[finding.start : finding.end] != finding.text:
        raise ValueError("the text changed since it was checked; check it again")
    head, tail = text[: finding.start], text[finding.end :]
    before = head.rstrip(" \t")
    at_sentence_start = not before or before[-1] in ".!?\n" or head.endswith("\n")
    if not suggestion:
        removable = _REMOVAL_TAIL.match(tail)
        tail = tail[removable.end() :] if removable else tail
        if at_sentence_start and tail[:1].islower():
            tail = tail[0].upper() + tail[1:]
        elif not at_sentence_start and tail[:1] in (".", "!", "?", ","):
            head = before
        return head + tail
    first_word = re.match(r"[\w']+", suggestion)
    keeps_case = suggestion.startswith("{") or (
        first_word is not None and first_word.group() in {"I", "I'll", "I'm", "I've", "I'd"}
    )
    if not keeps_case:
        first = suggestion[0].upper() if at_sentence_start else suggestion[0].lower()
        suggestion = first + suggestion[1:]
    # "Dear Customer," -> "Hi {name}," must not leave two commas behind.
    stripped = tail.lstrip(" \t")
    if suggestion[-1] in ",;:" and stripped[:1] == suggestion[-1]:
        tail = stripped[1:]
    return head + suggestion + tail


def rule_problems(rule: PhraseRule | Mapping[str, Any]) -> list[str]:
    """Everything wrong with a rule, for an editing form: bad regexes and examples that
    do not behave as declared. An empty list means the rule is sound."""
    item = rule if isinstance(rule, PhraseRule) else PhraseRule.from_dict(rule)
    item = PhraseRule.from_dict({**item.to_dict(), "enabled": True})
    problems: list[str] = []
    if not item.id.strip():
        problems.append("the rule has no id")
    if not item.explanation.strip():
        problems.append("the rule has no explanation")
    try:
        _compile_rule(item)
    except RuleError as exc:
        return [*problems, str(exc)]
    for example in item.must_match:
        if not any(f.rule_id == item.id for f in lint_reply(example, rules=[item]).findings):
            problems.append(f"does not match {example!r}")
    for example in item.must_not_match:
        if any(f.rule_id == item.id for f in lint_reply(example, rules=[item]).findings):
            problems.append(f"matches {example!r}, which it must not")
    return problems
