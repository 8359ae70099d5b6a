"""What an LLM wrote, made safe to send: plain text, no markup, no mention that pings anyone,
capped in length.

Adapters send replies as plain text already; this also keeps the text from *looking* like markup
(**bold**, [links](...), <b>tags</b>) and from pinging: Discord's @everyone, <@id> and <@&role>,
and Telegram's @username (which notifies that user in a group).
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = "\u200b"

_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\n?|```")
_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^)]*)\)")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_DISCORD_MENTION = re.compile(r"<(?:@[!&]?|#|a?:\w+:)\d+>")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|~~|`)(?=\S)(.+?)(?<=\S)\1", re.S)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)  # "# Title"; "#hashtag" has no space
_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_BULLET = re.compile(r"^\s{0,3}[*+]\s+", re.M)
_AT = re.compile(r"@(?=[\w])")  # @everyone, @here, @username
_PREAMBLE = re.compile(
    r"^(?:sure|certainly|of course|here(?:'s| is)(?: (?:a|an|the|your))?[\w\s-]{0,30})[!:.,]\s*",
    re.I,
)


def _strip_controls(text: str) -> str:
    # Control and format characters (bidi overrides, ...) can disguise text; keep line breaks.
    return "".join(
        c
        for c in text
        if c in "\n\t\u200d" or not unicodedata.category(c).startswith("C")  # ZWJ joins emoji
    )


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-") + "…"


def clean_reply(text: str, limit: int) -> str:
    """`text` as plain, safe, at most `limit` characters; "" when nothing is left."""
    text = _strip_controls(text).replace("\r\n", "\n").strip()
    text = _FENCE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _DISCORD_MENTION.sub("", text)
    for _ in range(2):  # nested emphasis: ***bold italic*** inside **bold**
        text = _EMPHASIS.sub(r"\2", text)
    text = _HEADING.sub("", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub("• ", text)
    text = _AT.sub("@" + ZERO_WIDTH, text)
    for _ in range(2):  # "Sure! Here is a funny caption: ..."
        text = _PREAMBLE.sub("", text, count=1)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) >= 2 and text[0] in "\"'“«" and text[-1] in "\"'”»":
        text = text[1:-1].strip()  # models like to quote the caption they were asked for
    return _cap(text, limit)
