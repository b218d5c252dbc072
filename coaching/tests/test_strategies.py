"""Strategy cards, temperament guessing, and the GUEST/BEST checklists."""

from __future__ import annotations

import itertools

import pytest

from coaching.mood import MOODS, MoodResult, score_mood
from coaching.strategies import (
    BEST,
    CHECKLISTS,
    GUEST,
    MOOD_PLAYBOOKS,
    TEMPERAMENT_GUIDES,
    TEMPERAMENTS,
    guess_temperament,
    strategy_for,
)


@pytest.mark.parametrize(
    ("mood", "temperament"), list(itertools.product(MOODS, (None, *TEMPERAMENTS)))
)
def test_every_mood_and_temperament_has_a_card(mood: str, temperament: str | None) -> None:
    card = strategy_for(mood, temperament)
    assert card.mood == mood
    assert card.temperament == temperament
    assert card.id == f"{mood}/{temperament or 'any'}"
    assert len(card.steps) >= 4
    assert card.title and card.summary


def test_angry_card_listens_first_and_never_says_calm_down() -> None:
    card = strategy_for("angry", None)
    assert card.title == "De-escalate first, then solve"
    assert card.steps[0].startswith("Let them finish without interrupting")
    assert any("Never tell them to calm down" in step for step in card.steps)
    assert card.steps[-1].startswith("Write everything on the ticket")
    assert card.tone == ()


def test_angry_temperament_gets_de_escalation_whatever_the_mood() -> None:
    card = strategy_for("anxious", "angry")
    assert card.steps == MOOD_PLAYBOOKS["angry"].steps
    assert card.tone == TEMPERAMENT_GUIDES["angry"].tone


def test_temperament_adds_tone_to_the_mood_steps() -> None:
    card = strategy_for("frustrated", "assertive")
    assert card.steps == MOOD_PLAYBOOKS["frustrated"].steps
    assert card.tone[0] == "Lead with the answer."
    assert card.title == "Own it and end the repeat contacts (assertive customer)"


def test_aggressive_tone_is_assertive_not_submissive() -> None:
    tone = strategy_for("neutral", "aggressive").tone
    assert tone[0].startswith("Stay assertive")


def test_disappointed_card_follows_service_recovery() -> None:
    steps = strategy_for("disappointed", None).steps
    assert "Apologise" in steps[1]
    assert "choices" in steps[2]
    assert steps[-1].startswith("Follow up")


@pytest.mark.parametrize(("mood", "temperament"), [("furious", None), ("angry", "grumpy")])
def test_unknown_mood_or_temperament_is_rejected(mood: str, temperament: str | None) -> None:
    with pytest.raises(ValueError, match="unknown"):
        strategy_for(mood, temperament)


def _neutral() -> MoodResult:
    return MoodResult(mood="neutral", intensity=0.0, compound=0.0, cues=())


def test_guess_temperament_angry_follows_the_mood() -> None:
    text = "You people are thieves. I'm calling my lawyer!!"
    assert guess_temperament(text, score_mood(text)) == "angry"


def test_guess_temperament_aggressive_from_demands_and_capitals() -> None:
    text = "I demand a refund and I want it TODAY."
    mood = MoodResult(mood="frustrated", intensity=0.6, compound=-0.3, cues=())
    assert guess_temperament(text, mood) == "aggressive"


def test_guess_temperament_amiable_from_pleasantries() -> None:
    text = "Hi there, hope you're well! Sorry to bother you, but the lamp I ordered flickers."
    assert guess_temperament(text, _neutral()) == "amiable"


def test_guess_temperament_assertive_for_short_direct_messages() -> None:
    assert guess_temperament("Order 5512 hasn't arrived. Where is it?", _neutral()) == "assertive"


def test_guest_checklist_in_order() -> None:
    assert GUEST.name == "GUEST"
    assert [i.key for i in GUEST.items] == ["greet", "understand", "explain", "suggest", "thank"]
    assert [i.label[0] for i in GUEST.items] == list("GUEST")


def test_best_checklist_in_order() -> None:
    assert [i.key for i in BEST.items] == ["begin", "establish", "satisfy", "thank_verify"]
    assert [i.label[0] for i in BEST.items] == list("BEST")
    assert "who will do what, by when" in BEST.items[-1].prompt


def test_checklists_by_id() -> None:
    assert CHECKLISTS == {"guest": GUEST, "best": BEST}
