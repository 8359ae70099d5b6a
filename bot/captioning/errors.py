"""Errors the core raises towards users: each carries a short, friendly `user_message`."""

from __future__ import annotations


class CaptionError(Exception):
    """Base of captioning failures: `str(exc)` is the detail for logs, `user_message` for chats."""

    user_message = "Something went wrong while captioning. Please try again."

    def __init__(self, detail: str = "", *, user_message: str | None = None):
        super().__init__(detail or self.user_message)
        if user_message is not None:
            self.user_message = user_message
