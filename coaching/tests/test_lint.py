"""The reply coach engine: findings, context handling, suggestions, whole-reply checks."""

from __future__ import annotations

from typing import Any

import pytest

from coaching.lint import (
    Finding,
    LintSettings,
    PhraseRule,
    RuleError,
    apply_suggestion,
    default_rules,
    lint_reply,
    rule_problems,
)


def spans(text: str, **kwargs: Any) -> list[tuple[str, int, int, str]]:
    report = lint_reply(text, **kwargs)
    return [(f.rule_id, f.start, f.end, f.text) for f in report.findings]


# ------------------------------------------------------------------- phrase findings


def test_policy_and_demand_give_exactly_two_findings_with_offsets() -> None:
    text = "It's our policy, you will have to wait"
    assert spans(text) == [
        ("policy", 0, 15, "It's our policy"),
        ("you-will-have-to", 17, 33, "you will have to"),
    ]


def test_finding_offsets_point_into_the_original_text() -> None:
    text = "Thanks, Anna. Unfortunately, the part is out of stock."
    report = lint_reply(text)
    assert [(f.rule_id, f.start, f.end) for f in report.findings] == [("unfortunately", 14, 27)]
    finding = report.findings[0]
    assert text[finding.start : finding.end] == "Unfortunately"
    assert finding.suggestions == ("What I can do is", "The good news is")
    assert "regret" in finding.explanation


def test_curly_apostrophes_match_and_keep_the_original_characters() -> None:
    assert spans("I don\u2019t know why.") == [("i-dont-know", 0, 12, "I don\u2019t know")]


def test_a_hard_wrapped_line_still_matches_across_the_break() -> None:
    assert spans("I don't\nknow why it failed.") == [("i-dont-know", 0, 12, "I don't\nknow")]


def test_matching_is_case_insensitive_and_word_bounded() -> None:
    assert spans("NO PROBLEM, done.")[0][:3] == ("no-problem", 0, 10)
    assert spans("Sadie will call you tomorrow at 10 am.") == []


@pytest.mark.parametrize(
    "text",
    [
        "> No problem, I'll wait.\nThanks, Jo, the engineer comes on Tuesday at 10 am.",
        "You said \"I don't know what to do\" and I understand why; I've booked a call at 2 pm.",
        "You wrote: I don't know what to do anymore.\nThanks for telling me.",
        "On Monday, Ali wrote:\n> That's not my department.\nI'm sorry; I've taken this over.",
        "The app shows \u201cOne moment please\u201d while it loads.",
    ],
)
def test_text_quoted_from_the_customer_is_not_flagged(text: str) -> None:
    assert spans(text) == []


def test_unquoted_text_next_to_a_quote_is_still_checked() -> None:
    text = "> Can I return it?\nNo problem, send it back."
    assert spans(text) == [("no-problem", 19, 29, "No problem")]


@pytest.mark.parametrize(
    "text",
    [
        "I don't know, but I'll find out.",
        "I don't know off-hand. Let me find out for you by noon.",
        "I'm not sure which warehouse sent it; let me check.",
    ],
)
def test_not_knowing_followed_by_finding_out_is_fine(text: str) -> None:
    assert spans(text) == []


def test_not_knowing_on_its_own_is_flagged() -> None:
    assert spans("I don't know.") == [("i-dont-know", 0, 12, "I don't know")]


def test_finding_out_two_sentences_later_does_not_excuse_it() -> None:
    text = "I don't know. The warehouse is closed. Let me find out tomorrow."
    assert [s[0] for s in spans(text)] == ["i-dont-know"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No problem!", [("no-problem", 0, 10, "No problem")]),
        ("That's not a problem.", [("no-problem", 7, 20, "not a problem")]),
        ("There's no problem with your account.", []),
        ("No problem with your order was found.", []),
        ("We found no problem on our side.", []),
    ],
)
def test_no_problem_as_a_phrase_versus_as_a_noun(
    text: str, expected: list[tuple[str, int, int, str]]
) -> None:
    assert spans(text) == expected


def test_negated_or_reported_speech_is_not_the_agents_phrase() -> None:
    assert spans("We never say it's policy without explaining why.") == []
    assert spans("Your colleague told you it's our policy, and that was wrong.") == []
    assert [s[0] for s in spans("As I said, it's our policy.")] == ["as-i-said", "policy"]


def test_you_wont_have_to_is_not_a_demand() -> None:
    assert spans("You won't have to fill in the form again.") == []
    assert spans("If you need to change it, reply here.") == []


def test_but_only_counts_after_good_news() -> None:
    assert [s[0] for s in spans("Your refund is approved, but it takes five days.")] == [
        "but-after-good-news"
    ]
    assert spans("Your order was delayed, but it's now on its way.") == []


def test_vague_promise_is_fine_once_a_time_is_given() -> None:
    assert [s[0] for s in spans("I'll get back to you.")] == ["get-back-no-time"]
    assert spans("I'll get back to you by noon tomorrow.") == []


def test_findings_are_sorted_by_position() -> None:
    report = lint_reply("Unfortunately I don't know. No problem though.")
    assert [f.rule_id for f in report.findings] == ["unfortunately", "i-dont-know", "no-problem"]
    assert [f.start for f in report.findings] == sorted(f.start for f in report.findings)


# ------------------------------------------------------------------------ suggestions


def test_apply_suggestion_mid_sentence_lowercases_the_replacement() -> None:
    text = "Sure, no problem!"
    finding = lint_reply(text).findings[0]
    assert apply_suggestion(text, finding, "Happy to help") == "Sure, happy to help!"


def test_apply_suggestion_at_sentence_start_capitalises() -> None:
    text = "Done. no problem, it's sent."
    finding = lint_reply(text).findings[0]
    assert apply_suggestion(text, finding, "happy to help") == "Done. Happy to help, it's sent."


def test_apply_suggestion_keeps_the_pronoun_i_capitalised() -> None:
    text = "Well, I don\u2019t know why."
    finding = lint_reply(text).findings[0]
    assert apply_suggestion(text, finding, "I'll find out") == "Well, I'll find out why."


def test_empty_suggestion_removes_the_phrase_and_its_comma() -> None:
    text = "To be honest, the old model was better."
    finding = lint_reply(text).findings[0]
    assert apply_suggestion(text, finding, "") == "The old model was better."


def test_apply_suggestion_refuses_stale_text() -> None:
    finding = lint_reply("Sure, no problem!").findings[0]
    with pytest.raises(ValueError, match="changed"):
        apply_suggestion("Sure, no worries at all!", finding, "happy to help")


# ------------------------------------------------------------------- whole-reply checks


def test_name_check_accepts_the_first_name_and_skips_honorifics() -> None:
    report = lint_reply("Hi Anna, thanks for writing.", customer_name="Ms Anna Lee")
    assert report.check("name").passed is True
    assert report.check("name").spans == ((3, 7),)


def test_name_check_fails_without_the_name_and_says_which() -> None:
    check = lint_reply("Hello, thanks for writing.", customer_name="Anna Lee").check("name")
    assert check.passed is False
    assert "(Anna)" in check.message


def test_name_in_a_quote_does_not_count() -> None:
    check = lint_reply("> Anna here.\nThanks for writing.", customer_name="Anna").check("name")
    assert check.passed is False


def test_name_check_is_not_applicable_without_a_name() -> None:
    assert lint_reply("Hello.").check("name").passed is None


def test_thanks_check() -> None:
    assert lint_reply("Thank you for the photos.").check("thanks").passed is True
    assert lint_reply("We appreciate your patience.").check("thanks").passed is True
    assert lint_reply("Here is the invoice.").check("thanks").passed is False


def test_apology_is_required_only_for_complaints() -> None:
    assert lint_reply("Here it is.").check("apology").passed is None
    assert lint_reply("Here it is.", is_complaint=True).check("apology").passed is False
    sorry = lint_reply("I'm sorry the parcel was late.", is_complaint=True).check("apology")
    assert sorry.passed is True
    assert sorry.spans == ((4, 9),)


def test_a_non_apology_does_not_satisfy_the_apology_check() -> None:
    check = lint_reply("We apologise for any inconvenience caused.", is_complaint=True).check(
        "apology"
    )
    assert check.passed is False
    assert "any inconvenience" in check.message


@pytest.mark.parametrize(
    ("text", "passed", "fragment"),
    [
        ("I'll call you by 3 pm tomorrow.", True, "by when"),
        ("Please reply with the serial number by Friday.", True, "by when"),
        ("I'll look into it.", False, "no time"),
        ("Here is the information you asked for.", False, "who will do what"),
    ],
)
def test_next_step_needs_who_does_what_by_when(text: str, passed: bool, fragment: str) -> None:
    check = lint_reply(text).check("next_step")
    assert check.passed is passed
    assert fragment in check.message


def test_jargon_check_finds_configured_terms_case_insensitively() -> None:
    text = "Your SLA is in the Escalation  Matrix."
    check = lint_reply(text, jargon=["SLA", "escalation matrix", "RMA"]).check("jargon")
    assert check.passed is False
    assert check.spans == ((5, 8), (19, 37))
    assert "SLA, escalation matrix" in check.message
    assert lint_reply(text).check("jargon").passed is None
    assert lint_reply("Plain words only.", jargon=["SLA"]).check("jargon").passed is True


def test_shouting_ignores_short_acronyms() -> None:
    check = lint_reply("Please send the PDF and your ID, plus the VAT receipt.").check("shouting")
    assert check.passed is True
    assert check.spans == ()


def test_shouting_flags_capitalised_words_and_runs() -> None:
    loud = lint_reply("This is VERY IMPORTANT, please READ it.").check("shouting")
    assert loud.passed is False
    assert loud.spans == ((8, 12), (13, 22), (31, 35))
    run = lint_reply("I AM SO SORRY about this.").check("shouting")
    assert run.passed is False
    assert run.spans == ((2, 4), (5, 7), (8, 13))


def test_shouting_threshold_is_configurable() -> None:
    text = "This is IMPORTANT."
    assert lint_reply(text).check("shouting").passed is True
    strict = LintSettings(shout_min_words=1)
    assert lint_reply(text, settings=strict).check("shouting").passed is False


def test_long_reply_check_uses_the_word_threshold() -> None:
    text = "word " * 12
    report = lint_reply(text, settings=LintSettings(max_words=10))
    assert report.word_count == 12
    assert report.check("length").passed is False
    assert "12 words" in report.check("length").message
    assert lint_reply(text).check("length").passed is True


def test_a_good_reply_is_clean() -> None:
    text = (
        "Hi Anna, thank you for letting us know. I'm sorry the parcel arrived damaged. "
        "I've sent a replacement, and it will reach you by Thursday at noon."
    )
    report = lint_reply(text, customer_name="Anna Lee", is_complaint=True)
    assert report.findings == ()
    assert report.failed_checks == ()
    assert report.is_clean


# ----------------------------------------------------------------------- custom rules


def test_rules_can_be_given_as_plain_dicts() -> None:
    rule = {
        "id": "per-se",
        "pattern": "per se",
        "explanation": "Latin tags read as stiff.",
        "suggestions": ["as such"],
    }
    assert spans("It is not a fault per se.", rules=[rule]) == [("per-se", 18, 24, "per se")]


def test_disabled_rules_are_skipped() -> None:
    rule = PhraseRule(id="x", pattern="hello", explanation="e", enabled=False)
    assert spans("hello there", rules=[rule]) == []


def test_a_space_in_a_pattern_matches_any_whitespace() -> None:
    rule = PhraseRule(id="x", pattern="good morning", explanation="e")
    assert spans("Good \t morning!", rules=[rule]) == [("x", 0, 14, "Good \t morning")]


def test_an_invalid_pattern_raises_rule_error() -> None:
    rule = PhraseRule(id="broken", pattern="(unclosed", explanation="e")
    with pytest.raises(RuleError, match="broken"):
        lint_reply("anything", rules=[rule])


def test_rule_problems_reports_examples_that_misbehave() -> None:
    rule = PhraseRule(
        id="sorry",
        pattern="sorry",
        explanation="e",
        must_match=("I regret it.",),
        must_not_match=("Sorry about that.",),
    )
    assert rule_problems(rule) == [
        "does not match 'I regret it.'",
        "matches 'Sorry about that.', which it must not",
    ]
    assert rule_problems({**rule.to_dict(), "pattern": "("})[0].startswith("rule 'sorry'")


def test_default_rules_are_built_once() -> None:
    assert default_rules() is default_rules()


def test_finding_is_plain_data() -> None:
    finding = lint_reply("No problem.").findings[0]
    assert finding == Finding(
        rule_id="no-problem",
        start=0,
        end=10,
        text="No problem",
        explanation=finding.explanation,
        suggestions=("happy to help", "my pleasure", "glad to help"),
        category="filler",
    )
