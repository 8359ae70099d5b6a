"""Without an LLM the rules get better on their own: an answer is checked against the question
before it is sent, small talk gets a friendly word, and what needs an LLM says so. On the real
tiny model and on captions given to the checker directly."""

from __future__ import annotations

import pytest

from bot.chat import texts
from bot.chat.understanding.checks import checked_answer, colours_of, sides
from bot.chat.understanding.questions import plan_question
from bot.chat.understanding.small_talk import needs_llm, small_talk
from tests.bot.chat_driver import FakeChat
from tests.pictures import draw_picture

# A green triangle on the left, a yellow circle on the right: what the chat was about.
SHAPES = [("green", "triangle"), ("yellow", "circle")]


async def test_the_tiny_models_answers_are_checked_before_they_are_sent(core):
    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture(SHAPES)])
    assert caption.text == "a green triangle and a yellow circle"
    asked = {
        # The model continues "on the right is" with the triangle, which its own captions put
        # on the left ("a yellow circle to the right of a green triangle").
        "what is on the right?": "On the right is a yellow circle.",
        "what is on the left?": "On the left is a green triangle and on the right a yellow circle.",
        # It continues "the circle is" with "a green triangle ...": the captions say yellow.
        "what colour is the circle?": "The circle is yellow.",
        "what color is the triangle?": "The triangle is green.",
        # "there are right of a green triangle": no number, so no count.
        "how many shapes are there?": (
            "I can't tell that from the picture. What I can see: a green triangle and a yellow "
            "circle."
        ),
        "thanks!": texts.text("talk.thanks"),
        "who are you?": texts.text("talk.who"),
        "hello": texts.text("talk.hello"),
    }
    for question, expected in asked.items():
        _, [reply] = await chat.say(question)
        assert reply.text == expected, question
    _, [translate] = await chat.say("translate it to french")
    assert "LLM_BASE_URL" in translate.text and "language model" in translate.text
    # Small talk is answered before there is any picture, too.
    fresh = FakeChat(core, chat_id="fresh")
    _, [who] = await fresh.say("who are you?")
    assert who.text == texts.text("talk.who")


CAPTIONS = (
    "a green triangle and a yellow circle",
    "a yellow circle to the right of a green triangle",
)


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # A colour the captions give that thing; the model's when it is one of them.
        (
            "what colour is the triangle?",
            "the triangle is a green triangle",
            "The triangle is green.",
        ),
        ("what colour is the circle?", "the circle is a green triangle", "The circle is yellow."),
        ("what colour is the dog?", "the dog is a brown dog", None),  # no caption says
        # A count is a number, or nothing.
        ("how many shapes are there?", "there are two shapes", "There are two shapes."),
        ("how many shapes are there?", "there are 3 shapes", "There are 3 shapes."),
        ("how many shapes are there?", "there are right of a green triangle", None),
        # "On the right" never names what the captions put on the left.
        (
            "what is on the right?",
            "on the right is a yellow circle",
            "On the right is a yellow circle.",
        ),
        (
            "what is on the right?",
            "on the right is a green triangle",
            "On the right is a yellow circle.",
        ),
        (
            "what is on the left?",
            "on the left is a yellow circle",
            "On the left is a green triangle.",
        ),
        # Places the captions do not sort into sides, and other questions, pass as they are.
        ("what is on the table?", "on the table is a cup", "On the table is a cup."),
        ("what is the man holding?", "the man is holding a kite", "The man is holding a kite."),
        # A continuation that lost the prefix, or has nothing after it, answers nothing.
        ("what is the man holding?", "a man with a kite", None),
        ("what is the man holding?", "the man is holding", None),
    ],
)
def test_the_checker_holds_an_answer_against_the_captions(question, sentence, expected):
    assert checked_answer(plan_question(question), sentence, CAPTIONS) == expected


def test_the_checker_reads_sides_and_colours_from_captions():
    captions = (
        "a red square on the left and a blue car on the right",
        "on the left is a green tree",
        "a dog to the left of a cat",
    )
    assert sides(captions) == {
        "left": {"red square": 1, "green tree": 1, "dog": 1},
        "right": {"blue car": 1, "cat": 1},
    }
    assert colours_of("square", captions) == ["red"]
    # Most often said first; the first said wins a tie.
    assert colours_of("car", ("two red cars", "a blue car")) == ["red", "blue"]
    assert colours_of("car", ("a red car", "a blue car", "a blue car")) == ["blue", "red"]
    # With nothing on the side asked about, it can't tell.
    plan = plan_question("what is on the right?")
    assert checked_answer(plan, "on the right is a dog", ("a dog to the right of a cat",)) == (
        "On the right is a dog."
    )
    assert checked_answer(plan, "on the right is a dog", ("a dog on the left",)) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thanks!", "thanks"),
        ("Thank you so much", "thanks"),
        ("who are you?", "who"),
        ("what can you do?", "who"),
        ("hi", "hello"),
        ("Good morning!", "hello"),
        ("how are you?", "how_are_you"),
        ("bye", "bye"),
        ("good bot", "praise"),
        ("what is on the left?", None),
        ("his hat is red", None),  # "hi" only as a word
        ("hello, can you tell me everything that is going on in this very busy picture", None),
    ],
)
def test_small_talk(text, kind):
    assert small_talk(text) == kind


def test_requests_only_an_llm_can_serve():
    assert needs_llm("translate it to french")
    assert needs_llm("can you say it in spanish")
    assert needs_llm("summarize the picture")
    assert not needs_llm("my cat sleeps all day")


def test_an_answer_never_contradicts_the_caption_the_person_was_shown():
    # The chat: shown "a red circle to the right of a green square", the model went on
    # "on the left is" with a red square, and its other candidates were no help.
    shown = "a red circle to the right of a green square"
    plan = plan_question("what is on the left?")
    continued = "On the left is a red square and on the right a green circle."
    candidates = ("a red square and a green circle", "a red circle and a green square")
    assert checked_answer(plan, continued, candidates) == continued  # nothing held it before
    assert checked_answer(plan, continued, candidates, shown) == "On the left is a green square."
    colour = plan_question("what colour is the circle?")
    said = checked_answer(colour, "the circle is green", ("a green circle",), shown)
    assert said == "The circle is red."
