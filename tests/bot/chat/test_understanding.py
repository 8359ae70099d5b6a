"""How the core reads text: commands, styles, again, and questions turned into prefixes."""

from __future__ import annotations

import pytest

from bot.captioning.options import CaptionOptions, OptionsError
from bot.chat.messages import Action
from bot.chat.styles import STYLES, StyleInput, style_from_phrase
from bot.chat.understanding.intents import parse
from bot.chat.understanding.questions import plan_question


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("/style@captionist_bot funny", "command", "style"),
        ("/again", "command", "again"),
        ("again", "again", ""),
        ("try again", "again", ""),
        ("Another one please", "again", ""),
        ("@captionist_bot one more", "again", ""),
        ("make it funny", "style", "funny"),
        ("funnier", "style", "funny"),
        ("shorter please", "style", "short"),
        ("more formal", "style", "formal"),
        ("as hashtags", "style", "hashtags"),
        ("can you add emoji?", "style", "emoji"),
        ("what is the funny man holding?", "question", ""),
        ("hello", "chat", ""),
        ("   ", "empty", ""),
        ("x" * 3000, "too_long", ""),
    ],
)
def test_intents(text, kind, name):
    intent = parse(text)
    assert (intent.kind, intent.name) == (kind, name)


@pytest.mark.parametrize(
    ("question", "prefix"),
    [
        ("what is the man holding?", "the man is holding"),
        ("What are the kids playing with?", "the kids are playing with"),
        ("What's the woman wearing in the photo?", "the woman is wearing"),
        ("where is the dog?", "the dog is"),
        ("where are the people?", "the people are"),
        ("what is on the table?", "on the table is"),
        ("what is on the left?", "on the left is"),
        ("what is next to the red circle?", "next to the red circle is"),
        ("what colour is the car?", "the car is"),
        ("how many dogs are there?", "there are"),
        ("who is in the picture?", ""),
        ("what is this?", ""),
    ],
)
def test_questions_become_prefixes(question, prefix):
    plan = plan_question(question)
    assert plan.understood and plan.prefix == prefix


@pytest.mark.parametrize("question", ["why is the sky blue?", "is there a cat?", "who are they?"])
def test_questions_without_a_known_shape_are_not_guessed(question):
    assert not plan_question(question).understood


def test_style_phrases_do_not_fire_inside_other_words():
    assert style_from_phrase("shortcut to the left") is None
    tags = style_from_phrase("give me tags please")
    assert tags is not None
    assert tags.name == "hashtags"


def test_rewrites_only_frame_the_model_words():
    given = StyleInput(("a dog on a sofa", "a brown dog lying on a couch"), seed=1)
    assert STYLES["plain"].rewrite(given) == "a dog on a sofa"
    assert STYLES["hashtags"].rewrite(given) == "#dog #sofa"
    assert STYLES["emoji"].rewrite(given) == "a dog 🐶 on a sofa"
    assert STYLES["short"].rewrite(given) == "Dog on sofa."
    assert "brown dog lying on a couch" in STYLES["detailed"].rewrite(given)
    for name in ("funny", "poetic", "formal"):
        assert "a dog on a sofa" in STYLES[name].rewrite(given).lower()


def test_an_empty_candidate_never_becomes_the_reply():
    # A beam that ended at once: "short" picks the fewest words, and must not pick nothing.
    given = StyleInput(("a red square", "", "a red square on a table"), seed=1)
    assert STYLES["short"].rewrite(given) == "Red square."
    assert all(STYLES[name].rewrite(given).strip() for name in STYLES)


def test_action_payloads_round_trip_and_fit_telegram():
    action = Action("style", "Funny", 123456789, "hashtags")
    assert Action.parse(action.payload) == ("style", 123456789, "hashtags")
    assert len(action.payload.encode()) <= 64
    assert Action.parse("cap:delete:1:") is None
    assert Action.parse("cap:again:x:") is None


def test_options_are_validated_with_clear_messages():
    with pytest.raises(OptionsError, match="num_beams"):
        CaptionOptions(num_beams=0)
    with pytest.raises(OptionsError, match="unknown option"):
        CaptionOptions.from_mapping({"beams": 4})
    with pytest.raises(OptionsError, match="wrong type"):
        CaptionOptions.from_mapping({"num_beams": "4"})
    assert CaptionOptions.from_mapping({"num_beams": 2, "temperature": 1}).temperature == 1.0
    assert CaptionOptions(do_sample=True).deterministic is False
    assert (
        CaptionOptions(do_sample=True, seed=3).batch_key()
        == CaptionOptions(do_sample=True, seed=4).batch_key()
    )


def test_short_skips_an_empty_candidate():
    # Beam search can end a candidate at once; "short" picked it and replied with nothing.
    given = StyleInput(("a red circle", "", "a red circle on white"), seed=1)
    assert STYLES["short"].rewrite(given) == "Red circle."
