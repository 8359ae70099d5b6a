"""Caption styles: a registry where a new style is one entry.

Every style is grounded in what the model saw: a generation preset (beams, sampling, length) for
the image, then a rewrite of the model's own words. Templates only frame those words; which frame
is used follows from the seed, so a style is deterministic for a given image.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.captioning.options import CaptionOptions
from bot.chat import texts

ARTICLES = {"a", "an", "the"}
STOPWORDS = ARTICLES | {
    "and", "of", "on", "in", "is", "are", "to", "with", "at", "next", "its", "it", "by", "for",
    "from", "into", "near", "some", "there", "that", "this", "while", "who", "which", "right",
    "left", "picture", "image", "photo", "background", "top", "front", "other",
}  # fmt: skip

EMOJI = {
    "red": "🔴", "green": "🟢", "blue": "🔵", "yellow": "🟡", "dog": "🐶", "dogs": "🐶",
    "cat": "🐱", "cats": "🐱", "man": "👨",
    "woman": "👩", "people": "👥", "person": "🧑", "child": "🧒", "boy": "👦", "girl": "👧",
    "baby": "👶", "car": "🚗", "bus": "🚌", "train": "🚆", "truck": "🚚", "bike": "🚲",
    "bicycle": "🚲", "motorcycle": "🏍️", "plane": "✈️", "airplane": "✈️", "boat": "⛵",
    "horse": "🐴", "cow": "🐄", "sheep": "🐑", "bird": "🐦", "elephant": "🐘", "giraffe": "🦒",
    "zebra": "🦓", "bear": "🐻", "pizza": "🍕", "cake": "🍰", "sandwich": "🥪", "banana": "🍌",
    "apple": "🍎", "donut": "🍩", "coffee": "☕", "beach": "🏖️", "ocean": "🌊", "water": "💧",
    "snow": "❄️", "skateboard": "🛹", "surfboard": "🏄", "skis": "🎿", "ball": "⚽",
    "tennis": "🎾", "frisbee": "🥏", "kite": "🪁", "phone": "📱", "laptop": "💻", "tv": "📺",
    "book": "📖", "clock": "🕒", "flowers": "💐", "flower": "🌸", "tree": "🌳", "trees": "🌳",
    "street": "🛣️", "city": "🏙️", "food": "🍽️", "plate": "🍽️", "table": "🪑", "bed": "🛏️",
    "umbrella": "☂️", "sun": "☀️", "sky": "🌤️", "mountain": "⛰️", "house": "🏠",
}  # fmt: skip


# Shapes in a colour: the only honest symbol for a shape is one in the colour the words give.
SHAPES = {
    (colour, shape): symbol
    for shape, symbols in {
        "circle": "🔴🟠🟡🟢🔵🟣🟤⚫⚪",
        "square": "🟥🟧🟨🟩🟦🟪🟫⬛⬜",
    }.items()
    for colour, symbol in zip(
        ("red", "orange", "yellow", "green", "blue", "purple", "brown", "black", "white"),
        symbols, strict=True,
    )
} | {("red", "triangle"): "🔺"}  # fmt: skip
SHAPE_NAMES = {"circle", "square", "triangle", "circles", "squares", "triangles"}


@dataclass(frozen=True)
class StyleInput:
    captions: tuple[str, ...]  # the model's candidates for this image, best first
    seed: int

    def __post_init__(self) -> None:
        # A beam can end at once (an empty candidate): rewriting it would send an empty reply.
        said = tuple(c for c in self.captions if c.strip())
        object.__setattr__(self, "captions", said or self.captions[:1])

    @property
    def best(self) -> str:
        return self.captions[0]

    def pick(self, choices: tuple[str, ...]) -> str:
        return random.Random(self.seed).choice(choices)


@dataclass(frozen=True)
class Style:
    """A style's button label and its line in the /style list are catalogue texts (bot.chat.texts)
    named after it: `label_key`, `description_key`."""

    name: str
    rewrite: Callable[[StyleInput], str]
    options: Mapping[str, Any] = field(default_factory=dict)
    phrases: tuple[str, ...] = ()  # natural requests that mean this style ("funnier", ...)

    @property
    def label_key(self) -> str:
        return f"style.{self.name}.label"

    @property
    def description_key(self) -> str:
        return f"style.{self.name}.description"

    def caption_options(self, base: CaptionOptions, seed: int) -> CaptionOptions:
        changes = dict(self.options)
        if changes.get("do_sample"):
            changes["seed"] = seed
        return base.with_changes(**changes)


def sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _plain(given: StyleInput) -> str:
    return given.best


def _words(given: StyleInput) -> dict[str, str]:
    """The model's words as a frame takes them: {c} as written, {C} capitalised. Frames are
    catalogue texts (frame.*), in the person's language; the seed picks one."""
    best = given.best
    return {"c": best, "C": best[:1].upper() + best[1:]}


def _funny(given: StyleInput) -> str:
    return texts.text(
        given.pick(
            ("frame.funny.1", "frame.funny.2", "frame.funny.3", "frame.funny.4", "frame.funny.5")
        ),
        **_words(given),
    )


def _poetic(given: StyleInput) -> str:
    second = next((c for c in given.captions[1:] if c != given.best), given.best)
    return texts.text(
        given.pick(("frame.poetic.1", "frame.poetic.2", "frame.poetic.3")),
        d=second,
        **_words(given),
    )


def _formal(given: StyleInput) -> str:
    return texts.text(given.pick(("frame.formal.1", "frame.formal.2")), c=given.best.rstrip("."))


def _short(given: StyleInput) -> str:
    shortest = min(given.captions, key=lambda c: (len(c.split()), given.captions.index(c)))
    words = [w for w in shortest.split() if w.lower() not in ARTICLES]
    text = " ".join(words).replace(" and ", " & ")
    return sentence(text) if text else sentence(shortest)


def _detailed(given: StyleInput) -> str:
    seen: list[str] = []
    for caption in given.captions:
        if caption and caption not in seen:
            seen.append(caption)
    first, *others = seen
    extra = sorted(others, key=lambda c: -len(set(c.split()) - set(first.split())))[:1]
    text = sentence(first)
    if extra:
        text += f" {texts.text('frame.detailed.closer')} {sentence(extra[0])}"
    return text


def _hashtags(given: StyleInput) -> str:
    tags: list[str] = []
    for word in re.findall(r"[a-z0-9]+", given.best.lower()):
        if word not in STOPWORDS and f"#{word}" not in tags:
            tags.append(f"#{word}")
    return " ".join(tags) if tags else "#" + "".join(given.best.split())


def _emoji(given: StyleInput) -> str:
    words = given.best.split()
    bare = [re.sub(r"[^a-z]", "", word.lower()) for word in words]
    out = []
    added = False
    for index, word in enumerate(words):
        out.append(word)
        # A colour and a shape make one symbol of both ("a blue square 🟦"): a colour's own
        # symbol, or a shape's in another colour, would contradict the words.
        shape = bare[index + 1] if index + 1 < len(bare) else ""
        if (bare[index], shape) in SHAPES or shape in SHAPE_NAMES:
            continue
        colour = bare[index - 1] if index else ""
        symbol = SHAPES.get((colour, bare[index])) if bare[index] in SHAPE_NAMES else None
        symbol = symbol or EMOJI.get(bare[index])
        if symbol:
            out.append(symbol)
            added = True
    text = " ".join(out)
    return text if added else f"{text} 📸✨"


def _catchy(given: StyleInput) -> str:
    # The social-media caption the Gradio app asked its LLM for; this is the frame without one.
    line = texts.text(
        given.pick(("frame.catchy.1", "frame.catchy.2", "frame.catchy.3", "frame.catchy.4")),
        **_words(given),
    )
    tags = _hashtags(given).split()[:5]
    return f"{line}\n{' '.join(tags)}"


STYLES: dict[str, Style] = {}


def register(style: Style) -> Style:
    STYLES[style.name] = style
    return style


register(Style("plain", _plain, {"num_beams": 4}))
register(
    Style(
        "funny", _funny,
        {"num_beams": 4}, ("funny", "funnier", "humorous", "joke", "hilarious", "lol"),
    )
)  # fmt: skip
register(
    Style(
        "poetic", _poetic,
        {"num_beams": 5, "num_return_sequences": 3}, ("poetic", "poem", "poetry", "lyrical"),
    )
)  # fmt: skip
register(
    Style(
        "formal", _formal,
        {"num_beams": 4}, ("formal", "professional", "serious", "proper"),
    )
)  # fmt: skip
register(
    Style(
        "short", _short,
        {"num_beams": 4, "num_return_sequences": 4, "max_new_tokens": 12, "length_penalty": 0.2},
        ("short", "shorter", "brief", "briefer", "concise", "fewer words"),
    )
)  # fmt: skip
register(
    Style(
        "detailed", _detailed,
        {"num_beams": 8, "num_return_sequences": 6, "max_new_tokens": 24, "length_penalty": 2.0},
        ("detailed", "detail", "longer", "more detail", "tell me more", "elaborate"),
    )
)  # fmt: skip
register(
    Style(
        "hashtags", _hashtags,
        {"num_beams": 4}, ("hashtags", "hashtag", "tags", "instagram"),
    )
)  # fmt: skip
register(
    Style(
        "emoji", _emoji,
        {"num_beams": 4}, ("emoji", "emojis", "emoticons"),
    )
)  # fmt: skip

register(
    Style(
        "catchy", _catchy,
        {"num_beams": 4}, ("catchy", "social media", "viral", "punchy"),
    )
)  # fmt: skip

DEFAULT_STYLE = "plain"
BUTTON_STYLES = ("funny", "short", "detailed", "hashtags")


def get_style(name: str) -> Style | None:
    return STYLES.get(name.strip().lower())


def style_list(locale: str | None = None) -> str:
    lines = [texts.text("style.list", locale=locale)]
    for style in STYLES.values():
        description = texts.text(style.description_key, locale=locale)
        lines.append(
            texts.text("style.list_line", locale=locale, name=style.name, description=description)
        )
    return "\n".join(lines)


def style_from_phrase(text: str) -> Style | None:
    """The style a request such as "make it funnier" or "shorter please" asks for, if any."""
    words = " ".join(re.findall(r"[a-z#]+", text.lower()))
    for style in STYLES.values():
        for phrase in (style.name, *style.phrases):
            if re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", words):
                return style
    return None
