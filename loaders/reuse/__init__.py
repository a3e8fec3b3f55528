"""Text reuse: unattributed republications (same language) and translations.

The ingest pipeline calls ``start_reuse`` per flushed batch, then ``finish`` on what it
returns, and writes the edges it gets; ``detect_reuse`` does both at once. Detection
reads the store and writes only its own index.
"""

from __future__ import annotations

from loaders.documents import Document
from loaders.reuse.analyse import Analysed, analyse
from loaders.reuse.detect import (
    PendingReuse,
    ReuseOptions,
    default_index_path,
    detect_reuse,
    find_reuse,
    start_reuse,
)
from loaders.reuse.index import IndexedDocument, ReuseIndex

__all__ = [
    "Analysed",
    "IndexedDocument",
    "PendingReuse",
    "ReuseIndex",
    "ReuseOptions",
    "default_index_path",
    "detect_reuse",
    "find_reuse",
    "reuse_document",
    "start_reuse",
]


def reuse_document(doc: Document, article: str) -> Analysed:
    """Return what reuse detection needs of a parsed document and its article's key.

    The text is prepared and hashed here, so that ingest workers do it, not the writer.
    """
    indexed = IndexedDocument(
        article=article,
        document=doc.id,
        text=doc.text,
        url=doc.url,
        language=doc.language,
        published=doc.published,
    )
    return analyse([indexed])[0]
