"""What a security review found to hold in the web chat, kept holding: CSRF from other origins
(lookalikes included) is refused, responses carry a strict policy and the page renders text only
as text, oversize uploads get 413 however they are sent, and one session never sees another's
pictures. Through a real aiohttp client against the real adapter (see conftest.py)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from adapters.web import WebAdapter, events
from adapters.web.adapter import FORM_MARGIN, STATIC
from tests.adapters.web.test_web_api import client, form
from tests.pictures import draw_picture, png_bytes

CIRCLE_SQUARE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))
TRIANGLE = png_bytes(draw_picture([("green", "triangle")]))

# What the page's script must never use: each turns a string into markup (or code).
HTML_SINKS = (
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "document.write",  # document.writeln too
    "createContextualFragment",
    "DOMParser",
    "srcdoc",
    "setHTMLUnsafe",
    "parseHTMLUnsafe",
    "eval(",
    "new Function",
)


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


@pytest.fixture
def accepted(web_chat: WebAdapter, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The events that reached the core's inbox through the web chat."""
    seen: list[object] = []
    accept = web_chat.events.accept

    async def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(args)
        return await accept(*args, **kwargs)

    monkeypatch.setattr(web_chat.events, "accept", spy)
    return seen


# -- 1. CSRF -------------------------------------------------------------------------------------


async def test_posts_from_other_and_lookalike_origins_are_refused(web_chat, accepted):
    port = int(web_chat.url.rsplit(":", 1)[1])
    refused: list[dict[str, str]] = [
        {"Origin": "null"},  # sandboxed iframes, data: URLs, some redirects
        {"Origin": f"http://127.0.0.1.evil.example:{port}"},
        {"Origin": f"http://127.0.0.1:{port}.evil.example"},
        {"Origin": f"http://evil.example/http://127.0.0.1:{port}"},
        {"Origin": f"https://127.0.0.1:{port}"},  # another scheme is another origin
        {"Origin": f"http://127.0.0.1:{port + 1}"},  # and so is another port
        {"Origin": "http://127.0.0.1"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is still another origin
        # A header that says "same origin" does not excuse an Origin that is not ours, and an
        # Origin that is ours does not excuse a browser saying "cross-site".
        {"Origin": f"http://127.0.0.1.evil.example:{port}", "Sec-Fetch-Site": "same-origin"},
        {"Origin": web_chat.url, "Sec-Fetch-Site": "cross-site"},
    ]
    async with client(web_chat) as http:
        for headers in refused:
            async with http.post("/api/messages", data=form(text="hi"), headers=headers) as r:
                assert r.status == 403, headers
                assert "other sites" in (await r.json())["error"]
                assert events.COOKIE not in r.cookies, headers
            body = {"payload": "cap:again:1:"}
            async with http.post("/api/actions", json=body, headers=headers) as r:
                assert r.status == 403, headers
        assert accepted == []  # nothing refused reached the inbox

        # The page's own requests still go through.
        ours = {"Origin": web_chat.url, "Sec-Fetch-Site": "same-origin"}
        async with http.post("/api/messages", data=form(text="hi"), headers=ours) as response:
            assert response.status == 200
        assert len(accepted) == 1


# -- 2. cookie, policy and the page's script -----------------------------------------------------


async def test_the_cookie_and_every_served_response_are_locked_down(web_chat):
    async with client(web_chat) as http:
        async with http.post("/api/messages", data=form(CIRCLE_SQUARE)) as response:
            assert response.status == 200
            [set_cookie] = [
                c for c in response.headers.getall("Set-Cookie") if c.startswith(events.COOKIE)
            ]
            attributes = {a.strip().lower() for a in set_cookie.split(";")[1:]}
            assert "httponly" in attributes and "samesite=strict" in attributes, set_cookie
        async with http.get("/api/history") as response:
            image_id = (await response.json())["turns"][0]["image_id"]

        answers: list[tuple[str, aiohttp.ClientResponse]] = []
        paths = ["/", "/static/app.js", "/static/style.css", "/static/missing.js"]
        paths += ["/api/history", f"/api/images/{image_id}", "/api/images/999999"]
        for path in paths:
            async with http.get(path) as response:
                answers.append((path, response))
        async with http.post("/api/actions", data=b"not json") as response:
            answers.append(("bad json", response))
        # The guard's early refusals, and aiohttp's own 404 for an unknown route, too.
        async with http.get("/nope") as response:
            answers.append(("unknown route", response))
        cross = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
        async with http.post("/api/messages", data=form(text="hi"), headers=cross) as response:
            assert response.status == 403
            answers.append(("cross-site", response))
        async with http.get("/api/history", headers={"Host": "rebind.example"}) as response:
            assert response.status == 421
            answers.append(("misdirected", response))

    for what, response in answers:
        assert response.headers.get("X-Content-Type-Options") == "nosniff", what
        header = response.headers.get("Content-Security-Policy", "")
        policy = csp_directives(header)
        assert policy.get("default-src") == ["'none'"], (what, header)
        assert policy.get("script-src") == ["'self'"], (what, header)
        assert policy.get("frame-ancestors") == ["'none'"], (what, header)
        for values in policy.values():
            assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(
                values
            ), (what, header)


def test_the_page_renders_text_only_as_text():
    scripts = sorted(Path(STATIC).glob("*.js"))
    assert scripts, STATIC
    sources = {script.name: script.read_text(encoding="utf-8") for script in scripts}
    # The modules that draw text (log.js) do it through textContent; none uses a markup sink.
    assert "textContent" in sources["log.js"]
    for name, source in sources.items():
        for sink in HTML_SINKS:
            assert sink not in source, f"{name} uses {sink}"
    # Nothing inline for the policy to have to allow: no inline script, style or handler.
    for page in sorted(Path(STATIC).glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert re.findall(r"<script\b[^>]*>", html) == [
            '<script type="module" src="/static/app.js">'
        ], page
        assert "<style" not in html and " style=" not in html, page
        assert not re.search(r"\son[a-z]+\s*=", html), page
        assert "javascript:" not in html.lower(), page


# -- 3. upload limits and isolation --------------------------------------------------------------


async def test_a_body_over_the_limit_is_413_with_or_without_a_length(web_chat, accepted):
    limit = web_chat.settings.image_max_bytes + FORM_MARGIN
    assert web_chat.max_upload == limit
    over = b"\x89PNG\r\n\x1a\n" + b"\0" * (limit + 1)
    async with client(web_chat) as http:
        async with http.post("/api/messages", data=form(over)) as response:
            assert response.status == 413
            assert "too big" in (await response.json())["error"]

        # Chunked, so the server learns the size only while reading.
        boundary = "captionistholdsboundary"
        head = (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="image"; filename="big.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()

        async def chunks() -> AsyncIterator[bytes]:
            yield head
            for start in range(0, len(over), 64 * 1024):
                yield over[start : start + 64 * 1024]
            yield tail

        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        async with http.post("/api/messages", data=chunks(), headers=headers) as response:
            assert response.request_info.headers.get("Transfer-Encoding") == "chunked"
            assert response.status == 413
            assert "too big" in (await response.json())["error"]
    assert accepted == []


async def test_pictures_are_isolated_between_sessions(web_chat):
    async def upload(http: aiohttp.ClientSession, picture: bytes) -> int:
        async with http.post("/api/messages", data=form(picture)) as response:
            assert response.status == 200
        async with http.get("/api/history") as response:
            [image_id] = [t["image_id"] for t in (await response.json())["turns"] if t["image_id"]]
        return int(image_id)

    async with client(web_chat) as alice, client(web_chat) as bob:
        hers, his = await upload(alice, CIRCLE_SQUARE), await upload(bob, TRIANGLE)
        async with alice.get(f"/api/images/{hers}") as response:
            assert response.status == 200 and response.content_type.startswith("image/")
        async with bob.get(f"/api/images/{his}") as response:
            assert response.status == 200
        # Another session's picture answers exactly as one that does not exist.
        async with alice.get("/api/images/987654") as response:
            missing = response.status, await response.json()
        assert missing[0] == 404
        async with alice.get(f"/api/images/{his}") as response:
            assert (response.status, await response.json()) == missing
        async with bob.get(f"/api/images/{hers}") as response:
            assert (response.status, await response.json()) == missing
        # A session with no cookie at all sees neither.
        async with aiohttp.ClientSession(
            base_url=web_chat.url, cookie_jar=aiohttp.DummyCookieJar()
        ) as nobody:
            for image_id in (hers, his):
                async with nobody.get(f"/api/images/{image_id}") as response:
                    assert response.status == 404
