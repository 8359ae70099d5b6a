"""The caption worker's HTTP API, free of any web framework: what a request may say and what each
answer looks like. The own worker (aiohttp, adapters/worker/server.py) and the Ray Serve
application (starlette, adapters/ray_serve/app.py) both hand it the raw request and send back
the `Answer` it gives, so that the two speak exactly one API.

POST /v1/captions (multipart: `image`, optional `options` JSON, optional `use_cache` and
`read_text`, each "true" or "false") → captions, timings and, with `read_text`, the text found in
the picture (`text`: its lines in reading order with confidence and box; null when none was read);
GET /healthz. Bad input is a 4xx with a JSON error, a full queue a 503 with Retry-After, so a
client can move on to another worker. A refusal a user should hear about also carries its
catalogue `key` and `params`, so a bot tells it in its own words.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from email.parser import HeaderParser
from types import MappingProxyType

from bot.captioning.engine import (
    CaptionEngine,
    CaptionFailed,
    EngineBusy,
    EngineStopped,
    EngineTimeout,
)
from bot.captioning.errors import UserFacingError
from bot.captioning.intake import ImageTooLarge, IntakeError, IntakeLimits
from bot.captioning.options import CaptionOptions, OptionsError
from bot.captioning.pictures import read_image
from bot.chat import texts

CAPTIONS_PATH = "/v1/captions"
HEALTH_PATH = "/healthz"
# Room above the image limit for the multipart framing and the small fields; the image itself is
# checked by intake, with the refusal a chat user hears.
FORM_OVERHEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: its status, JSON body and headers, and the outcome the worker's metrics
    count it under ("ok" or the error code)."""

    status: int
    body: Mapping[str, object]
    outcome: str
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


class MalformedForm(ValueError):
    """The body is not the multipart/form-data its Content-Type announces."""


def body_limit(limits: IntakeLimits) -> int:
    """The largest request body worth reading."""
    return limits.max_bytes + FORM_OVERHEAD_BYTES


def error(status: int, code: str, message: str, **headers: str) -> Answer:
    return Answer(status, {"error": code, "message": message}, code, MappingProxyType(headers))


def refusal(status: int, code: str, exc: UserFacingError, **headers: str) -> Answer:
    body = {
        "error": code,
        "message": texts.error_text(exc),
        "key": exc.key,
        "params": dict(exc.params),
    }
    return Answer(status, body, code, MappingProxyType(headers))


def unauthorized() -> Answer:
    return error(401, "unauthorized", "a valid bearer token is required")


def too_large() -> Answer:
    return error(413, "too_large", "the image is larger than this worker accepts")


def not_found() -> Answer:
    served = f"POST {CAPTIONS_PATH} and GET {HEALTH_PATH}"
    return error(404, "not_found", f"this caption service answers {served}")


def authorized(path: str, authorization: str | None, token: str | None) -> bool:
    """Whether a request for `path` with this Authorization header may go on: everything but the
    health check needs the bearer token, when there is one. Compared in constant time."""
    if not token or path == HEALTH_PATH:
        return True
    given = (authorization or "").encode()
    return hmac.compare_digest(given, f"Bearer {token}".encode())


def health(engine: CaptionEngine) -> dict[str, object]:
    report: dict[str, object] = {
        "status": "ok",
        "model": engine.model_name,
        "queue_depth": engine.queue_depth,
    }
    if engine.formats is not None:
        report["formats"] = engine.formats
    return report


def multipart_fields(content_type: str, body: bytes) -> dict[str, bytes]:
    """The named fields of a multipart/form-data `body` (RFC 7578), each as its bytes; a later
    field of the same name wins. Raises MalformedForm.

    Split on the boundary rather than parsed line by line: a picture is a few hundred kilobytes
    of binary, and this runs on the server's event loop."""
    header = Message()
    header["content-type"] = content_type
    boundary = header.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise MalformedForm("the multipart body has no boundary")
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    # Each delimiter owns the CRLF before it; the first may open the body without one.
    chunks = (b"\r\n" + body).split(delimiter)
    fields: dict[str, bytes] = {}
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            return fields  # the close delimiter: what follows is epilogue
        line_end = chunk.find(b"\r\n")
        if line_end < 0 or chunk[:line_end].strip(b" \t"):
            raise MalformedForm("a multipart delimiter is not followed by a line break")
        part = chunk[line_end + 2 :]
        if part.startswith(b"\r\n"):
            head, content = b"", part[2:]  # a part with no headers has no name: skipped below
        else:
            head, separator, content = part.partition(b"\r\n\r\n")
            if not separator:
                raise MalformedForm("a multipart part has no end to its headers")
        headers = HeaderParser().parsestr(head.decode("latin-1"))
        name = headers.get_param("name", header="content-disposition")
        if isinstance(name, str):
            fields[name] = content
    raise MalformedForm("the multipart body ends before its closing boundary")


@dataclass(frozen=True)
class CaptionRequest:
    image: bytes
    options: CaptionOptions
    use_cache: bool
    read_text: bool


def parse_request(content_type: str, body: bytes) -> CaptionRequest | Answer:
    """The caption request in a POST's body, or the 4xx that says what is wrong with it."""
    if not content_type.lower().startswith("multipart/"):
        return error(415, "bad_request", "send multipart/form-data with an `image` field")
    try:
        fields = multipart_fields(content_type, body)
    except MalformedForm as exc:
        return error(400, "bad_request", str(exc))
    try:
        raw_options = json.loads(fields.get("options", b"").decode() or "{}")
    except (ValueError, UnicodeDecodeError):
        return error(400, "bad_request", "`options` must be a JSON object")
    if "image" not in fields:
        return error(400, "bad_request", "the `image` field is missing")
    try:
        use_cache = fields.get("use_cache", b"true").decode().strip().lower()
        read_text = fields.get("read_text", b"false").decode().strip().lower()
    except UnicodeDecodeError:
        use_cache = read_text = ""
    if use_cache not in ("true", "false") or read_text not in ("true", "false"):
        return error(400, "bad_request", "`use_cache` and `read_text` must be true or false")
    try:
        if not isinstance(raw_options, dict):
            raise OptionsError("`options` must be a JSON object")
        options = CaptionOptions.from_mapping(raw_options)
    except OptionsError as exc:
        return error(400, "bad_options", str(exc))
    return CaptionRequest(fields["image"], options, use_cache == "true", read_text == "true")


async def caption(
    engine: CaptionEngine, limits: IntakeLimits, content_type: str, body: bytes, started: float
) -> Answer:
    """Answer a POST to /v1/captions whose whole body is `body`; `started`: when it arrived
    (time.perf_counter), for the timings."""
    request = parse_request(content_type, body)
    if isinstance(request, Answer):
        return request
    try:
        image = await read_image(request.image, limits)
    except ImageTooLarge as exc:
        return refusal(413, exc.reason, exc)
    except IntakeError as exc:
        return refusal(422, exc.reason, exc)
    try:
        result = await engine.caption(
            image, request.options, use_cache=request.use_cache, read_text=request.read_text
        )
    except EngineBusy as exc:
        return refusal(503, "busy", exc, **{"Retry-After": "1"})
    except EngineStopped as exc:
        return refusal(503, "stopping", exc, **{"Retry-After": "5"})
    except EngineTimeout as exc:
        return refusal(504, "timeout", exc)
    except CaptionFailed as exc:
        return refusal(500, "failed", exc)
    seconds = time.perf_counter() - started
    body_out: dict[str, object] = {
        "captions": list(result.captions),
        "model": result.model,
        "timings": {
            "total_seconds": round(seconds, 6),
            "model_seconds": round(result.seconds, 6),
            "queued_seconds": round(result.queued_seconds, 6),
            "batch_size": result.batch_size,
            "cached": result.cached,
        },
    }
    if request.read_text:
        body_out["text"] = result.read.to_dict() if result.read else None
    return Answer(200, body_out, "ok")
