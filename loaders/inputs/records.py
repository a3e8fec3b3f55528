"""Documents of structured inputs: one record (a Telegram post, a dataset row) each."""

from __future__ import annotations

from loaders.documents import Document
from loaders.inputs import declared, telegram
from loaders.inputs.source import RECORD_TYPES, Source

__all__ = ["parse_record"]

_PARSERS = {
    telegram.CONTENT_TYPE: telegram.parse_post,
    declared.CONTENT_TYPE: declared.parse_row,
}
assert set(_PARSERS) == RECORD_TYPES, "every record type needs its parser"


def parse_record(raw: bytes, source: Source) -> Document:
    """Return the Document of a record source (``source.content_type`` in RECORD_TYPES)."""
    assert source.content_type is not None
    return _PARSERS[source.content_type](raw, source)
