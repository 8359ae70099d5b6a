"""The web chat and /healthz, /metrics against DNS rebinding (the Host allow-list) and session
fixation (server-issued, signed session cookies)."""

from __future__ import annotations

import asyncio
import logging
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from adapters.lifecycle import Platforms
from adapters.status import AllowedHosts, split_host
from adapters.web import WebAdapter, events
from bot.config import Settings
from tests.adapters.web.conftest import serve_web, web_settings
from tests.adapters.web.test_web_api import form
from tests.pictures import draw_picture, png_bytes

CIRCLE_SQUARE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))
REBIND = "rebind.attacker.example"
MADE_UP = "attackerchosentoken0000001"


@pytest.fixture
async def served(tmp_path: Path, tiny_captioner) -> AsyncIterator[Platforms]:
    """The web chat and the status server, one public host name on any port and one on 8443."""
    settings = web_settings(
        tmp_path, metrics_port=0, web_public_hosts="Chat.Example.org, proxy.example:8443"
    )
    platforms = await serve_web(settings, tiny_captioner)
    try:
        yield platforms
    finally:
        await platforms.stop()


def web_of(platforms: Platforms) -> WebAdapter:
    web = platforms.started[0]
    assert isinstance(web, WebAdapter)
    return web


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def plain(url: str) -> aiohttp.ClientSession:
    """A client that keeps no cookies: each request carries exactly the headers it is given."""
    return aiohttp.ClientSession(base_url=url, cookie_jar=aiohttp.DummyCookieJar())


def with_cookie(value: str, **headers: str) -> dict[str, str]:
    return {"Cookie": f"{events.COOKIE}={value}", **headers}


def issued(response: aiohttp.ClientResponse) -> str | None:
    """The session cookie the response sets, if any."""
    morsel = response.cookies.get(events.COOKIE)
    return morsel.value if morsel is not None else None


async def raw_request(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()


# -- DNS rebinding: the Host allow-list ----------------------------------------------------------


async def test_a_rebinding_host_is_refused_by_the_web_chat_before_anything_happens(
    served, monkeypatch
):
    web = web_of(served)
    accepted: list[object] = []
    accept = web.events.accept

    async def spy(*args, **kwargs):
        accepted.append(args)
        return await accept(*args, **kwargs)

    monkeypatch.setattr(web.events, "accept", spy)
    port = port_of(web.url)
    host = f"{REBIND}:{port}"
    attacker = {"Host": host, "Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin"}
    async with plain(web.url) as http:
        async with http.post("/api/messages", data=form(text="hi"), headers=attacker) as response:
            assert response.status == 421
            assert "WEB_PUBLIC_HOSTS" in (await response.json())["error"]
            assert issued(response) is None
        async with http.post("/api/actions", json={"payload": "x"}, headers=attacker) as response:
            assert response.status == 421
        async with http.get("/api/history", headers=attacker) as response:
            assert response.status == 421
            assert response.content_type == "application/json"
            assert issued(response) is None
        async with http.get("/", headers=attacker) as response:
            assert response.status == 421
            assert response.content_type == "text/plain"
            assert "Captionist" not in await response.text()
        async with http.get("/static/app.js", headers=attacker) as response:
            assert response.status == 421
        # Nothing reached the inbox; the same request for our own host does.
        assert accepted == []
        ours = {"Origin": web.url, "Sec-Fetch-Site": "same-origin"}
        async with http.post("/api/messages", data=form(text="hi"), headers=ours) as response:
            assert response.status == 200
        assert len(accepted) == 1


async def test_a_rebinding_host_is_refused_by_healthz_and_metrics(served):
    status = served.status
    assert status is not None
    attacker = {"Host": f"{REBIND}:{status.port}"}
    async with plain(status.url) as http:
        for path in ("/healthz", "/metrics"):
            async with http.get(path, headers=attacker) as response:
                assert response.status == 421, path
                body = await response.text()
                assert "captionist_" not in body and "database" not in body
        for host in (f"localhost:{status.port}", f"127.0.0.1:{status.port}", "chat.example.org"):
            async with http.get("/healthz", headers={"Host": host}) as response:
                assert response.status == 200, host
                assert (await response.json())["status"] == "ok"
            async with http.get("/metrics", headers={"Host": host}) as response:
                assert response.status == 200, host
                assert "captionist_" in await response.text()


async def test_loopback_and_public_hosts_are_served_in_any_case(served):
    web = web_of(served)
    port = port_of(web.url)
    hosts = [
        f"localhost:{port}",
        f"LocalHost:{port}",
        f"127.0.0.1:{port}",
        "localhost",
        "chat.example.org",  # WEB_PUBLIC_HOSTS, any port
        "CHAT.EXAMPLE.ORG:443",
        "proxy.example:8443",  # WEB_PUBLIC_HOSTS with a port: that port only
    ]
    async with plain(web.url) as http:
        for host in hosts:
            async with http.get("/api/history", headers={"Host": host}) as response:
                assert response.status == 200, host
                assert (await response.json())["turns"] == []
            # The same-origin check still holds for an allowed host, and passes for its own page.
            origin = {"Host": host, "Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin"}
            async with http.post("/api/messages", data=form(text="hi"), headers=origin) as resp:
                assert resp.status == 200, host
        for host in ("proxy.example:8080", "proxy.example", "example.org", "chat.example.org.evil"):
            async with http.get("/api/history", headers={"Host": host}) as response:
                assert response.status == 421, host


async def test_a_request_without_a_host_header_is_refused(served):
    web = web_of(served)
    answer = await raw_request(port_of(web.url), b"GET /api/history HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 421") or answer.startswith(b"HTTP/1.1 421"), answer
    assert served.status is not None
    answer = await raw_request(served.status.port, b"GET /metrics HTTP/1.0\r\n\r\n")
    assert b" 421 " in answer.split(b"\r\n", 1)[0], answer


async def test_the_browser_test_address_and_ipv6_loopback_are_served(served):
    web = web_of(served)
    port = port_of(web.url)
    async with plain(web.url) as http:
        for host in (f"[::1]:{port}", "[::1]", f"127.0.0.1:{port}"):
            async with http.get("/", headers={"Host": host}) as response:
                assert response.status == 200, host
                assert "Captionist" in await response.text()


def test_the_allow_list_follows_the_listen_address_and_public_hosts(caplog):
    assert split_host("[::1]:8080") == ("::1", 8080)
    assert split_host("Example.ORG.:80") == ("example.org", 80)
    for bad in ("", "a b", "[::1", "host:port", "host:99999", "user@host", "[::1]x"):
        assert split_host(bad) is None, bad

    everywhere = AllowedHosts.of("0.0.0.0")
    assert everywhere.allows("localhost:1") and everywhere.allows("127.0.0.1:2")
    assert not everywhere.allows("0.0.0.0:8080") and not everywhere.allows(None)
    assert not AllowedHosts.of("::").allows("[::]:8080")
    lan = AllowedHosts.of("192.168.1.5")
    assert lan.allows("192.168.1.5:18080")
    # An address reached us by that address (a probe, a scraper by pod IP); rebinding comes by
    # a name, and names must be listed.
    assert lan.allows("192.168.1.6") and not lan.allows("rebind.attacker.example")
    named = AllowedHosts.of("Bot.Lan")
    assert named.allows("bot.lan:8080")
    assert AllowedHosts.of("::1").allows("[0:0::1]:9")
    with caplog.at_level(logging.WARNING):
        public = AllowedHosts.of("127.0.0.1", "a.example b.example:8443,, https://x/ c.example:x")
    assert public.allows("a.example:1") and public.allows("B.example:8443")
    assert not public.allows("b.example:443") and not public.allows("x")
    assert "https://x/" in caplog.text and "c.example:x" in caplog.text


# -- session fixation: server-issued, signed sessions --------------------------------------------


async def test_a_made_up_session_value_gets_a_fresh_session_and_no_shared_chat(served):
    web = web_of(served)
    async with plain(web.url) as http:
        # The attacker plants a value, then the victim's browser uses it.
        data = form(CIRCLE_SQUARE)
        async with http.post("/api/messages", data=data, headers=with_cookie(MADE_UP)) as resp:
            assert resp.status == 200
            victim = issued(resp)
        assert victim is not None and victim != MADE_UP and "." in victim
        async with http.get("/api/history", headers=with_cookie(victim)) as response:
            assert issued(response) is None  # a cookie we issued is kept
            turns = (await response.json())["turns"]
        assert len(turns) == 2 and turns[0]["image_id"]

        # The attacker, with the value it planted, reads nothing of the victim's chat.
        async with http.get("/api/history", headers=with_cookie(MADE_UP)) as response:
            assert (await response.json())["turns"] == []
            other = issued(response)
        assert other is not None and other != victim
        async with http.get(
            f"/api/images/{turns[0]['image_id']}", headers=with_cookie(MADE_UP)
        ) as response:
            assert response.status == 404
        # Nor with the victim's token part under a signature it made up, nor unsigned.
        token = victim.partition(".")[0]
        for forged in (token, f"{token}.", f"{token}.{'A' * 43}", f"{MADE_UP}.{MADE_UP}"):
            async with http.get("/api/history", headers=with_cookie(forged)) as response:
                assert (await response.json())["turns"] == [], forged
                assert issued(response) not in (None, forged, victim)


async def test_a_tampered_signature_gets_a_fresh_session(served):
    web = web_of(served)
    async with plain(web.url) as http:
        async with http.post("/api/messages", data=form(CIRCLE_SQUARE)) as response:
            value = issued(response)
        assert value is not None
        token, _, signature = value.partition(".")
        tampered = f"{token}.{signature[:-1]}{'B' if signature[-1] != 'B' else 'C'}"
        async with http.get("/api/history", headers=with_cookie(tampered)) as response:
            fresh = issued(response)
            assert (await response.json())["turns"] == []
        assert fresh is not None and fresh.partition(".")[0] != token
        # Another session's signature does not fit this token either.
        swapped = f"{token}.{fresh.partition('.')[2]}"
        async with http.get("/api/history", headers=with_cookie(swapped)) as response:
            assert issued(response) is not None
            assert (await response.json())["turns"] == []
        async with http.get("/api/history", headers=with_cookie(value)) as response:
            assert issued(response) is None
            assert len((await response.json())["turns"]) == 2


async def test_an_issued_session_survives_a_restart_on_the_same_database(
    tmp_path, web_chat, restarted_web_chat
):
    async with (
        plain(web_chat.url) as http,
        http.post("/api/messages", data=form(CIRCLE_SQUARE)) as response,
    ):
        value = issued(response)
        [caption] = (await response.json())["replies"]
    assert value is not None
    key_file = tmp_path / events.KEY_FILE  # beside web.db
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    before = key_file.read_bytes()

    fresh = await restarted_web_chat()
    assert key_file.read_bytes() == before
    async with (
        plain(fresh.url) as http,
        http.get("/api/history", headers=with_cookie(value)) as response,
    ):
        assert issued(response) is None
        turns = (await response.json())["turns"]
    assert [t["role"] for t in turns] == ["user", "bot"]
    assert turns[1]["text"] == caption["text"]


async def test_web_session_secret_signs_across_restarts_and_makes_no_key_file(
    tmp_path, tiny_captioner
):
    async def history(settings: Settings, value: str | None) -> tuple[str | None, int]:
        platforms = await serve_web(settings, tiny_captioner)
        try:
            web = web_of(platforms)
            headers = with_cookie(value) if value else {}
            async with plain(web.url) as http:
                if value is None:
                    async with http.post("/api/messages", data=form(CIRCLE_SQUARE)) as resp:
                        return issued(resp), 0
                async with http.get("/api/history", headers=headers) as response:
                    return issued(response), len((await response.json())["turns"])
        finally:
            await platforms.stop()

    secret = web_settings(tmp_path, web_session_secret="correct horse battery staple")
    value, _ = await history(secret, None)
    assert value is not None
    assert await history(secret, value) == (None, 2)
    assert not (tmp_path / events.KEY_FILE).exists()
    other = web_settings(tmp_path, web_session_secret="another secret")
    refused, turns = await history(other, value)
    assert refused is not None and refused != value and turns == 0


def test_the_session_key_without_a_secret(tmp_path, caplog, monkeypatch):
    sqlite = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    with caplog.at_level(logging.WARNING):
        key = events.session_key(sqlite)
        assert events.session_key(sqlite) == key and len(key) == 32
    assert caplog.text == ""
    # A broken key file is replaced (sessions restart) rather than stopping the bot.
    (tmp_path / events.KEY_FILE).write_text("not a key")
    with caplog.at_level(logging.WARNING):
        replaced = events.session_key(sqlite)
    assert replaced != key and "not a session key" in caplog.text
    assert events.session_key(sqlite) == replaced
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    # PostgreSQL (several instances) without WEB_SESSION_SECRET: warned, a key per process.
    caplog.clear()
    postgres = Settings(_env_file=None, database_url="postgresql+asyncpg://bot@db/captionist")
    with caplog.at_level(logging.WARNING):
        first, second = events.session_key(postgres), events.session_key(postgres)
    assert first != second and "WEB_SESSION_SECRET" in caplog.text
    # In memory: nothing to keep, nothing to warn about.
    caplog.clear()
    memory = Settings(_env_file=None, database_url="sqlite+aiosqlite:///:memory:")
    with caplog.at_level(logging.WARNING):
        assert len(events.session_key(memory)) == 32
    assert caplog.text == ""
    # A relative SQLite path keeps the key beside it, in the working directory.
    monkeypatch.chdir(tmp_path / "..")
    relative = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path.name}/b.db")
    assert events.session_key(relative) == events.session_key(sqlite)
    # An empty secret (WEB_SESSION_SECRET= in .env) is unset.
    empty = sqlite.model_copy(update={"web_session_secret": SecretStr("")})
    assert events.session_key(empty) == replaced
    with_secret = postgres.model_copy(update={"web_session_secret": SecretStr("s3cret")})
    assert events.session_key(with_secret) == events.session_key(with_secret)
