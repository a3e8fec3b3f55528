"""Text reuse: unattributed republications (same language) and translations.

``detect_reuse`` is the one entry point the ingest pipeline calls per flushed batch.
"""

from __future__ import annotations

from loaders.documents import Document
from loaders.reuse.analyse import Analysed, analyse
from loaders.reuse.detect import ReuseOptions, default_index_path, detect_reuse, find_reuse
from loaders.reuse.index import IndexedDocument, ReuseIndex

__all__ = [
    "Analysed",
    "IndexedDocument",
    "ReuseIndex",
    "ReuseOptions",
    "default_index_path",
    "detect_reuse",
    "find_reuse",
    "reuse_document",
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
