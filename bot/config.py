"""Settings from the environment (and an optional `.env`), one place for every knob."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.captioning.config import EngineConfig

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
    # Each replica of the caption service on Ray Serve (`main.py worker --ray`, deploy/): its CPUs,
    # and its GPUs (unset: 1 when CAPTION_DEVICE is cuda, or auto on a cluster with GPUs).
    caption_replica_cpus: float = Field(1.0, gt=0)
    caption_replica_gpus: float | None = Field(None, ge=0)

    # Reading the text in pictures (OCR): auto picks the best engine installed (bench/ocr.py),
    # tesseract or rapidocr force one, off turns it off.
    ocr_engine: Literal["auto", "tesseract", "rapidocr", "off"] = Field(
        "auto",
        validation_alias=AliasChoices("ocr_engine", "ocr"),  # OCR=off works too
    )
    ocr_languages: str = Field("eng", description="Tesseract language packs, e.g. eng+deu")
    ocr_timeout_s: float = Field(10.0, gt=0, le=120)

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
    # Webhook mode always checks Telegram's secret-token header (403 without it). Unset: the
    # secret is derived from the bot token (HMAC-SHA256), the same on every instance sharing it.
    # Set, it overrides that: 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule).
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
    web_public_hosts: str = Field(
        "",
        description=(
            "host names (optionally host:port), comma- or space-separated, that the web chat"
            " and /healthz, /metrics answer besides loopback and WEB_HOST/METRICS_HOST: the"
            " names a proxy or scraper uses; any other Host header gets 421 (DNS rebinding)"
        ),
    )
    web_session_secret: SecretStr | None = Field(
        None,
        description=(
            "signs the web chat's session cookies; unset: a key kept in web-session.key beside"
            " the SQLite file (set it for PostgreSQL and several instances)"
        ),
    )

    # On SIGTERM, replies under way get this long to finish; the rest go back to the inbox and
    # resume on the next start. Keep it under the orchestrator's grace (Docker: 10 s).
    stop_grace_s: float = Field(3.0, ge=0, le=60)

    log_level: str = "INFO"

    # 👍/👎 under captions and the corrections people send (issue 27); pictures with feedback are
    # kept this long for training, even past the chat's retention.
    feedback_enabled: bool = True
    feedback_keep_days: float = Field(90.0, gt=0, le=3650)

    # The language the bot writes in to people who chose none (/language) and whose app's is not
    # in the catalogue (bot.chat.locales): its code, e.g. "de" or "pt-br".
    default_language: str = "en"

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        from bot.chat.texts import CATALOGUE, locale_of

        found = locale_of(value)
        if found is None:
            raise ValueError(f"no such language {value!r}: one of {', '.join(CATALOGUE)}")
        return found

    # Optional LLM (issue 16): any OpenAI-compatible /v1 endpoint writes the styles and answers
    # free chat from the captioner's words. Unset: no request is ever made.
    llm_base_url: str | None = None
    llm_model: str = ""
    llm_api_key: SecretStr | None = None  # local servers ignore it
    llm_timeout_s: float = Field(20.0, gt=0, le=600)
    llm_vision: bool = False  # also send the picture (vision models only)
    # The plain caption in the person's language too (the LLM writes the styles in it anyway);
    # off: plain captions stay English, as the captioning model writes them.
    llm_translate_captions: bool = False
    llm_allow_links: bool = Field(
        False,
        description="keep links the LLM writes (shown in full, never masked); off: every URL, "
        "www./example.com/path form, <…> autolink and e-mail address is dropped from its text",
    )

    @model_validator(mode="after")
    def _llm_needs_a_model(self) -> Settings:
        if self.llm_base_url and not self.llm_model:
            raise ValueError("LLM_MODEL is required when LLM_BASE_URL is set")
        return self

    # -- operator controls (issue 15) --
    # Comma-separated "platform:id" lists; unset (empty) lets everyone in. On Discord an id may
    # be a user, channel, guild or role.
    allowed_users: str = ""
    allowed_chats: str = ""
    admins: str = ""  # "platform:user_id": /stats, /block, /unblock; never limited
    user_pictures_per_hour: int | None = Field(None, ge=1)  # unset: no limit
    user_pictures_per_day: int | None = Field(None, ge=1)
    metrics_port: int | None = Field(None, ge=0, le=65535)  # set: /healthz and /metrics
    metrics_host: str = "127.0.0.1"
    log_format: Literal["text", "json"] = "text"

    @field_validator(
        "user_pictures_per_hour", "user_pictures_per_day", "metrics_port", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # `USER_PICTURES_PER_HOUR=` in a .env file means "no limit", as leaving it out does.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("allowed_users", "allowed_chats", "admins")
    @classmethod
    def _platform_ids(cls, value: str) -> str:
        from bot.operator.ids import parse_ids

        parse_ids(value)  # raises ValueError naming the entry that is not platform:id
        return value

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


def engine_config(settings: Settings) -> EngineConfig:
    """The local engine and its model, as the settings describe them."""
    return EngineConfig(
        model=settings.caption_model,
        device=settings.caption_device,
        dtype=settings.caption_dtype,
        threads=settings.caption_threads,
        fast_decoding=settings.caption_fast_decoding,
        max_batch=settings.caption_max_batch,
        max_wait_ms=settings.caption_max_wait_ms,
        queue_size=settings.caption_queue_size,
        timeout_s=settings.caption_timeout_s,
        cache_size=settings.caption_cache_size,
    )
