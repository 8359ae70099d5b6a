"""Turning a question about a picture into a decoder prefix the model can continue.

"what is the man holding?" becomes "the man is holding", and the model finishes the sentence on
that image. The answer is always the model's own sentence: nothing here invents content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WH_WORDS = ("what", "where", "who", "which", "how", "whats", "what's", "why", "when", "is", "are")

_SUBJECT = r"(?P<subj>(?:the|a|an|this|that|these|those|his|her|their|its)\s[\w\s-]+?)"
_PLACE = (
    r"(?P<prep>on top of|in front of|next to|to the left of|to the right of|on|in|under|"
    r"behind|near|above|below|beside|inside|at)"
)
_TAIL = "on|with|at|in|to|from|into"
_PICTURE = r"(?:the\s)?(?:picture|photo|image|pic|photograph|frame|shot)"


def looks_english(text: str) -> bool:
    """Whether a question starts the English way ("what", "is", ...): the rules can plan it."""
    first = text.lower().split()[:1]
    return bool(first) and first[0].strip("?!.,") in WH_WORDS


@dataclass(frozen=True)
class QuestionPlan:
    """How to answer: continue `prefix`, or describe the whole picture (prefix empty)."""

    prefix: str
    understood: bool = True  # False: no known shape; answer with a detailed description
    # What the answer must be, for the checks (bot.chat.understanding.checks): "colour",
    # "count", "place" or "" (anything the model says), and the thing or place asked about.
    kind: str = ""
    subject: str = ""


def _clean(text: str) -> str:
    text = text.lower().strip()
    text = re.sub(r"[?!.]+$", "", text)
    text = text.replace("what's", "what is").replace("whats", "what is").replace("who's", "who is")
    text = text.replace("where's", "where is")
    text = re.sub(rf"\s+(?:in|on)\s+{_PICTURE}$", "", text)  # "... in the picture"
    return " ".join(text.split())


_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), template, kind)
    for pattern, template, kind in (
        # what is the man holding / what are the kids playing with
        (rf"^(?:what|who) (?P<be>is|are) {_SUBJECT} (?P<verb>\w+ing)(?: (?P<tail>{_TAIL}))?$",
         "{subj} {be} {verb}{tail}", ""),
        # what is on the table / what is to the left of the dog
        (rf"^what (?:is|are) {_PLACE} (?P<place>.+)$", "{prep} {place} {be_place}", "place"),
        # where is the dog / where are the people
        (r"^where (?P<be>is|are) (?P<subj>.+)$", "{subj} {be}", ""),
        # what colour is the car
        (r"^what colou?r (?P<be>is|are) (?P<subj>.+)$", "{subj} {be}", "colour"),
        # how many dogs are there
        (r"^how many (?P<things>[\w\s]+?) (?:are there|are|can you see|do you see|is there)$",
         "there are", "count"),
        # what is the man / who is the woman (doing nothing specific): describe the subject
        (rf"^(?:what|who) (?P<be>is|are) {_SUBJECT}$", "{subj} {be}", ""),
    )
)  # fmt: skip

_DESCRIBE = re.compile(
    rf"^(?:what is|who is|who are|what is (?:this|that|it|here|going on|happening|shown|there)|"
    rf"who is (?:this|that|here|there)|who is (?:in|on) {_PICTURE}|what do you see|"
    rf"what can you see|what is (?:in|on) {_PICTURE}|describe(?: it| this| {_PICTURE})?)$"
)


def is_question(text: str) -> bool:
    cleaned = text.strip().lower()
    first = cleaned.split(" ", 1)[0] if cleaned else ""
    return cleaned.endswith("?") or first in WH_WORDS[:-2] or first == "describe"


def plan_question(text: str) -> QuestionPlan:
    question = _clean(text)
    if _DESCRIBE.match(question):
        return QuestionPlan(prefix="")
    for pattern, template, kind in _RULES:
        match = pattern.match(question)
        if not match:
            continue
        parts = {k: (v or "").strip() for k, v in match.groupdict().items()}
        subject = parts.get("subj", "")
        prefix = template.format(
            subj=subject,
            be=parts.get("be") or "is",  # the question's own verb: "where are the people"
            verb=parts.get("verb", ""),
            tail=f" {parts['tail']}" if parts.get("tail") else "",
            prep=parts.get("prep", ""),
            place=parts.get("place", ""),
            be_place="is",
        )
        about = parts.get("place") if kind == "place" else subject or parts.get("things", "")
        return QuestionPlan(" ".join(prefix.split()), kind=kind, subject=about or "")
    return QuestionPlan(prefix="", understood=False)
