"""ORM rows to frozen records; the only place that knows both shapes."""

from __future__ import annotations

from storage.models import Caption, Chat, Image, InboxEvent, Turn
from storage.records import CaptionRecord, ChatRecord, ImageRecord, InboxRecord, TurnRecord


def chat_record(row: Chat) -> ChatRecord:
    return ChatRecord(
        id=row.id,
        platform=row.platform,
        external_id=row.external_id,
        style=row.style,
        auto_caption=row.auto_caption,
        settings=dict(row.settings or {}),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def image_record(row: Image) -> ImageRecord:
    return ImageRecord(
        id=row.id,
        chat_id=row.chat_id,
        content_hash=row.content_hash,
        width=row.width,
        height=row.height,
        mime=row.mime,
        file_ref=row.file_ref,
        message_ref=row.message_ref,
        thumbnail=row.thumbnail,
        created_at=row.created_at,
        text=row.text,
    )


def caption_record(row: Caption) -> CaptionRecord:
    return CaptionRecord(
        id=row.id,
        image_id=row.image_id,
        kind=row.kind,
        text=row.text,
        model_text=row.model_text,
        style=row.style,
        question=row.question,
        options=dict(row.options or {}),
        model=row.model,
        seconds=row.seconds,
        message_ref=row.message_ref,
        created_at=row.created_at,
    )


def turn_record(row: Turn) -> TurnRecord:
    return TurnRecord(
        id=row.id,
        chat_id=row.chat_id,
        role=row.role,
        text=row.text,
        image_id=row.image_id,
        message_ref=row.message_ref,
        created_at=row.created_at,
    )


def inbox_record(row: InboxEvent) -> InboxRecord:
    return InboxRecord(
        id=row.id,
        platform=row.platform,
        event_id=row.event_id,
        chat_key=row.chat_key,
        group_key=row.group_key,
        payload=dict(row.payload or {}),
        blob=row.blob,
        state=row.state,
        attempts=row.attempts,
        sent_refs=dict(row.sent_refs or {}),
        received_at=row.received_at,
        finished_at=row.finished_at,
    )
