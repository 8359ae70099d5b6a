"""One OpenAI-compatible chat endpoint (Ollama, llama.cpp's llama-server, vLLM, LM Studio,
OpenAI), asked for one short text at a time.

Every failure is an answer of None, never an exception: the caller has a template reply ready.
After a failure the endpoint is left alone for a while (doubling up to `max_backoff_s`), so that
"again" and styles answer at once instead of waiting on a dead server again and again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import openai
from openai import AsyncOpenAI

log = logging.getLogger(__name__)

# The `openai` client insists on a key; local servers ignore whatever it is.
PLACEHOLDER_KEY = "not-needed"

Message = dict[str, Any]  # one chat message as the API takes it: {"role": ..., "content": ...}
# Told the reason of each failure ("timeout", "http_500", "connection", "empty", ...): the
# metrics' counter, when there are metrics.
OnFailure = Callable[[str], None]


class LLMClient:
    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 20.0,
        vision: bool = False,
        max_tokens: int = 300,
        temperature: float = 0.7,
        first_backoff_s: float = 30.0,
        max_backoff_s: float = 600.0,
        on_failure: OnFailure | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.model = model
        self.timeout_s = timeout_s
        self.vision = vision
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.first_backoff_s = first_backoff_s
        self.max_backoff_s = max_backoff_s
        self.on_failure = on_failure
        self._clock = clock
        self._backoff_s = 0.0
        self._resting_until = 0.0
        # Retries are ours to decide (none: the template answers instead), and so is the
        # deadline, which asyncio enforces on the whole request however slowly bytes trickle.
        self._client = AsyncOpenAI(
            base_url=base_url,
            api_key=api_key or PLACEHOLDER_KEY,
            timeout=timeout_s,
            max_retries=0,
        )

    @property
    def resting(self) -> bool:
        """Whether the endpoint failed recently and is not asked until its back-off ends."""
        return self._clock() < self._resting_until

    async def complete(
        self, messages: Sequence[Message], *, max_tokens: int | None = None
    ) -> str | None:
        """The model's reply to `messages`, or None (failed, too slow, empty, or resting)."""
        if self.resting:
            log.debug("LLM still backing off; the template answers")
            return None
        try:
            response = await asyncio.wait_for(
                self._client.chat.completions.create(
                    model=self.model,
                    messages=list(messages),  # type: ignore[arg-type]
                    max_tokens=max_tokens or self.max_tokens,
                    temperature=self.temperature,
                ),
                timeout=self.timeout_s,
            )
        except (TimeoutError, openai.APITimeoutError):
            self._failed("timeout", f"no reply within {self.timeout_s:g} s")
            return None
        except openai.APIStatusError as exc:
            self._failed(f"http_{exc.status_code}", f"HTTP {exc.status_code}")
            return None
        except openai.APIConnectionError as exc:
            self._failed("connection", type(exc).__name__)
            return None
        except Exception as exc:  # a malformed answer, or anything else: the template answers
            self._failed("error", f"{type(exc).__name__}: {exc}")
            return None
        choices = getattr(response, "choices", None) or []
        content = choices[0].message.content if choices and choices[0].message else None
        if not content or not content.strip():
            self._failed("empty", "an empty reply")
            return None
        self._backoff_s = 0.0
        return str(content)

    def _failed(self, reason: str, detail: str) -> None:
        # Requests of other chats in flight when the server died fail too: one outage, one step
        # of back-off.
        if not self.resting:
            self._backoff_s = min(
                self.max_backoff_s,
                self._backoff_s * 2 if self._backoff_s else self.first_backoff_s,
            )
            self._resting_until = self._clock() + self._backoff_s
        log.warning(
            "LLM request to model %r failed (%s); using the template reply, and not asking "
            "again for %.0f s",
            self.model, detail, self._backoff_s,
        )  # fmt: skip
        if self.on_failure is not None:
            try:
                self.on_failure(reason)
            except Exception:
                log.warning("the LLM failure hook failed", exc_info=True)

    async def close(self) -> None:
        await self._client.close()
