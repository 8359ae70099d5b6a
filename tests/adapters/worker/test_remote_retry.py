"""The bot's worker client asks a server error once more of the same address (a replica behind
it died with the request on it; another answers), and only once; busy and refused answers are
not asked again there."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web

from bot.captioning.intake import load_image
from bot.captioning.options import CaptionOptions
from bot.captioning.remote import RemoteCaptions, WorkerRefused, WorkerUnavailable
from tests.pictures import draw_picture, png_bytes
from tests.ports import free_port

PICTURE = load_image(png_bytes(draw_picture([("red", "circle")])))
OK = {"captions": ["a red circle"], "model": "m", "timings": {"batch_size": 1}}


class Scripted:
    """A worker that answers each request with the next of `answers`, and keeps what it got."""

    def __init__(self, *answers: Callable[[], web.Response]) -> None:
        self.answers = list(answers)
        self.received: list[dict[str, bytes]] = []
        self.port = free_port()
        self.runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, request: web.Request) -> web.Response:
        fields = {}
        async for part in await request.multipart():
            fields[part.name or ""] = bytes(await part.read())  # type: ignore[union-attr]
        self.received.append(fields)
        return self.answers.pop(0)()

    async def start(self) -> Scripted:
        app = web.Application()
        app.router.add_post("/v1/captions", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


def died() -> web.Response:
    # Ray Serve's own page for a request whose replica died: plain text, not the worker's JSON.
    return web.Response(status=500, text="Internal Server Error")


def ok() -> web.Response:
    return web.json_response(OK)


def busy() -> web.Response:
    return web.json_response({"error": "busy"}, status=503, headers={"Retry-After": "1"})


@pytest.fixture
async def client_for() -> AsyncIterator[Callable[..., RemoteCaptions]]:
    made: list[RemoteCaptions] = []

    def make(*urls: str) -> RemoteCaptions:
        client = RemoteCaptions(list(urls), "t", timeout_s=10, retry_after_s=60)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.stop()


async def test_a_server_error_is_asked_again_of_the_same_address_with_the_same_request(
    client_for,
):
    worker = await Scripted(died, ok).start()
    client = client_for(worker.url)
    await client.start()
    try:
        options = CaptionOptions(do_sample=True, seed=7, num_beams=1)
        result = await client.caption(PICTURE, options, use_cache=False)
    finally:
        await worker.stop()
    assert result.captions == ("a red circle",)
    first, second = worker.received
    assert first == second and first["use_cache"] == b"false"
    assert client.workers[0].dead_until == 0  # one died replica does not set the address aside


async def test_a_second_server_error_sets_the_address_aside_and_goes_on(client_for):
    failing = await Scripted(died, died).start()
    other = await Scripted(ok).start()
    client = client_for(failing.url, other.url)
    await client.start()
    try:
        assert (await client.caption(PICTURE)).captions == ("a red circle",)
        assert len(failing.received) == 2 and len(other.received) == 1
        assert client.workers[0].dead_until > 0
        lone = client_for(failing.url)
        await lone.start()
        failing.answers = [died, died, ok]
        with pytest.raises(WorkerUnavailable):
            await lone.caption(PICTURE)
        assert len(failing.received) == 4  # twice, not more
    finally:
        await failing.stop()
        await other.stop()


async def test_busy_and_refused_answers_are_not_asked_again_there(client_for):
    refusing = await Scripted(
        busy, lambda: web.json_response({"error": "bad_options"}, status=400)
    ).start()
    other = await Scripted(ok).start()
    client = client_for(refusing.url, other.url)
    await client.start()
    try:
        assert (await client.caption(PICTURE)).captions == ("a red circle",)
        assert len(refusing.received) == 1 and client.workers[0].dead_until == 0
        client.workers.reverse()  # round-robin starts the next request at the second: refusing
        with pytest.raises(WorkerRefused):
            await client.caption(PICTURE)
        assert len(refusing.received) == 2 and len(other.received) == 1
    finally:
        await refusing.stop()
        await other.stop()
