"""The worker API's multipart reading, which the own worker and the Ray Serve application share:
byte-exact pictures, whatever bytes they hold, and one clear 400 for a broken body."""

from __future__ import annotations

import os

import aiohttp
import pytest

from adapters.worker.api import Answer, MalformedForm, multipart_fields, parse_request


async def _encoded(form: aiohttp.FormData) -> tuple[str, bytes]:
    payload = form()
    chunks: list[bytes] = []

    class Sink:
        async def write(self, data: bytes) -> None:
            chunks.append(bytes(data))

    await payload.write(Sink())  # type: ignore[arg-type]
    return payload.content_type, b"".join(chunks)


async def test_fields_come_back_byte_for_byte_even_when_they_look_like_framing():
    # Line breaks, a fake delimiter and a trailing CR inside the picture's bytes.
    picture = os.urandom(50_000) + b"\r\n\r\n--not-the-boundary\r\n" + os.urandom(999) + b"\r"
    form = aiohttp.FormData()
    form.add_field("image", picture, filename="x.jpg", content_type="image/jpeg")
    form.add_field("options", '{"num_beams": 2, "prefix": "é"}')
    form.add_field("use_cache", "false")
    content_type, body = await _encoded(form)
    fields = multipart_fields(content_type, b"a preamble\r\n" + body + b"epilogue")
    assert fields["image"] == picture
    assert fields["options"] == '{"num_beams": 2, "prefix": "é"}'.encode()
    assert fields["use_cache"] == b"false"
    request = parse_request(content_type, body)
    assert not isinstance(request, Answer)
    assert request.image == picture and not request.use_cache and not request.read_text
    assert request.options.num_beams == 2 and request.options.prefix == "é"


async def test_a_body_cut_short_or_without_a_boundary_is_malformed():
    form = aiohttp.FormData()
    form.add_field("image", b"\x89PNG...", filename="x.png", content_type="image/png")
    content_type, body = await _encoded(form)
    with pytest.raises(MalformedForm, match="closing boundary"):
        multipart_fields(content_type, body[:-12])
    with pytest.raises(MalformedForm, match="no boundary"):
        multipart_fields("multipart/form-data", body)
    answer = parse_request(content_type, body[:20])
    assert isinstance(answer, Answer) and (answer.status, answer.outcome) == (400, "bad_request")
    answer = parse_request("application/json", b"{}")
    assert isinstance(answer, Answer) and answer.status == 415
