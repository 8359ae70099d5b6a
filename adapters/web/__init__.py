"""The local web chat: one page served by aiohttp, talking to the same core as the bots."""

from adapters.web.adapter import WebAdapter

__all__ = ["WebAdapter"]
