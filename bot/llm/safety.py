"""What an LLM wrote, made safe to send: plain text, no markup, no link, no mention that pings
anyone, capped in length.

Adapters send replies as plain text already; this also keeps the text from *looking* like markup
(**bold**, [links](...), <b>tags</b>) and from pinging: Discord's @everyone, <@id> and <@&role>,
and Telegram's @username (which notifies that user in a group). A prompt injected into what the
model reads could make it write "log in at https://…": links go too, in every form a platform
turns into one (https://…, www.…, example.com/path, <https://…>, e-mail addresses), unless the
operator allows them (LLM_ALLOW_LINKS); even then a masked link shows where it leads.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = "\u200b"

_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\n?|```")
# [text](url) and ![alt](url): one level of brackets in the text ("[verify [now]](…)"), of
# parentheses in the url, and an optional title.
_LINK_TEXT = r"((?:[^\[\]\n]|\[[^\[\]\n]*\])*)"
_LINK_URL = r"<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)?)>?"
_LINK = re.compile(rf"!?\[{_LINK_TEXT}\]\(\s*{_LINK_URL}(?:\s+[^)\n]*)?\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)  # [1]: https://…
_REFERENCE_USE = re.compile(rf"!?\[{_LINK_TEXT}\]\[[^\[\]\n]*\]")  # [text][1]
_AUTOLINK = re.compile(r"<((?:[a-z][a-z0-9+.-]{1,31}:|www\.)[^<>\s]+)>", re.I)  # <https://…>
_SCHEME_URL = re.compile(r"(?<![\w.+-])(?:[a-z][a-z0-9+.-]{1,31}://|www\.|mailto:)[^\s<>]+", re.I)
_NAME = r"[^\W_](?:[\w-]{0,61}[^\W_])?"  # one label of a domain name, in any script
_DOMAIN = rf"(?:{_NAME}\.)+[^\W\d_]{{2,24}}"
_END = r"(?![\w-]|\.\w)"
# example.com/path: any top-level domain with a path; a bare name only where it is a common one
# (Telegram links "example.com"; "circle.The", a missing space, stays).
_TLDS = (
    "com|net|org|info|biz|io|co|me|app|dev|xyz|ru|de|uk|cn|fr|it|nl|es|pl|br|in|jp|eu|us|ca|au|"
    "ch|se|no|tv|ai|gg|ly|to|cc|tk|ml|ga|cf|gq|top|site|online|link|click|shop|store|live|club"
)
_PATH_URL = re.compile(rf"(?<![\w.@/-]){_DOMAIN}(?::\d{{1,5}})?/[^\s<>]*")
_BARE_DOMAIN = re.compile(rf"(?<![\w.-])(?:{_NAME}\.)+(?:{_TLDS})(?::\d{{1,5}})?{_END}", re.I)
_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+@{_DOMAIN}{_END}")
_JOINED = re.compile(r"\u200d(?=[./:@])|(?<=[./:@])\u200d")
_TRAILING = ".,;:!?'\")]}»”’"  # after a link: the sentence's, not the link's
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


def _drop_link(match: re.Match[str]) -> str:
    found = match.group()
    return found[len(found.rstrip(_TRAILING)) :]  # "see https://x.example." keeps its "."


def _links(text: str, allow: bool) -> str:
    """`text` without links (all of them, or only their markup when `allow`)."""
    if allow:
        text = _LINK.sub(lambda m: f"{m[1]} ({m[2]})" if m[2] and m[2] != m[1] else m[1], text)
        return _AUTOLINK.sub(r"\1", text)
    text = _JOINED.sub("", text)  # "evil\u200d.example": a joiner that only hides a dot
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_USE.sub(r"\1", _REFERENCE.sub("", text))
    text = _AUTOLINK.sub("", text)
    for pattern in (_SCHEME_URL, _EMAIL, _PATH_URL, _BARE_DOMAIN):
        text = pattern.sub(_drop_link, text)
    return text


def clean_reply(text: str, limit: int, *, allow_links: bool = False) -> str:
    """`text` as plain, safe, at most `limit` characters; "" when nothing is left. Links are
    dropped unless `allow_links` (then a masked one is written out: "text (url)")."""
    # More than the reply can keep is never read: the patterns' time stays bounded too.
    text = _strip_controls(text[: 8 * limit]).replace("\r\n", "\n").strip()
    text = _FENCE.sub("", text)
    text = _links(text, allow_links)
    text = _TAG.sub("", text)
    text = _DISCORD_MENTION.sub("", text)
    for _ in range(2):  # nested emphasis: ***bold italic*** inside **bold**
        text = _EMPHASIS.sub(r"\2", text)
    # Removing markup can join a link back together ("**www**.evil.example", "evil<b>.</b>com"):
    # looked for again until nothing changes.
    while (unlinked := _links(text, allow_links)) != text:
        text = unlinked
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
