"""Capture provenance: how a document came in, when, and a hash of its bytes.

A dossier cites documents, and a reader years later needs to know what exactly was
read: the input (file, URL, WARC record, feed entry), the moment it was captured, the
HTTP answer when it was fetched, and the SHA-256 and size of the bytes the parser read.
Documents ingested before captures were recorded have none, and say "unknown": a
guess (today's date, the current file) would be a false record.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.dates import utc
from graph.schema import CaptureTime, CaptureVia

__all__ = ["UNKNOWN", "Capture", "sha256_hex"]

#: What a document recorded before captures existed shows for each capture field.
UNKNOWN = "unknown"


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class Capture(BaseModel):
    """Where one document's bytes came from. ``sha256`` and ``size`` are of the bytes
    the parser read: a ``.gz`` file and an HTTP body sent with Content-Encoding are
    hashed once inflated (what a capture kept with ``--keep-raw`` holds)."""

    model_config = ConfigDict(frozen=True)

    via: CaptureVia
    input: str = Field(description="The input as named in the ingest report")
    url: str | None = Field(default=None, description="URL requested, when fetched")
    final_url: str | None = Field(default=None, description="URL answered, after redirects")
    http_status: int | None = Field(default=None, description="Status of the final answer")
    content_type: str | None = None
    warc_file: str | None = None
    warc_record_id: str | None = None
    feed_entry: str | None = Field(default=None, description="The entry's id or link")
    captured_at: datetime | None = None
    captured_at_kind: CaptureTime | None = Field(
        default=None, description="What captured_at measures"
    )
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0, description="Bytes read")

    @field_validator("captured_at")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        return utc(value) if value is not None else None
