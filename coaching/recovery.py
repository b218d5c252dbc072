"""The service recovery playbook as plain data: the steps, in order, and when a ticket qualifies.

Framework-free, so the steps can be shown, ticked and reported on by the Django layer
without the wording living in a template.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "RECOVERY_STEPS",
    "STEP_KEYS",
    "STRONG_MOODS",
    "STRONG_MOOD_INTENSITY",
    "RecoveryStep",
    "is_strong_negative",
]


@dataclass(frozen=True, slots=True)
class RecoveryStep:
    key: str
    label: str
    hint: str


RECOVERY_STEPS: tuple[RecoveryStep, ...] = (
    RecoveryStep(
        "react",
        "React straight away and own it",
        "Answer quickly, say who you are, and make clear you are the one who will see it through.",
    ),
    RecoveryStep(
        "apologise",
        "Show concern and apologise",
        "Say sorry for what they went through, and mean it; name what went wrong.",
    ),
    RecoveryStep(
        "contain",
        "Take it somewhere private",
        "If this started in public (a review, social media, a shared thread), continue by "
        "email or phone.",
    ),
    RecoveryStep(
        "facts",
        "Get the whole story",
        "Let them tell it without interruption and write down every fact you need.",
    ),
    RecoveryStep(
        "verify",
        "Check you understood",
        "Repeat the problem back in your own words and let them correct you.",
    ),
    RecoveryStep(
        "choices",
        "Offer choices",
        "Give them a say: a replacement or a refund, a repair or a credit, whatever fits.",
    ),
    RecoveryStep(
        "resolve",
        "Put it right",
        "Do what you agreed, take responsibility for it, and confirm it is done.",
    ),
    RecoveryStep(
        "close",
        "Apologise once more, thank them, invite them back",
        "End on a warm note: a last apology, thanks for their patience, and a welcome back.",
    ),
)

STEP_KEYS: tuple[str, ...] = tuple(step.key for step in RECOVERY_STEPS)

#: Moods that, strongly enough felt, call for a recovery rather than a plain answer.
STRONG_MOODS: frozenset[str] = frozenset({"angry", "frustrated"})
STRONG_MOOD_INTENSITY = 0.6


def is_strong_negative(mood: str, intensity: float) -> bool:
    """True for an angry or frustrated message read at 0.6 intensity or more."""
    return mood in STRONG_MOODS and intensity >= STRONG_MOOD_INTENSITY
