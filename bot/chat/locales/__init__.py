"""The catalogue's other languages: one module per language, each with `NAME` (the language's own
name), `TEXTS` (every key of bot.chat.texts.ENGLISH) and the phrases people write in it (AGAIN,
READ, ALT, POLITE, STYLES, TALK: bot.chat.understanding.phrases reads them).

To add a language: copy a module, translate it, and name it in `MODULES` under the code platforms
send (Telegram's `language_code`, Discord's locale: "pt-BR" is "pt-br" here). tests/bot/chat/
test_languages.py holds it to the English keys and placeholders.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Catalogue code → module; "pt-br" answers any Portuguese, "es" any Spanish ("es-ES", "es-419").
MODULES = {
    "es": "es",
    "pt-br": "pt_br",
    "de": "de",
    "fr": "fr",
    "ru": "ru",
    "uk": "uk",
    "it": "it",
    "tr": "tr",
    "id": "id_",
}

LANGUAGES: dict[str, ModuleType] = {
    code: importlib.import_module(f"{__package__}.{module}") for code, module in MODULES.items()
}
