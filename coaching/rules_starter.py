"""The starter set of reply-coach phrase rules, as plain data.

Each rule is a dict (a `RuleSpec`) so that the Django layer can seed its editable
rule table straight from this list, and the engine in `coaching.lint` turns a
dict into a `PhraseRule` with `PhraseRule.from_dict`.

Pattern conventions (read by `coaching.lint`):

* Patterns are Python regular expressions, matched case-insensitively against one
  sentence at a time, so ``^`` and ``$`` mean the start and end of the sentence.
* A plain space in a pattern matches any run of whitespace (a hard-wrapped line
  break included). Curly apostrophes in the reply are read as straight ones.
* The engine adds word boundaries around the whole pattern.
* ``unless_before`` is searched in the text from the start of the previous
  sentence up to the phrase; anchor it with ``$`` to look only at the words right
  in front of the phrase.
* ``unless_after`` is searched in the text from the end of the phrase to the end
  of the next sentence; anchor it with ``^`` to look only at the words right after.
* ``requires_before`` works like ``unless_before`` but the other way round: the
  rule only fires when it matches.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class RuleSpec(TypedDict):
    """One phrase rule as plain data (JSON-friendly)."""

    id: str
    pattern: str
    explanation: str
    suggestions: list[str]
    category: str
    enabled: bool
    must_match: list[str]
    must_not_match: list[str]
    unless_before: NotRequired[str]
    unless_after: NotRequired[str]
    requires_before: NotRequired[str]


_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_COUNT = (
    r"(?:\d+(?:\s*-\s*\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve"
    r"|fifteen|twenty|thirty|forty|twenty-four|forty-eight|a couple of)"
)
_UNIT = r"(?:min(?:ute)?s?|hours?|hrs?|(?:business |working )?days?|weeks?|months?)"

#: A concrete point in time or a bounded wait ("by 3 pm", "within two days",
#: "on Friday", "once the parcel arrives"). Vague words such as "soon" or
#: "shortly" are deliberately not in it. Shared with the next-step check.
TIME_EXPRESSION = (
    r"\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|week)|later today"
    rf"|(?:next )?{_DAY}s?|next week|(?:the )?end of (?:the )?(?:day|week|month)"
    r"|close of business|eod|noon|midday|midnight|first thing"
    rf"|within (?:the next )?{_COUNT} {_UNIT}|within the hour"
    rf"|in (?:about |around |roughly |under |less than )?{_COUNT} {_UNIT}"
    r"|\d{1,2}(?:[:.]\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}"
    rf"|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTH}"
    r"|the \d{1,2}(?:st|nd|rd|th)"
    r"|(?:when|once|as soon as) (?:it|your|the) \w+(?<!\bcan))(?!\w)"
)

# Reused context patterns.
_FIND_OUT_NEXT = (
    r"\b(?:I'll|I will|I'm going to|I am going to|let me|we'll|we will|I can|I'd like to)"
    r" (?:\w+ )?(?:find out|check|look into|ask|confirm|get back|dig into|investigate|chase"
    r"|look it up|look that up|work it out|track it down)"
)
_ALTERNATIVE_NEXT = (
    r"\b(?:but|however|instead|and|so)\b.*\b(?:what I can do|I can|we can|I could|we could|I'll"
    r"|I will"
    r"|we'll|we will|I've|we've|let me|here's|here is)\b"
)
_GOOD_NEWS = (
    r"(?<!not )(?<!n't )(?<!never )\b(?:good news|great news|happy to (?:say|confirm|tell)"
    r"|glad to (?:say|tell|confirm)"
    r"|pleased to|approved|fixed|resolved|sorted|done|completed|processed|refunded|credited"
    r"|shipped|dispatched|arrived|restored|unlocked|in stock|on (?:its|their|the) way"
    r"|went through|gone through|confirmed|booked|issued|delivered"
    r"|(?:is|are) (?:now )?(?:active|ready|available|live|back|working))\b"
)

STARTER_RULES: list[RuleSpec] = [
    {
        "id": "i-dont-know",
        "pattern": (
            r"I (?:really |genuinely |honestly )?(?:don't|do not|dont) (?:really |honestly )?know"
            r"|(?:I have |I've )?no (?:idea|clue)|(?:I )?(?:haven't|have not) (?:got )?(?:a"
            r"|any) (?:clue|idea)"
            r"|not a clue|(?:I'm|I am) not sure|beats me|your guess is as good as mine"
            r"|I (?:don't|do not) have (?:that|this|any) (?:information|info|answer|detail)s?"
            r"|I (?:really )?(?:couldn't|could not|can't|cannot) (?:tell you|say) (?:why|what|how"
            r"|when|where|who)"
        ),
        "explanation": (
            "Admitting you lack an answer is fine; stopping there is not. A customer who "
            "hears only this assumes nobody will go and look. Pair it with who will find "
            "out and when."
        ),
        "suggestions": [
            "I'll find out",
            "Let me check that for you",
            "I'll find out and come back to you by",
        ],
        "category": "uncertainty",
        "enabled": True,
        "must_match": [
            "I don't know why the parcel was split.",
            "I\u2019m not sure what happened with your payment.",
            "Honestly, I have no idea when the shop will restock.",
            "I dont know.",
        ],
        "must_not_match": [
            "I don't know the exact date yet, but I'll find out and email you by 4 pm.",
            "I don't know off-hand. Let me find out for you.",
            'You wrote: "I don\'t know what to do anymore."',
            "> I don't know why I bother.",
            "Let me know if you need anything else.",
            "I'm not sure if you saw our new help page, so here is the link.",
        ],
        "unless_after": _FIND_OUT_NEXT + r"|^\s*(?:if|whether) you\b",
    },
    {
        "id": "flat-no",
        "pattern": (
            r"no can do|^(?:no|nope|nah)(?:\s*[.!]+\s*$"
            r"|\s*[,.!]?\s+(?:we|I|that|it)(?:'re|'m| are| am)?\s+(?:can't|cannot|can not|won't"
            r"|will not|don't|do not|isn't|is not|'s not|not)\b)"
        ),
        "explanation": (
            "A bare refusal closes the conversation and leaves the customer with nowhere "
            "to go. Lead with what is possible instead, and give the reason for the limit."
        ),
        "suggestions": ["What I can do is", "Here's what we can do instead:"],
        "category": "refusal",
        "enabled": True,
        "must_match": ["No.", "No, we can't do that.", "Nope, that isn't something we offer."],
        "must_not_match": [
            "No, you don't need to return the old one.",
            "No problem with your order was found.",
            "No further action is needed.",
            "Order no. 5 shipped today.",
        ],
    },
    {
        "id": "cant-do",
        "pattern": (
            r"(?:(?:we|I) (?:can't|cannot|can not|won't be able to|will not be able to"
            r"|am not able to"
            r"|are not able to|aren't able to|am unable to|are unable to)"
            r"|(?:we're|I'm) (?:not |un)able to)"
            r" (?:do|help|accept|offer|give|make|change|refund|process|allow|cancel|send|provide"
            r"|extend|waive|approve|exchange|replace|return|reverse|issue|guarantee|promise)\b"
            r"|(?:we|I) (?:don't|do not) (?:offer|accept) \w+"
            r"|(?:we|I) (?:don't|do not) (?:do|allow) (?:that|this|those|it|refunds|exchanges"
            r"|returns"
            r"|price[- ]?match\w*|discounts|deliveries|collections|repairs|cash|changes"
            r"|cancellations)\b"
            r"|(?:our|the) system (?:doesn't|does not|won't|will not|can't|cannot) (?:allow|let"
            r"|accept|do|support)"
            r"|(?:that's|that is|it's|it is|this is) (?:not |im)possible|(?:that|it) isn't possible"
            r"|(?:that's|that is|it's|it is) not something (?:we|I) (?:can|could) (?:do|offer"
            r"|change)"
            r"|(?:there's|there is) nothing (?:more )?(?:I|we) can do|(?:there's"
            r"|there is) no way (?:we|I) can"
            r"|(?:we're|we are|I'm|I am) not in a position to|(?:our|my) hands are tied"
            r"|(?:that|it) (?:won't|will not) be possible"
        ),
        "explanation": (
            "Opening with what cannot be done makes the customer argue with the limit. "
            "Say what you can do first; if something truly is impossible, explain why and "
            "offer every alternative you have."
        ),
        "suggestions": ["What I can do is", "Here's what I can offer instead:"],
        "category": "refusal",
        "enabled": True,
        "must_match": [
            "We cannot offer a refund on opened items.",
            "That's not possible.",
            "There's nothing I can do about the courier.",
            "We are not able to accept returns after 30 days.",
        ],
        "must_not_match": [
            "We can't wait to see you at the launch.",
            "I can't thank you enough.",
            "We can't refund the ticket, but what I can do is move you to Saturday's show.",
            "We don't charge for returns.",
            "The warehouse can't ship on bank holidays.",
        ],
        "unless_after": _ALTERNATIVE_NEXT,
    },
    {
        "id": "policy",
        "pattern": (
            r"(?:it's|it is|that's|that is|this is)(?: just| simply)? (?:our |the |a "
            r"|company )*policy"
            r"|(?:it's|that's) policy"
            r"|(?:against|per|according to|due to|because of) (?:our |the |company )+"
            r"(?:policy|policies|guidelines|rules|procedures?)"
            r"|company (?:policy|guidelines|rules)|(?:that's|that is|it's"
            r"|it is) (?:just )?the rules?\b"
            r"|(?:our|the) policy (?:is that|is to|is not to|states|says|does not|doesn't|won't"
            r"|will not|requires|forbids|prevents|only allows)"
            r"|policy is policy|rules are rules|I don't make the rules"
            r"|(?:that's|that is|it's|it is) (?:just )?(?:how|the way) (?:it|things|the system"
            r"|we) (?:works?|do it)"
            r"|as (?:stated|set out|outlined|laid out) in (?:our|the) (?:terms|t&cs|policy"
            r"|conditions)"
        ),
        "explanation": (
            "Pointing at a policy sounds like hiding behind it. Customers accept a limit "
            "far more readily when they hear the reason for it."
        ),
        "suggestions": [
            "The reason for this is",
            "We do this because",
        ],
        "category": "policy",
        "enabled": True,
        "must_match": [
            "It's our policy not to refund downloads.",
            "Sorry, that's company policy.",
            "Per our policy, exchanges must be made within 14 days.",
            "Rules are rules.",
        ],
        "must_not_match": [
            "Your policy number is on the first page.",
            "I've attached a copy of your insurance policy.",
            "Our returns policy gives you 60 days.",
            'We never say "it\'s policy" without the reason.',
            "We never say it's policy without giving the reason.",
            "There is no policy that stops you from returning it.",
        ],
        "unless_before": r"\b(?:link to|read|see|view|copy of) (?:our |the )?$",
    },
    {
        "id": "you-will-have-to",
        "pattern": (
            r"you(?:'ll| will| would|'d)? have to|you(?:'ll| will|'d| would)? need to"
            r"|you must(?! have)"
            r"|you(?:'re| are) (?:going to|gonna) (?:have|need) to"
        ),
        "explanation": (
            "Orders put the customer to work and sound like a rule being enforced. Ask "
            "politely, or explain how you will do it together."
        ),
        "suggestions": ["Could you please", "Here's how we can", "Would you mind"],
        "category": "demand",
        "enabled": True,
        "must_match": [
            "You will have to fill in the form again.",
            "You'll need to reinstall the app.",
            "You must reset your password first.",
            "You need to send us a photo.",
        ],
        "must_not_match": [
            "You won't have to fill in the form again.",
            "You don't have to do anything.",
            "If you need to change the date, reply here.",
            "All you need to do is reply with the code.",
            "Do you need to change the address too?",
            "You have the right to cancel within 14 days.",
        ],
        "unless_before": (
            r"(?:\b(?:if|when|whenever|in case|unless|whether|should)\b[^.!?,;]*"
            r"|\b(?:all|do|did|does|will|would|won't) )$"
        ),
    },
    {
        "id": "no-problem",
        "pattern": r"(?:no|not a) (?:problem|prob|probs|problemo)|no worries",
        "explanation": (
            "Even as a friendly reflex, it puts the word 'problem' into the reply and "
            "hints the request could have been one. Say you are glad to help."
        ),
        "suggestions": ["happy to help", "my pleasure", "glad to help"],
        "category": "filler",
        "enabled": True,
        "must_match": [
            "No problem, I've updated your address.",
            "Not a problem at all!",
            "Sure, no problem.",
            "That\u2019s no problem, the invoice is attached.",
        ],
        "must_not_match": [
            "There's no problem with your account.",
            "No problem with your order was found.",
            "We found no problem on our side.",
            "No problem has been reported with that batch.",
            "It isn't a problem with your card.",
            'The "no problem" banner was a mistake.',
            "We have no problem extending your trial.",
        ],
        "unless_before": (
            r"\b(?:there(?:'s| is| was| were| are| will be)|found|find|see|saw|detected|reported"
            r"|had|has|have|without|shows?|showed) (?:absolutely |really )?$"
        ),
        "unless_after": (
            r"^\s*(?:with|in|on|about|regarding|was|were|has|had|have|occurred|found|detected"
            r"|affecting|that|which|processing|here|there)\b"
        ),
    },
    {
        "id": "unfortunately",
        "pattern": r"unfortunately|sadly|regrettably|(?:I'm|I am) afraid(?! of)",
        "explanation": (
            "Starting with regret primes the customer for bad news before they hear "
            "anything useful. Lead with what you are able to do."
        ),
        "suggestions": ["What I can do is", "The good news is"],
        "category": "negative-lead",
        "enabled": True,
        "must_match": [
            "Unfortunately, the item is out of stock.",
            "Sadly we don't deliver to the islands.",
            "I'm afraid the offer ended yesterday.",
        ],
        "must_not_match": [
            "Fortunately, the item is back in stock.",
            "Sadie will call you tomorrow.",
            "> Sadly the jacket didn't fit.\nThanks for letting us know.",
        ],
    },
    {
        "id": "dont-worry",
        "pattern": (
            r"(?:don't|do not|dont) (?:you )?(?:worry|panic|stress|fret)"
            r"|no need to (?:worry|panic|stress)|not to worry"
        ),
        "explanation": (
            "Telling someone not to worry dismisses the feeling without removing its "
            "cause. Reassure them with the concrete thing you will do."
        ),
        "suggestions": ["Rest assured, I will", "You can count on me to"],
        "category": "dismissive",
        "enabled": True,
        "must_match": [
            "Don't worry, it happens all the time.",
            "Don\u2019t worry about the error message.",
            "No need to worry, your data is fine.",
        ],
        "must_not_match": [
            "You won't need to worry about renewals again.",
            "I know this is a worry, so I've checked it myself.",
            "You can keep the faulty one; no need to send it back.",
        ],
    },
    {
        "id": "just-a-second",
        "pattern": (
            r"(?:just|wait|hold(?: on)? for) (?:a|one) (?:sec|second|moment|minute|min|tick|mo)\b"
            r"|(?:^|,\s*)(?:one|1) (?:sec|second|moment)\b"
            r"|give me (?:a|one) (?:sec|second|moment|minute|min)\b"
            r"|(?:two|2|a couple of|a few) (?:secs|ticks)\b"
            r"|(?:hang|hold) on(?! to)(?: (?:a|one) (?:sec|second|moment|minute))?"
        ),
        "explanation": (
            "A 'second' rarely is one, so the wait feels longer than promised. Give a "
            "realistic estimate and ask before making the customer wait."
        ),
        "suggestions": [
            "Could you give me about two minutes while I check?",
            "This will take about two minutes",
        ],
        "category": "vague-timing",
        "enabled": True,
        "must_match": [
            "Just a second while I look that up.",
            "One moment please.",
            "Hang on, let me see.",
            "Give me a moment to check.",
        ],
        "must_not_match": [
            "Please hold on to your receipt.",
            "Could you send the receipt when you have a moment?",
            "It only takes a minute to update.",
        ],
    },
    {
        "id": "i-will-try",
        "pattern": (
            r"(?:I|we)(?:'ll| will| can| am going to|'m going to| are going to|'re going to)"
            r" (?:try|attempt)(?: (?:to|and|my best|our best)\b|(?=\s*(?:[.!,;]|$)))"
            r"|(?:I|we)(?:'ll| will) do (?:my|our) best|(?:I'll|I will|we'll|we will) see what (?:I"
            r"|we) can do"
        ),
        "explanation": (
            "'Try' announces that failure is an option. Commit to what you will do, or "
            "say honestly what depends on others."
        ),
        "suggestions": ["I will", "I'll make sure to"],
        "category": "hedging",
        "enabled": True,
        "must_match": [
            "I'll try to get this sorted today.",
            "I will try my best to find your parcel.",
            "I'll see what I can do.",
            "I will try.",
        ],
        "must_not_match": [
            "I tried the link myself and it works now.",
            "Could you try restarting the app?",
            "I'll try the payment again at 3 pm and confirm by email.",
        ],
    },
    {
        "id": "but-after-good-news",
        "pattern": r"but|however",
        "explanation": (
            "A 'but' after good news cancels the good news in the reader's mind. Join the "
            "two parts with 'and' so the positive part survives."
        ),
        "suggestions": ["and"],
        "category": "connector",
        "enabled": True,
        "must_match": [
            "Your refund has been approved, but it will take five days to arrive.",
            "Good news: the part is in stock. But it won't ship until Tuesday.",
            "The replacement is on its way, however it needs a signature.",
        ],
        "must_not_match": [
            "Your order was delayed, but it's now on its way.",
            "The refund is approved and will reach you within 3 days.",
            "It is fixed, and not only that but also faster.",
        ],
        "requires_before": _GOOD_NEWS,
        "unless_before": r"\b(?:not|all|nothing|anything|everything|none|last)\b,? $",
        "unless_after": r"^\s*(?:also|not least)\b",
    },
    {
        "id": "calm-down",
        "pattern": (
            r"calm down|settle down|(?:need you to|please|just|try to) (?:relax|calm down)|^relax\b"
            r"|take a deep breath|no need to (?:shout|yell|be rude|raise your voice"
            r"|get (?:so |that |this )?(?:upset|angry|worked up|wound up|emotional|aggressive))"
            r"|(?:stop|quit) (?:shouting|yelling)"
            r"|(?:you're|you are) (?:overreacting|being (?:hysterical|dramatic|emotional))"
            r"|chill out"
        ),
        "explanation": (
            "Nobody has ever calmed down on being told to. It reads as a judgement of "
            "the customer and usually escalates. Acknowledge that it matters and say you "
            "want to help."
        ),
        "suggestions": [
            "I can see this really matters, and I want to help",
            "I want to sort this out with you",
        ],
        "category": "condescending",
        "enabled": True,
        "must_match": [
            "Please calm down so I can help you.",
            "There's no need to shout.",
            "You're overreacting a bit.",
        ],
        "must_not_match": [
            "Sit back and relax, we'll handle the rest.",
            'You mentioned the agent said "calm down", and I\'m sorry.',
        ],
    },
    {
        "id": "not-my-department",
        "pattern": (
            r"(?:not|isn't|is not) (?:my|our) (?:department|area|job|responsibility|remit|call"
            r"|decision)"
            r"|above my pay ?grade|(?:speak|talk|go) to (?:someone|somebody) else"
            r"|not something (?:I|we) (?:deal with|handle|look after)|out of (?:my|our) hands"
            r"|(?:I|we) (?:don't|do not) (?:deal with|handle) (?:that|this|those)"
        ),
        "explanation": (
            "To the customer you are the company; internal boundaries are not their "
            "concern. Take ownership and hand them over to the right person yourself."
        ),
        "suggestions": [
            "Let me connect you with the person who can sort this",
            "I'll pass this to our billing team myself",
        ],
        "category": "deflection",
        "enabled": True,
        "must_match": [
            "That's not my department.",
            "It's not my job to chase the courier.",
            "Billing isn't my area.",
        ],
        "must_not_match": [
            "Our billing department will call you today.",
            'He said "not my department", and I\'m sorry.',
            "Let me connect you with Sam in billing.",
        ],
    },
    {
        "id": "not-our-fault",
        "pattern": (
            r"(?:it's|it is|that's|that is|this is|it wasn't|that wasn't|it was not) (?:not )?(?:my"
            r"|our)"
            r" fault|not (?:my|our) fault|(?:nothing|not anything) to do with (?:us|me)"
            r"|(?:the courier's|the bank's|their|the manufacturer's|the supplier's) fault"
            r"|blame the (?:courier|bank|manufacturer|supplier|system)"
            r"|(?:we're|we are|I'm|I am) not (?:responsible|liable|accountable) for"
        ),
        "explanation": (
            "Whoever caused it, the customer bought from you. Arguing about fault sounds "
            "like an excuse; own the problem and say how you will sort it out with the "
            "other party."
        ),
        "suggestions": [
            "I'll take this up with the courier myself",
            "I'm sorry this happened, and I'll sort it out",
        ],
        "category": "deflection",
        "enabled": True,
        "must_match": [
            "It's not our fault the courier lost it.",
            "That was the courier's fault.",
            "This has nothing to do with us.",
        ],
        "must_not_match": [
            "The fault was ours, and I'm sorry.",
            "Nobody is at fault here; the part simply wore out.",
        ],
    },
    {
        "id": "rude-dismissal",
        "pattern": (
            r"(?:that's|that is|it's|it is) (?:none of your|not your) (?:concern|business)"
            r"|none of your (?:concern|business)|not your business"
            r"|(?:that|it) (?:doesn't|does not) concern you"
            r"|(?:that's|that is|it's|it is) your (?:problem|issue)|your problem,? not ours"
            r"|not my problem|take it or leave it|(?:I|we) (?:don't|do not) care|who cares"
            r"|^(?:just )?deal with it"
            r"|(?:there's|there is) no point (?:in )?(?:escalating|complaining|chasing|arguing"
            r"|calling)"
        ),
        "explanation": (
            "Dismissing the customer outright is never acceptable, however the "
            "conversation has gone."
        ),
        "suggestions": ["Let me explain how this works", "Here's what I can tell you"],
        "category": "rude",
        "enabled": True,
        "must_match": [
            "That's none of your concern.",
            "That's your problem, not ours.",
            "Take it or leave it.",
        ],
        "must_not_match": [
            "We care about getting this right.",
            "Your concern is completely fair.",
        ],
    },
    {
        "id": "you-should-have",
        "pattern": (
            r"you should(?: have|'ve| not have|n't have)(?! (?:already |now |by now |also )?"
            r"(?:received|receive|got|gotten|a|an|the|it|them|this|that|one|two|three|\d+|access"
            r"|been (?:sent|charged|refunded|emailed|notified|credited|contacted|given|issued))\b)"
            r"|you were supposed to"
            r"|(?:it's|it is|that's|that is) (?:all )?your (?:own )?fault"
            r"|if you(?: had|'d) (?:read|followed|checked|looked|told|listened)|you(?:'d"
            r"| had) better"
            r"|you must have (?:entered|typed|clicked|deleted|forgotten|missed|misread|made|used"
            r"|put"
            r"|selected|chosen|ordered)"
            r"|you (?:didn't|did not|failed to) (?:read|follow|check|listen)"
        ),
        "explanation": (
            "Looking back at what the customer did wrong assigns blame and fixes "
            "nothing. Focus on what happens now, and take the lesson into the process."
        ),
        "suggestions": ["Next time, it helps to", "From here, what I can do is"],
        "category": "blame",
        "enabled": True,
        "must_match": [
            "You should have read the terms.",
            "You should've contacted us within 14 days.",
            "It's your own fault.",
        ],
        "must_not_match": [
            "You should have received a confirmation email.",
            "You should have the replacement by Friday.",
            "You should have a new code in your inbox.",
        ],
    },
    {
        "id": "as-i-said",
        "pattern": (
            r"as I(?: said| mentioned| stated| explained| told you|'ve told you| have told you"
            r"|'ve said| have said|'ve mentioned| have mentioned)"
            r"|as (?:previously|already) (?:stated|mentioned|explained|advised)"
            r"|like I (?:said|told you|mentioned)|I(?:'ve| have)? already (?:told|explained|said)"
            r"|as per my (?:last|previous) (?:email|message|reply)"
        ),
        "explanation": (
            "Pointing out that you already said it tells the customer they were not "
            "paying attention. Simply give the information again, plainly."
        ),
        "suggestions": ["To recap,", "Just to confirm,"],
        "category": "condescending",
        "enabled": True,
        "must_match": [
            "As I said before, the refund went out on Monday.",
            "As per my previous email, your order has shipped.",
            "Like I said, we're closed on Sundays.",
        ],
        "must_not_match": [
            "As promised, here is the invoice.",
            "As you asked, I've cancelled the direct debit.",
        ],
    },
    {
        "id": "to-be-honest",
        "pattern": (
            r"to be (?:perfectly |completely |totally |brutally |quite )?(?:honest|frank|fair)"
            r"|honestly"
            r"|in all honesty|frankly|truth be told|to tell (?:you )?the truth"
            r"|if I'm (?:being )?honest|if I am (?:being )?honest"
        ),
        "explanation": (
            "It implies that the rest of what you say might not be honest, and it often "
            "introduces criticism. Drop it and say the thing directly."
        ),
        "suggestions": [""],
        "category": "hedging",
        "enabled": True,
        "must_match": [
            "To be honest, the old model was better.",
            "Frankly, it's too late.",
            "To be fair, you did order the wrong size.",
        ],
        "must_not_match": [
            "Honesty matters to us.",
            "I'd be happy to give you a frank breakdown of the costs.",
            "Thank you for your honesty about the missed payment.",
        ],
    },
    {
        "id": "obviously",
        "pattern": (
            r"obviously|evidently|as you (?:should|must|would|may|probably) (?:know|be aware"
            r"|have seen"
            r"|have read)|as everyone knows|surely you|clearly,? you (?:didn't|did not|haven't"
            r"|have not"
            r"|missed|forgot|weren't|were not)|(?:not|isn't) rocket science|a child could"
            r"|(?:it's|it is) (?:really |very |quite |so )?(?:simple|easy|straightforward)"
            r"(?=\s*(?:[,.!;:]|$|really|enough))"
        ),
        "explanation": (
            "What is obvious to you is often not to the customer; saying it makes them "
            "feel slow. Explain the point without commenting on how simple it is."
        ),
        "suggestions": [""],
        "category": "condescending",
        "enabled": True,
        "must_match": [
            "Obviously the charger isn't included.",
            "As you should know, passwords expire every 90 days.",
            "It's really simple, just click the green button.",
        ],
        "must_not_match": [
            "It's easy to miss that setting.",
            "This clearly matters to you, and I want to help.",
        ],
    },
    {
        "id": "bear-with-me",
        "pattern": r"bear with (?:me|us)|(?:please )?be patient",
        "explanation": (
            "It asks the customer to absorb a delay without saying how long it will be. "
            "Give a time estimate, and thank them for waiting afterwards."
        ),
        "suggestions": ["This will take about two minutes", "Thank you for waiting"],
        "category": "vague-timing",
        "enabled": True,
        "must_match": [
            "Bear with me while the system loads.",
            "Please be patient.",
            "Please bear with us, we're very busy.",
        ],
        "must_not_match": [
            "Thanks for bearing with us during the outage.",
            "Thank you for your patience.",
        ],
    },
    {
        "id": "get-back-no-time",
        "pattern": (
            r"get back to you|be (?:back )?in touch|come back to you|let you know|update you"
            r"|contact you|call you(?: back)?|ring you(?: back)?|phone you|email you|reply to you"
            r"|get in touch|reach out(?: to you)?"
        ),
        "explanation": (
            "A promise to come back without a time gives the customer nothing to hold "
            "you to, and they end up chasing. Say who will do it and by when."
        ),
        "suggestions": [
            "get back to you by 3 pm today",
            "email you an update by noon tomorrow",
        ],
        "category": "vague-promise",
        "enabled": True,
        "must_match": [
            "I'll get back to you.",
            "Someone will be in touch.",
            "Our team will contact you shortly.",
            "I'll look into it and get back to you soon.",
            "I'll get someone to call you.",
        ],
        "must_not_match": [
            "I'll get back to you by noon tomorrow.",
            "Someone from billing will contact you before 5 pm on Thursday.",
            "I'll let you know once the parcel arrives.",
            "By Friday, I'll get back to you with a decision.",
            "I'll chase them at 2 pm and email you straight after.",
            "Would you like me to call you back?",
        ],
        # Only a promise counts: "will"/"'ll" up to six words before the phrase.
        "requires_before": r"(?:'ll| will)(?: [\w']+){0,6} $",
        "unless_after": TIME_EXPRESSION,
        "unless_before": TIME_EXPRESSION + r"[^.!?]*$",
    },
    {
        "id": "hollow-empathy",
        "pattern": (
            r"I (?:completely |totally |fully |do |really )?(?:understand|sympathi[sz]e|hear you)"
            r"|I get (?:it|that)"
        ),
        "explanation": (
            "Understanding on its own, with no action attached, sounds scripted. Follow "
            "it straight away with what you are doing about it."
        ),
        "suggestions": [
            "I can see why this is frustrating, and here is what I'm doing:",
            "You're right to raise this, and I've",
        ],
        "category": "empathy",
        "enabled": True,
        "must_match": [
            "I understand your frustration.",
            "I completely understand.",
            "I hear you, it must be annoying.",
        ],
        "must_not_match": [
            "I understand you'd like a refund, and I've issued it today.",
            "If I understand correctly, the charger stopped working.",
        ],
        "unless_before": r"\b(?:if|as far as|so that) $",
        "unless_after": (
            r"\b(?:I'll|I will|I've|I have|let me|we'll|we will|we've|here's|here is|what I can"
            r"|I can|I'm going to|so I)\b"
        ),
    },
    {
        "id": "you-are-wrong",
        "pattern": (
            r"(?:you're|you are) (?:wrong|mistaken|incorrect|confused)"
            r"|(?:that's|that is) (?:not true|untrue|incorrect|not correct|not right)(?! (?:on|in"
            r"|from) (?:our|my))"
            r"|you(?:'ve| have)? misunderstood|you (?:don't|do not) understand"
        ),
        "explanation": (
            "Telling customers they are wrong makes them defend their position. Explain "
            "what the records show and how it may have come across differently."
        ),
        "suggestions": ["Let me explain what I can see on our side", "Our records show"],
        "category": "blame",
        "enabled": True,
        "must_match": [
            "You're wrong, the charge is correct.",
            "You misunderstood the offer.",
            "That's not true, we emailed you twice.",
        ],
        "must_not_match": [
            "You\u2019re right, and I\u2019m sorry we got that wrong.",
            "That's incorrect on our side, and I've fixed the invoice.",
        ],
    },
    {
        "id": "hold-without-asking",
        "pattern": (
            r"(?:I'm|I am|I'll|I will|I need to|I have to|I've got to)(?: [\w']+){0,4}?"
            r" (?:put|putting|place|placing) you on hold|^putting you on hold"
            r"|^please hold(?: the line| on)?(?= while|\s*[.,!]|$)"
        ),
        "explanation": (
            "Put someone on hold without asking and they feel parked. Ask first, say how "
            "long it will take, and wait for the answer."
        ),
        "suggestions": ["May I put you on hold for about two minutes while I check?"],
        "category": "etiquette",
        "enabled": True,
        "must_match": [
            "I'm going to put you on hold now.",
            "I'll put you on hold.",
            "Please hold while I transfer you.",
        ],
        "must_not_match": [
            "May I put you on hold for about two minutes?",
            "Thanks for holding.",
        ],
        "unless_after": r"^[^.!?]*\b(?:is that ok|if that's ok|if you don't mind|do you mind)",
    },
    {
        "id": "non-apology",
        "pattern": (
            r"sorry (?:if |that )?you feel|sorry if you (?:were|are|felt) (?:offended|upset)"
            r"|(?:sorry|apologi[sz]e|apologies|regret) for any (?:inconvenience|trouble|upset)"
            r"|regret any (?:inconvenience|trouble)"
        ),
        "explanation": (
            "This apologises for the customer's reaction, or for harm that 'may' have "
            "happened, rather than for what went wrong. Name the actual mistake and say "
            "sorry for it."
        ),
        "suggestions": ["I'm sorry we", "I apologise that we"],
        "category": "non-apology",
        "enabled": True,
        "must_match": [
            "I'm sorry you feel that way.",
            "We apologise for any inconvenience caused.",
            "I'm sorry if you were offended by my colleague.",
        ],
        "must_not_match": [
            "I'm sorry the parcel arrived damaged.",
            "I'm sorry for the mix-up with your invoice.",
        ],
    },
    {
        "id": "impersonal-greeting",
        "pattern": (
            r"(?:dear|hello|hi|hey) (?:valued |loyal )?(?:customer|client|user|member)s?\b"
            r"|dear sir(?:/| or )madam"
            r"|dear sirs?\b|to whom it may concern"
        ),
        "explanation": (
            "A form-letter greeting tells customers they are a case number. Use their "
            "name; it is right there in the ticket."
        ),
        "suggestions": ["Hi {name},", "Dear {name},"],
        "category": "impersonal",
        "enabled": True,
        "must_match": ["Dear Customer,", "To whom it may concern,", "Dear Sir/Madam,"],
        "must_not_match": ["Dear Anna,", "Our customer team will call you."],
    },
    {
        "id": "vague-time",
        "pattern": (
            r"as soon as possible|asap|in due course|at some point|at (?:our"
            r"|the) earliest convenience"
            r"|when (?:I|we|they|someone) (?:can\b|(?:get|gets|have|has) (?:a|the) (?:chance"
            r"|moment)"
            r"|(?:get|find) (?:the )?time)"
        ),
        "explanation": (
            "Vague timing means something different to you and to the customer, and the "
            "gap becomes a complaint. Name a time you can keep."
        ),
        "suggestions": ["by 5 pm today", "within two working days"],
        "category": "vague-timing",
        "enabled": True,
        "must_match": [
            "We'll fix it as soon as possible.",
            "We will process it in due course.",
            "Someone will look at it when they get a chance.",
        ],
        "must_not_match": [
            "We'll fix it as soon as possible, and no later than 5 pm today.",
            "Could you reply when you have a moment?",
        ],
        "unless_after": r"^[^.!?]*\b(?:no later than|at the latest|latest by|and by)\b",
    },
]
