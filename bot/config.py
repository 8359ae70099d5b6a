"""Settings from the environment (and an optional `.env`), one place for every knob."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "nlpconnect/vit-gpt2-image-captioning"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # Captioning model
    caption_model: str = Field(DEFAULT_MODEL, description="hub id, local folder or random:vit-gpt2")
    caption_device: Literal["auto", "cpu", "cuda"] = "auto"
    caption_dtype: Literal["auto", "float32", "float16", "bfloat16", "int8"] = "auto"
    caption_max_batch: int = Field(16, ge=1, le=512)
    caption_max_wait_ms: float = Field(10.0, ge=0, le=5000)
    caption_queue_size: int = Field(256, ge=1)
    caption_timeout_s: float = Field(60.0, gt=0)
    caption_cache_size: int = Field(1024, ge=0)
    # Remote captioning: comma-separated worker base URLs; set, bots load no model themselves.
    caption_worker_urls: str = ""
    caption_worker_token: SecretStr | None = None
    caption_threads: int = Field(
        0, ge=0, description="CPU threads for the model; 0 = torch's choice"
    )
    # Off: every caption goes through transformers' `generate` (slower; for comparison or if a
    # model the fast decoder accepts ever captions differently).
    caption_fast_decoding: bool = True

    # Image intake
    image_max_bytes: int = Field(20 * 1024 * 1024, ge=1)
    image_max_pixels: int = Field(40_000_000, ge=1)

    # Storage
    database_url: str = "sqlite+aiosqlite:///captionist.db"
    chat_max_images: int = Field(50, ge=1, description="pictures kept per chat; oldest pruned")
    chat_max_age_days: float = Field(30, gt=0, description="pictures and turns older are pruned")

    # Platforms (later issues serve them; the CLI reports which are configured)
    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    telegram_local_mode: bool = False  # a local Bot API server started with --local
    telegram_webhook_url: str | None = None  # set: webhook mode instead of polling
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_listen: str = "127.0.0.1"
    telegram_webhook_port: int = Field(8443, ge=1, le=65535)
    discord_bot_token: SecretStr | None = None
    discord_guild_id: int | None = None  # set: commands sync to this guild at once
    # After a restart, mentions and DMs posted this long before it (while the bot was down) are
    # answered from channel history; 0 turns this off.
    discord_catch_up_minutes: float = Field(60, ge=0)
    web_enabled: bool = True
    web_host: str = "127.0.0.1"
    web_port: int = Field(8080, ge=0, le=65535)

    # On SIGTERM, replies under way get this long to finish; the rest go back to the inbox and
    # resume on the next start. Keep it under the orchestrator's grace (Docker: 10 s).
    stop_grace_s: float = Field(3.0, ge=0, le=60)

    log_level: str = "INFO"

    # Several instances: the Discord shards this process serves. Unset: one process, unsharded.
    # DISCORD_SHARD_IDS is a list or ranges ("0-3", "0,2"); empty: every shard of the count.
    # Direct messages arrive on shard 0.
    discord_shard_count: int | None = Field(None, ge=1)
    discord_shard_ids: str = ""

    @property
    def worker_urls(self) -> list[str]:
        return [u for u in self.caption_worker_urls.replace(",", " ").split() if u]

    @property
    def worker_token(self) -> str | None:
        return self.caption_worker_token.get_secret_value() if self.caption_worker_token else None
