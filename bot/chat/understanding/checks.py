"""Does the model's continuation answer the question? Checked against its own captions before it
is sent.

The decoder-prefix trick makes the model finish "the circle is" on the picture, but nothing
makes the rest of its sentence fit the question: "the circle is a green triangle". A colour
question needs a colour the captions give that thing, a count a number, and "on the right" must
not name what the captions put on the left. Where the continuation fails and the captions answer
the question themselves, their words are used; otherwise the caller says it can't tell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.chat.styles import sentence as as_sentence
from bot.chat.understanding.questions import QuestionPlan

COLOURS = (
    "red", "green", "blue", "yellow", "orange", "purple", "pink", "brown", "black", "white",
    "grey", "gray", "silver", "gold", "beige", "violet",
)  # fmt: skip
NUMBERS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "many", "several", "a few", "a couple of", "dozens of",
)  # fmt: skip
_GLUE = r"(?:and|on|to|is|are|of|in|with|at|next|the|a|an)\b"
# "a yellow circle", "the big red car": an article and at most three words, no glue words.
_GLUE_WORDS = ("and", "on", "to", "is", "are", "of", "in", "with", "at", "next")
_THING = rf"(?:a|an|the)(?: (?!{_GLUE})\w+){{1,3}}"
_OPPOSITE = {"left": "right", "right": "left"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _bare(thing: str) -> str:
    """ "a Yellow circle" → "yellow circle": what two mentions of one thing share."""
    return " ".join(w for w in _words(thing) if w not in ("a", "an", "the"))


def colours_of(noun: str, captions: Sequence[str]) -> list[str]:
    """The colours the captions give `noun` (just before it), most often said first: beam
    search's later candidates are often wrong, and the majority of them rarely is."""
    votes: dict[str, int] = {}
    for caption in captions:
        words = _words(caption)
        for index, word in enumerate(words):
            if word not in (noun, noun + "s", noun + "es"):
                continue
            for before in reversed(words[max(0, index - 2) : index]):
                if before in COLOURS:
                    votes[before] = votes.get(before, 0) + 1
                    break
    return sorted(votes, key=lambda colour: -votes[colour])  # stable: first said wins a tie


Votes = dict[str, dict[str, int]]  # side → thing → how often the captions put it there


def sides(captions: Sequence[str]) -> Votes:
    """What the captions put on the left and on the right ("bare" things, first said first),
    with how often they say so."""
    placed: Votes = {"left": {}, "right": {}}

    def put(thing: str, side: str) -> None:
        bare = _bare(thing)
        if bare:
            placed[side][bare] = placed[side].get(bare, 0) + 1

    for caption in captions:
        text = " ".join(_words(caption))
        for match in re.finditer(
            rf"(?P<x>{_THING}) (?:is |are )?to the (?P<side>left|right) of (?P<y>{_THING})\b", text
        ):
            put(match["x"], match["side"])
            put(match["y"], _OPPOSITE[match["side"]])
        for match in re.finditer(
            rf"(?P<x>{_THING}) (?:is |are )?(?:on|at) the (?P<side>left|right)\b(?! of)", text
        ):
            put(match["x"], match["side"])
        for match in re.finditer(
            rf"\b(?:on|at) the (?P<side>left|right) (?:is |are |sits )?(?P<x>{_THING})\b", text
        ):
            put(match["x"], match["side"])
    return placed


def _first_thing(continuation: str) -> str:
    match = re.match(rf"{_THING}\b", " ".join(_words(continuation)))
    return _bare(match.group(0)) if match else ""


def _said_colour(continuation: str, noun: str) -> str | None:
    """The colour the continuation gives the thing asked about: "yellow", "a yellow circle";
    not the green of "a green triangle" when the question is about the circle."""
    words = _words(continuation)
    for index, word in enumerate(words):
        if word in COLOURS:
            after = words[index + 1] if index + 1 < len(words) else ""
            attached = after in ("", noun, noun + "s", noun + "es") or after in _GLUE_WORDS
            return word if attached else None
    return None


def _colour_answer(
    plan: QuestionPlan, prefix_sentence: str, captions: Sequence[str], shown: str | None
) -> str | None:
    words = _words(plan.subject)
    if not words:
        return None
    noun = words[-1]
    told = colours_of(noun, [shown]) if shown else []
    if told:  # the caption the person saw gives it a colour: that one, whatever else is said
        return as_sentence(f"{plan.prefix} {told[0]}")
    if not colours_of(noun, captions):
        return None  # the captions never colour it: "the dog is brown" of a picture of shapes
    said = _said_colour(prefix_sentence[len(plan.prefix) :], noun)
    # The model's own answer counts as one more caption saying it.
    given = colours_of(noun, (*captions, f"{said} {noun}" if said else ""))
    return as_sentence(f"{plan.prefix} {given[0]}")


def _count_answer(plan: QuestionPlan, prefix_sentence: str) -> str | None:
    continuation = " ".join(_words(prefix_sentence[len(plan.prefix) :]))
    if re.match(rf"(?:\d+|{'|'.join(NUMBERS)})\b", continuation):
        return as_sentence(prefix_sentence)
    return None


def _place_answer(
    plan: QuestionPlan, prefix_sentence: str, captions: Sequence[str], shown: str | None
) -> str | None:
    side = next((w for w in _words(plan.subject) if w in _OPPOSITE), None)
    if side is None:
        return as_sentence(prefix_sentence)  # "on the table": nothing to hold it against
    # Where the caption the person saw places things, it alone decides; otherwise the votes
    # of every candidate.
    told = sides([shown]) if shown else {"left": {}, "right": {}}
    held = bool(told["left"] or told["right"])
    placed = told if held else sides(captions)
    here, there = placed[side], placed[_OPPOSITE[side]]
    named = _first_thing(prefix_sentence[len(plan.prefix) :])
    # Against the shown caption, the thing named must be one it puts on that side.
    if named and here.get(named, 0) >= max(there.get(named, 0), int(held)):
        return as_sentence(prefix_sentence)
    surely = [t for t in here if here[t] > there.get(t, 0)]
    if surely:
        thing = max(surely, key=lambda t: here[t] - there.get(t, 0))
        article = "an" if thing[0] in "aeiou" else "a"
        return as_sentence(f"{plan.prefix} {article} {thing}")
    return None


def checked_answer(
    plan: QuestionPlan, prefix_sentence: str, captions: Sequence[str], shown: str | None = None
) -> str | None:
    """The answer to send for a question the model continued as `prefix_sentence`: that
    sentence when it answers the question, one made of the captions' words when they do, else
    None (the caller says it can't tell). `shown`, the caption the person was shown, is held
    first: an answer never contradicts it."""
    if not prefix_sentence.lower().startswith(plan.prefix.lower()):
        return None
    if not prefix_sentence[len(plan.prefix) :].strip():
        return None
    if plan.kind == "colour":
        return _colour_answer(plan, prefix_sentence, captions, shown)
    if plan.kind == "count":
        return _count_answer(plan, prefix_sentence)
    if plan.kind == "place":
        return _place_answer(plan, prefix_sentence, captions, shown)
    return as_sentence(prefix_sentence)
