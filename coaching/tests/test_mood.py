"""Customer mood scoring and conversation trajectories."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from coaching import mood as mood_module
from coaching.mood import MOODS, VALENCE, MoodResult, mood_trajectory, score_mood


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You people are thieves. I'm calling my lawyer!!", "angry"),
        ("This is the third time I've written. Still no refund.", "frustrated"),
        ("Please help, my rent payment bounced and I'm really worried.", "anxious"),
        ("I don't understand what 'pending settlement' means.", "confused"),
        ("Really disappointed, I expected better after ten years as a customer.", "disappointed"),
        ("Can you send me invoice 4471?", "neutral"),
        ("Thank you so much, that fixed it!", "pleased"),
    ],
)
def test_mood_of_typical_messages(text: str, expected: str) -> None:
    assert score_mood(text).mood == expected


def test_result_reports_the_cues_that_fired() -> None:
    result = score_mood("You people are thieves. I'm calling my lawyer!!")
    assert result.cues == (
        "insult (\u201cthieves\u201d)",
        "hostile address (\u201cYou people\u201d)",
        "legal or official threat (\u201clawyer\u201d)",
        "repeated ! or ?!",
    )


def test_compound_is_vaders_compound() -> None:
    text = "Thank you so much, that fixed it!"
    expected = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert score_mood(text).compound == pytest.approx(expected)


def test_sarcasm_overrides_positive_words() -> None:
    result = score_mood("Great, just great. Another delay.")
    assert result.compound > 0.5  # VADER alone reads this as happy
    assert result.mood == "angry"
    assert any(cue.startswith("sarcasm") for cue in result.cues)


def test_masked_profanity_is_recognised() -> None:
    result = score_mood("f***ing useless, the lot of you")
    assert result.mood == "angry"
    assert "profanity (\u201cf***ing\u201d)" in result.cues


def test_capitals_make_the_same_words_angry() -> None:
    assert score_mood("where is my order").mood == "neutral"
    shouted = score_mood("WHERE IS MY ORDER")
    assert shouted.mood == "angry"
    assert any(cue.startswith("capitals") for cue in shouted.cues)


def test_negated_emotion_word_does_not_count() -> None:
    result = score_mood("I'm not angry, just disappointed.")
    assert result.mood == "disappointed"
    assert not any(cue.startswith("anger words") for cue in result.cues)


def test_weak_sarcasm_needs_other_negative_evidence() -> None:
    assert score_mood("Well done, the team did a great job on the install.").mood == "pleased"
    assert score_mood("The fix broke everything again. Well done.").mood in ("angry", "frustrated")


def test_prior_contacts_push_a_plain_question_to_frustrated() -> None:
    assert score_mood("Any update on my refund?").mood == "neutral"
    chased = score_mood("Any update on my refund?", prior_contacts=3)
    assert chased.mood == "frustrated"
    assert "3 earlier contact(s) on this issue" in chased.cues


def test_intensity_is_zero_for_neutral_and_within_bounds() -> None:
    assert score_mood("Please update my address.").intensity == 0.0
    loud = score_mood("THIS IS A DISGRACE!!! I want my money back NOW or I'm calling my lawyer")
    assert loud.mood == "angry"
    assert 0.8 <= loud.intensity <= 1.0


def test_stronger_wording_gives_higher_intensity() -> None:
    mild = score_mood("I'm a bit annoyed the parcel is late.")
    strong = score_mood(
        "I'm so frustrated, the parcel is late AGAIN and nobody has replied in a week."
    )
    assert mild.mood == strong.mood == "frustrated"
    assert strong.intensity > mild.intensity


def test_analyzer_is_created_once_and_reused() -> None:
    score_mood("hello")
    first = mood_module._ANALYZER
    score_mood("hello again")
    assert first is not None
    assert mood_module._ANALYZER is first


def test_every_mood_has_a_valence_and_negativity_is_consistent() -> None:
    assert set(VALENCE) == set(MOODS)
    assert score_mood("Thank you so much!").is_negative is False
    assert score_mood("I don't understand the bill.").is_negative is True


# ------------------------------------------------------------------------ trajectory


def _result(mood: str, intensity: float = 0.5) -> MoodResult:
    return MoodResult(mood=mood, intensity=intensity, compound=0.0, cues=())


def test_valence_scales_with_intensity() -> None:
    assert _result("angry", 1.0).valence == -3.0
    assert _result("angry", 0.0).valence == -1.5
    assert _result("neutral", 0.0).valence == 0.0


@pytest.mark.parametrize(
    ("moods", "expected"),
    [
        (["angry", "frustrated", "neutral", "pleased"], "improving"),
        (["pleased", "neutral", "angry"], "worsening"),
        (["neutral", "neutral", "neutral"], "steady"),
        (["frustrated"], "steady"),
        ([], "steady"),
        (["angry", "neutral", "angry"], "steady"),
    ],
)
def test_trajectory(moods: list[str], expected: str) -> None:
    assert mood_trajectory([_result(m) for m in moods]) == expected


def test_trajectory_looks_at_recent_messages_in_a_long_thread() -> None:
    history = [_result("neutral") for _ in range(10)] + [_result("angry", 0.9)]
    assert mood_trajectory(history) == "worsening"
    assert mood_trajectory(history, window=20) == "steady"


def test_trajectory_from_scored_messages() -> None:
    thread = [
        score_mood("This is ridiculous, I've asked three times and still no refund!!"),
        score_mood("Ok, thanks for checking."),
        score_mood("Got it, thank you so much, that's sorted now."),
    ]
    assert [r.mood for r in thread] == ["angry", "neutral", "pleased"]
    assert mood_trajectory(thread) == "improving"
