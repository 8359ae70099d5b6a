"""Slash commands' descriptions, options and choices, and the Apps-menu names, in each catalogue
language: discord.py's Translator fills each command's `*_localizations` from the catalogue when
the tree is synced, and Discord shows each person their client's language.

Slash command names stay English: they are the words /help and Telegram use too, and what people
type in every language.
"""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

from bot.chat import texts

Render = Callable[[str], str]  # catalogue locale → the text in it
MAX_NAME = 100  # Discord's limit for a description or a choice's name
MAX_MENU_NAME = 32  # and for a context menu's name


def localized(render: Render, limit: int = MAX_NAME) -> app_commands.locale_str:
    """A string Discord shows in English by default and translated where the catalogue has it."""
    return app_commands.locale_str(render(texts.DEFAULT_LOCALE)[:limit], render=render, limit=limit)


def catalogue(key: str, limit: int = MAX_NAME) -> app_commands.locale_str:
    """The catalogue's text `key` (one without placeholders: a description, a menu's name)."""
    if texts.placeholders(texts.ENGLISH[key]):
        raise ValueError(f"{key} has placeholders: a menu text has none")
    return localized(lambda locale: texts.CATALOGUE[locale].get(key) or texts.ENGLISH[key], limit)


class CatalogueTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        render = string.extras.get("render")
        code = texts.locale_of(locale.value)
        if render is None or code is None or code == texts.DEFAULT_LOCALE:
            return None  # English is the default every other locale sees
        translated = render(code)
        limit = int(string.extras.get("limit", MAX_NAME))
        return translated[:limit] if translated != string.message else None
