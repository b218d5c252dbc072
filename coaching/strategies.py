"""Strategy cards: how to handle a customer given their mood and temperament, plus
the GUEST and BEST interaction models as composer checklists.

Everything here is plain data with two small functions on top, so the Django
layer can show it as it is or copy it into editable records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from coaching.mood import MOODS, MoodResult

__all__ = [
    "BEST",
    "CHECKLISTS",
    "GUEST",
    "MOOD_PLAYBOOKS",
    "TEMPERAMENTS",
    "TEMPERAMENT_GUIDES",
    "Checklist",
    "ChecklistItem",
    "Playbook",
    "StrategyCard",
    "TemperamentGuide",
    "guess_temperament",
    "strategy_for",
]

TEMPERAMENTS: tuple[str, ...] = ("amiable", "assertive", "aggressive", "angry")


@dataclass(frozen=True, slots=True)
class Playbook:
    """What to do for one mood."""

    title: str
    summary: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TemperamentGuide:
    """How to talk to one temperament."""

    title: str
    summary: str
    tone: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StrategyCard:
    """One card for the agent: ordered steps, plus tone tips for the temperament."""

    id: str
    title: str
    summary: str
    steps: tuple[str, ...]
    tone: tuple[str, ...]
    mood: str
    temperament: str | None


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str
    label: str
    prompt: str


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    name: str
    summary: str
    items: tuple[ChecklistItem, ...]


MOOD_PLAYBOOKS: Mapping[str, Playbook] = MappingProxyType(
    {
        "angry": Playbook(
            title="De-escalate first, then solve",
            summary=(
                "No solution is heard while the anger is still up. Let it out, show it "
                "landed, and only then fix the problem together."
            ),
            steps=(
                "Let them finish without interrupting; jot down the facts as they come.",
                "If it turns abusive, say calmly that you want to help and ask to keep the "
                "conversation respectful.",
                "Open with something like \u201cthis clearly matters, and I want to help\u201d. "
                "Never tell them to calm down.",
                "Put the complaint back in your own words so they know it was heard, and "
                "apologise sincerely for what they went through, once more if we were at fault.",
                "If this is happening in public, move it to a private channel.",
                "Offer the choices you can (replacement, refund, credit) and agree the fix "
                "together.",
                "Recap who will do what by when, and thank them for raising it.",
                "Write everything on the ticket so nobody makes them repeat it, and set a "
                "follow-up to check the fix held.",
            ),
        ),
        "frustrated": Playbook(
            title="Own it and end the repeat contacts",
            summary=(
                "They have already spent effort on this. Take ownership so that this contact "
                "is the last one they need."
            ),
            steps=(
                "Read the whole history before replying, and do not ask for anything they "
                "already sent.",
                "Acknowledge plainly that they had to come back, and apologise for it.",
                "Give your name and stay their single point of contact until it is closed.",
                "Fix it now if you can; if not, give one concrete next step with a time you "
                "can keep.",
                "Say what is different this time, so they have a reason to trust it.",
                "Record what went wrong and why, so the pattern shows up for the team.",
                "Check back after the fix to confirm it stayed fixed.",
            ),
        ),
        "anxious": Playbook(
            title="Reassure with facts and times",
            summary=(
                "Worry grows in uncertainty. Replace it with specifics: what you checked, "
                "what happens next, and when."
            ),
            steps=(
                "Reply quickly; even a short acknowledgement lowers the worry.",
                "Name what is at stake for them, so they know you see why it matters.",
                "Check the facts before you reassure, then share what you found instead of "
                "saying \u201cdon't worry\u201d.",
                "Give the next step with an exact time, and what happens if it slips.",
                "If there is a deadline, work back from it and tell them honestly whether it "
                "will be met.",
                "Tell them how to reach you if anything changes, and check in before the "
                "deadline yourself.",
            ),
        ),
        "confused": Playbook(
            title="Make it simple",
            summary=("Find the real question, then answer it in plain words, one step at a time."),
            steps=(
                "Work out what they are really asking; ask one clarifying question if you need to.",
                "Answer in plain language. If a technical term cannot be avoided, explain it.",
                "Give numbered steps, one action each, in the order they will do them.",
                "If our own pages or letters contradict each other, say which is right and "
                "own the mix-up.",
                "Check understanding: offer to walk through it together, or ask what they "
                "will try first.",
                "Pass the confusing wording to the team that owns it.",
            ),
        ),
        "disappointed": Playbook(
            title="Recover the relationship",
            summary=(
                "They expected better from us. Apologise, put it right, and add a little "
                "extra so the last impression is a good one."
            ),
            steps=(
                "Thank them for telling you; most disappointed customers simply leave.",
                "Apologise for the specific gap between what they expected and what they got.",
                "Offer choices to put it right (repair, replacement, refund or credit) and "
                "let them pick.",
                "Add an extra gesture within your own authority, such as a goodwill credit or "
                "faster delivery.",
                "Invite them back, and tell them what you have changed or passed on.",
                "Follow up later to make sure they are happy now.",
            ),
        ),
        "neutral": Playbook(
            title="Answer well, first time",
            summary=(
                "A plain request. Get the true need right and resolve it in this one contact."
            ),
            steps=(
                "Greet them by name and answer the question they asked first.",
                "Look for the need behind the request; ask an open question if anything is "
                "unclear.",
                "Where there are options, offer more than one and say which suits them.",
                "Thank them and confirm the next step: who does what, by when.",
            ),
        ),
        "pleased": Playbook(
            title="Reinforce and thank",
            summary="Enjoy it, pass the praise on, and make it easy for them to stay.",
            steps=(
                "Thank them warmly and specifically for taking the time to say so.",
                "Pass the praise to the colleague or team they mention, and give them credit.",
                "Check nothing else is outstanding before you close.",
                "If they are happy to, invite a review or further feedback.",
            ),
        ),
    }
)

TEMPERAMENT_GUIDES: Mapping[str, TemperamentGuide] = MappingProxyType(
    {
        "amiable": TemperamentGuide(
            title="amiable",
            summary="Friendly and chatty, avoids conflict, may not say what is really wrong.",
            tone=(
                "Match their warmth and take a moment to build rapport.",
                "Ask gentle, open questions to draw out what is actually wrong.",
                "Before closing, check they are truly satisfied and not just being polite.",
            ),
        ),
        "assertive": TemperamentGuide(
            title="assertive",
            summary="Direct and calm; wants the answer quickly, not small talk.",
            tone=(
                "Lead with the answer.",
                "Keep it brief and concrete: the fix and the time frame.",
                "Skip small talk beyond a greeting.",
            ),
        ),
        "aggressive": TemperamentGuide(
            title="aggressive",
            summary="Pushes hard, raises their voice, may make unreasonable demands.",
            tone=(
                "Stay assertive: calm, firm and respectful, neither giving in nor pushing back.",
                "Acknowledge their point before you answer it.",
                "Keep the focus on what you can do; where something is impossible, give the "
                "reason and the alternatives.",
            ),
        ),
        "angry": TemperamentGuide(
            title="angry",
            summary="Aggression that has tipped into emotion.",
            tone=(
                "Bring the temperature down before you try to solve anything.",
                "Slow down and use short, plain sentences.",
                "It is not personal; stay calm and human.",
            ),
        ),
    }
)


def strategy_for(mood: str, temperament: str | None = None) -> StrategyCard:
    """The card for a mood and (optionally) a temperament.

    An angry mood or an angry temperament always gets the de-escalation playbook,
    because nothing else works until the anger is down. Otherwise the mood decides the
    steps and the temperament adds tone tips.
    """
    if mood not in MOODS:
        raise ValueError(f"unknown mood {mood!r}; expected one of {', '.join(MOODS)}")
    if temperament is not None and temperament not in TEMPERAMENTS:
        raise ValueError(
            f"unknown temperament {temperament!r}; expected one of {', '.join(TEMPERAMENTS)}"
        )
    playbook_mood = "angry" if temperament == "angry" else mood
    playbook = MOOD_PLAYBOOKS[playbook_mood]
    guide = TEMPERAMENT_GUIDES[temperament] if temperament else None
    title = playbook.title if guide is None else f"{playbook.title} ({guide.title} customer)"
    summary = playbook.summary if guide is None else f"{playbook.summary} {guide.summary}"
    return StrategyCard(
        id=f"{mood}/{temperament or 'any'}",
        title=title,
        summary=summary,
        steps=playbook.steps,
        tone=guide.tone if guide else (),
        mood=mood,
        temperament=temperament,
    )


_DEMAND = re.compile(
    r"\b(?:I demand|I insist|I expect|I want|you (?:need|must|have) to|immediately|right now"
    r"|or else|fix (?:it|this)|sort (?:it|this) out|now[.!])",
    re.IGNORECASE,
)
_FRIENDLY = re.compile(
    r"(?:\bhope you(?:'re| are)? (?:well|having|doing)|\bhi there\b|\bhello\b|\bhiya\b|\blovely\b"
    r"|\bsorry to (?:bother|be a pain|trouble)|\bno rush\b|\bwhenever you (?:can|get a chance)"
    r"|\bthanks? (?:so|very) much\b|\bhave a (?:lovely|nice|great|good)\b|\bcheers\b|:\)|\U0001f60a"
    r"|\bmuch appreciated\b|\bkind regards\b|\bbest wishes\b)",
    re.IGNORECASE,
)
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_SHOUT_EXEMPT = frozenset(
    {"PDF", "VAT", "SMS", "API", "FAQ", "CSV", "USB", "SIM", "USA", "EUR", "GBP"}
)


def guess_temperament(text: str, mood_result: MoodResult) -> str:
    """A rough guess at the customer's temperament, for choosing a tone.

    angry: the mood is angry. aggressive: demands, capitals or "!!" adding up.
    amiable: pleasantries, or a long friendly message. assertive: everything else,
    typically short and to the point.
    """
    if mood_result.mood == "angry":
        return "angry"
    shouted = [w for w in _SHOUTED.findall(text) if w not in _SHOUT_EXEMPT]
    pressure = len(_DEMAND.findall(text)) + min(len(shouted), 2) + (2 if "!!" in text else 0)
    if pressure >= 2:
        return "aggressive"
    friendly = len(_FRIENDLY.findall(text))
    words = len(text.split())
    if friendly >= 2 or (friendly and words > 25) or (words > 60 and mood_result.compound > 0.3):
        return "amiable"
    return "assertive"


GUEST = Checklist(
    id="guest",
    name="GUEST",
    summary="A five-step shape for a helpful, service-minded reply.",
    items=(
        ChecklistItem("greet", "Greet", "Open warmly and use the customer's name."),
        ChecklistItem(
            "understand",
            "Understand needs",
            "Show you have grasped what they actually need, not only what they asked.",
        ),
        ChecklistItem(
            "explain",
            "Explain features and benefits",
            "Say what the solution does for them, in their terms rather than ours.",
        ),
        ChecklistItem(
            "suggest",
            "Suggest additional items",
            "Mention anything else that would genuinely help, without turning it into a "
            "sales pitch.",
        ),
        ChecklistItem("thank", "Thank", "Thank them before you sign off."),
    ),
)

BEST = Checklist(
    id="best",
    name="BEST",
    summary="A four-step shape for a conversation that ends with a clear agreement.",
    items=(
        ChecklistItem(
            "begin", "Begin", "Read their mood and build a little rapport before the business."
        ),
        ChecklistItem(
            "establish",
            "Establish the agenda",
            "Use open and closed questions, listen, probe and paraphrase until the need is clear.",
        ),
        ChecklistItem(
            "satisfy",
            "Satisfy",
            "Offer more than one option and look at it from their side.",
        ),
        ChecklistItem(
            "thank_verify",
            "Thank and verify the next step",
            "Thank them and confirm who will do what, by when.",
        ),
    ),
)

CHECKLISTS: Mapping[str, Checklist] = MappingProxyType({GUEST.id: GUEST, BEST.id: BEST})
