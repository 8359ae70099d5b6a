"""The web chat's HTTP API through a real aiohttp client: sessions, safety, the core's answers."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from bot.chat import texts
from tests.pictures import draw_picture, png_bytes

CIRCLE_SQUARE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))
TRIANGLE_SQUARE = png_bytes(draw_picture([("green", "triangle"), ("yellow", "square")]))


def first_line(text: str) -> str:
    """A caption without the notice a chat's first one carries below it (a demo model's)."""
    return text.split("\n")[0]


def client(web_chat) -> aiohttp.ClientSession:
    # unsafe: the default jar drops cookies from IP-address hosts such as 127.0.0.1.
    return aiohttp.ClientSession(base_url=web_chat.url, cookie_jar=aiohttp.CookieJar(unsafe=True))


def form(image: bytes | None = None, text: str = "", mime: str = "image/png") -> aiohttp.FormData:
    data = aiohttp.FormData()
    if image is not None:
        data.add_field("image", image, filename="picture.png", content_type=mime)
    data.add_field("text", text)
    return data


async def test_a_picture_is_captioned_with_buttons_and_comes_back_in_history(web_chat):
    async with client(web_chat) as http:
        async with http.post("/api/messages", data=form(CIRCLE_SQUARE)) as response:
            assert response.status == 200
            cookie = response.cookies["captionist_session"]
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
            body = await response.json()
        [reply] = body["replies"]
        assert first_line(reply["text"]) == "a red circle and a blue square"
        labels = [a["label"] for a in reply["actions"]]
        assert "😄 Funny" in labels
        funny = next(a for a in reply["actions"] if a["label"] == "😄 Funny")
        async with http.post("/api/actions", json={"payload": funny["payload"]}) as response:
            [styled] = (await response.json())["replies"]
        assert styled["text"] != reply["text"] and "red circle" in styled["text"]

        async with http.get("/api/history") as response:
            turns = (await response.json())["turns"]
        assert turns[0]["role"] == "user" and turns[0]["image_id"]
        assert first_line(turns[1]["text"]) == "a red circle and a blue square"
        async with http.get(f"/api/images/{turns[0]['image_id']}") as response:
            assert response.status == 200
            assert response.content_type.startswith("image/")
            assert len(await response.read()) > 100

    # Another session sees neither the history nor the picture.
    async with client(web_chat) as stranger:
        async with stranger.get("/api/history") as response:
            assert (await response.json())["turns"] == []
        async with stranger.get(f"/api/images/{turns[0]['image_id']}") as response:
            assert response.status == 404


async def test_a_cross_origin_post_is_refused(web_chat):
    async with client(web_chat) as http:
        headers = {"Origin": "http://evil.example"}
        async with http.post("/api/messages", data=form(text="hi"), headers=headers) as response:
            assert response.status == 403
            assert "other sites" in (await response.json())["error"]
        headers = {"Sec-Fetch-Site": "cross-site"}
        async with http.post("/api/actions", json={"payload": "x"}, headers=headers) as response:
            assert response.status == 403
        same = {"Origin": web_chat.url, "Sec-Fetch-Site": "same-origin"}
        async with http.post("/api/messages", data=form(text="hi"), headers=same) as response:
            assert response.status == 200


async def test_an_oversize_upload_gets_a_clear_error(web_chat):
    huge = b"\x89PNG" + b"\0" * 500_000  # the fixture allows 300 kB pictures
    async with client(web_chat) as http, http.post("/api/messages", data=form(huge)) as response:
        assert response.status == 413
        assert "too big" in (await response.json())["error"]


async def test_a_text_file_gets_a_clear_message(web_chat):
    async with client(web_chat) as http:
        data = form(b"just some notes", mime="text/plain")
        async with http.post("/api/messages", data=data) as response:
            [reply] = (await response.json())["replies"]
    assert "doesn't look like an image" in reply["text"]


async def test_the_page_and_its_assets_are_served_with_a_strict_policy(web_chat):
    async with client(web_chat) as http:
        async with http.get("/") as response:
            page = await response.text()
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert '<script type="module" src="/static/app.js">' in page
        assert "http" not in page.split("<body>")[1]
        for asset in ("/static/app.js", "/static/style.css"):
            async with http.get(asset) as response:
                assert response.status == 200
        async with http.post("/api/actions", data=b"not json") as response:
            assert response.status == 400


async def test_history_after_a_restart_keeps_buttons_and_message_ids(web_chat, restarted_web_chat):
    async with client(web_chat) as http:
        async with http.post("/api/messages", data=form(CIRCLE_SQUARE)) as response:
            first = await response.json()
            token = response.cookies["captionist_session"].value
        [caption] = first["replies"]
        funny = next(a for a in caption["actions"] if a["label"] == "😄 Funny")
        async with http.post("/api/actions", json={"payload": funny["payload"]}) as response:
            [styled] = (await response.json())["replies"]
        async with http.post("/api/messages", data=form(TRIANGLE_SQUARE)) as response:
            [second] = (await response.json())["replies"]

    fresh = await restarted_web_chat()
    cookies = {"captionist_session": token}
    async with aiohttp.ClientSession(base_url=fresh.url, cookies=cookies) as http:
        async with http.get("/api/history") as response:
            turns = (await response.json())["turns"]
        bots = [t for t in turns if t["role"] == "bot"]
        assert [(t["text"], t["id"], t["actions"]) for t in bots] == [
            (reply["text"], reply["id"], reply["actions"]) for reply in (caption, styled, second)
        ]
        pictures = [t for t in turns if t["image_id"]]
        assert pictures[0]["id"] == first["message_id"] and pictures[0]["text"] == ""
        assert len(pictures) == 2

        # A button from history works on the new core...
        again = bots[0]["actions"][0]
        assert again["label"] == "🔁 Again"
        body = {"payload": again["payload"], "message_id": bots[0]["id"]}
        async with http.post("/api/actions", json=body) as response:
            [fresh_caption] = (await response.json())["replies"]
        assert "red circle" in fresh_caption["text"] and fresh_caption["actions"]
        # ...and a reply to the first picture, or to its caption, is about the first picture.
        for target in (pictures[0]["id"], bots[0]["id"]):
            data = form(text="/history")
            data.add_field("reply_to", target)
            async with http.post("/api/messages", data=data) as response:
                [listing] = (await response.json())["replies"]
            assert caption["text"] in listing["text"] and "green" not in listing["text"]


async def test_a_message_sent_again_is_answered_once(web_chat):
    message_id = "0123456789abcdef0123456789abcdef"
    async with client(web_chat) as http:
        sent = form(CIRCLE_SQUARE)
        sent.add_field("id", message_id)
        async with http.post("/api/messages", data=sent) as response:
            assert response.status == 200
            assert (await response.json())["message_id"] == message_id
        # The page sends it again when the first answer never reached it.
        again = form(CIRCLE_SQUARE)
        again.add_field("id", message_id)
        async with http.post("/api/messages", data=again) as response:
            assert response.status == 202
            assert (await response.json())["kept"] is True
        async with http.get("/api/history") as response:
            turns = (await response.json())["turns"]
    assert [t["role"] for t in turns] == ["user", "bot"]
    assert turns[0]["id"] == message_id


async def test_a_message_kept_when_the_bot_stopped_is_answered_after_the_restart(
    web_chat, restarted_web_chat
):
    from adapters.web import events
    from storage import NewEvent, Repository, create_engine, create_sessionmaker

    async with client(web_chat) as http:
        async with http.get("/api/history") as response:
            token = response.cookies["captionist_session"].value
        # Committed, then the process died before captioning it.
        chat = events.chat_key(token)
        payload = {"kind": "message", "text": "", "reply_to": None,
                   "file": {"name": "p.png", "mime": "image/png"}}  # fmt: skip
        # Written to the database behind the running bot's back, as if it had died after it.
        database = create_engine(web_chat.settings.database_url)
        try:
            event_id = "message:" + "ab" * 16
            await Repository(create_sessionmaker(database)).inbox.add(
                [NewEvent(events.PLATFORM, event_id, chat, payload, blob=TRIANGLE_SQUARE)]
            )
        finally:
            await database.dispose()
        restarted = await restarted_web_chat()
        http.cookie_jar.update_cookies({"captionist_session": token})
        async with aiohttp.ClientSession(
            base_url=restarted.url, cookie_jar=http.cookie_jar
        ) as again:
            turns: list[dict[str, Any]] = []
            for _ in range(300):
                async with again.get("/api/history") as response:
                    turns = (await response.json())["turns"]
                if len(turns) == 2:
                    break
                await asyncio.sleep(0.05)
    assert turns[0]["id"] == "ab" * 16 and turns[0]["image_id"]
    assert first_line(turns[1]["text"]) == "a green triangle and a yellow square"


async def test_a_rating_is_answered_in_passing_and_kept_out_of_the_history(web_chat):
    async with client(web_chat) as http:
        async with http.post("/api/messages", data=form(CIRCLE_SQUARE)) as response:
            [reply] = (await response.json())["replies"]
        thumbs = {a["label"]: a for a in reply["actions"] if a["label"] in ("👍", "👎")}
        assert set(thumbs) == {"👍", "👎"} and reply["quiet"] is False
        async with http.post("/api/actions", json={"payload": thumbs["👍"]["payload"]}) as response:
            [thanks] = (await response.json())["replies"]
        assert thanks["quiet"] is True and thanks["text"] == texts.text("feedback.thanks_up")
        async with http.get("/api/history") as response:
            turns = (await response.json())["turns"]
        assert [t["role"] for t in turns] == ["user", "bot"]  # no turn for the press
        # The history's caption keeps its thumbs.
        assert [a["label"] for a in turns[1]["actions"]][-2:] == ["👍", "👎"]
