"""Text reuse: unattributed republications (same language) and translations.

``detect_reuse`` is the one entry point the ingest pipeline calls per flushed batch.
"""

from __future__ import annotations

from loaders.documents import Document
from loaders.reuse.detect import ReuseOptions, default_index_path, detect_reuse, find_reuse
from loaders.reuse.index import IndexedDocument, ReuseIndex

__all__ = [
    "IndexedDocument",
    "ReuseIndex",
    "ReuseOptions",
    "default_index_path",
    "detect_reuse",
    "find_reuse",
    "reuse_document",
]


def reuse_document(doc: Document, article: str) -> IndexedDocument:
    """Return what reuse detection needs of a parsed document and its article's key."""
    return IndexedDocument(
        article=article,
        document=doc.id,
        text=doc.text,
        url=doc.url,
        language=doc.language,
        published=doc.published,
    )
