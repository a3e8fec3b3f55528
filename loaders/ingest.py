"""The ingest pipeline: sources -> documents -> extraction -> store, in batches.

A document that fails is reported and skipped; the batch goes on. Documents are
identified by content hash and recorded once written, so a killed ingest resumes
where it stopped, and re-ingesting the same files changes nothing.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.errors import CitegraphError, StoreUnavailable
from graph.models import Edge, Node
from graph.store.base import DocumentRecord, Store
from loaders.documents import Document
from loaders.errors import DocumentError
from loaders.extract import Extraction, extract
from loaders.inputs import InputOptions, Source, iter_sources
from loaders.registry import Registry
from loaders.resolve import Merge, resolve_stubs
from loaders.reuse import IndexedDocument, ReuseOptions, detect_reuse, reuse_document
from loaders.source import load_document

__all__ = ["IngestItem", "IngestReport", "extract_source", "ingest"]

log = logging.getLogger(__name__)


@dataclass
class IngestItem:
    input: str
    status: Literal["ok", "skipped", "error"]
    document: str | None = None
    article: str | None = None
    nodes: int = 0
    edges: int = 0
    error: dict[str, Any] | None = None
    # Why a ``skipped`` item was skipped: {"code", "message"}.
    reason: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], 0) or k == "status"}


@dataclass
class IngestReport:
    items: list[IngestItem] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return sum(1 for i in self.items if i.status == "ok")

    @property
    def skipped(self) -> int:
        return sum(1 for i in self.items if i.status == "skipped")

    @property
    def errors(self) -> int:
        return sum(1 for i in self.items if i.status == "error")

    def codes(self) -> dict[str, dict[str, int]]:
        """Return how many items were skipped, failed or warned, per reason code."""
        counts: dict[str, Counter[str]] = {"skipped": Counter(), "error": Counter()}
        warned: Counter[str] = Counter()
        for item in self.items:
            detail = item.reason or item.error
            if detail is not None and item.status in counts:
                counts[item.status][detail["code"]] += 1
            warned.update({_warning_code(w) for w in item.warnings})
        return {
            "skipped": dict(counts["skipped"]),
            "errors": dict(counts["error"]),
            "warnings": dict(warned),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": {
                "ok": self.ok,
                "skipped": self.skipped,
                "errors": self.errors,
                "documents": len(self.items),
                "by_code": self.codes(),
            },
            "items": [i.to_json() for i in self.items],
            "merged_stubs": [m.__dict__ for m in self.merges],
        }


_WARNING_CODE = re.compile(r"([a-z][a-z_]+):")


def _warning_code(warning: str) -> str:
    """Return the code of a "code: message" warning; free-form ones count as "other"."""
    m = _WARNING_CODE.match(warning)
    return m.group(1) if m else "other"


def _error_json(exc: CitegraphError) -> dict[str, Any]:
    return {"code": exc.code, "message": exc.message}


def extract_source(source: Source, registry: Registry) -> tuple[Document, Extraction]:
    """Load, parse and extract one source. Raises DocumentError with a clear reason."""
    doc = load_document(source)
    try:
        return doc, extract(doc, registry)
    except DocumentError:
        raise
    except Exception as exc:  # an extractor bug must not end the batch
        log.exception("extraction failed for %s", source.uri)
        raise DocumentError(
            "extraction_failed", f"{source.uri}: extraction failed ({type(exc).__name__}: {exc})"
        ) from exc


def ingest(
    inputs: Iterable[str],
    store: Store,
    registry: Registry,
    *,
    force: bool = False,
    batch_size: int = 50,
    progress: Callable[[IngestItem], None] | None = None,
    options: InputOptions | None = None,
    reuse: ReuseOptions | None = None,
) -> IngestReport:
    """Ingest every document named by ``inputs`` into ``store`` and return the report.

    Raises StoreUnavailable if the store fails mid-way; everything flushed before
    that point is kept, and a re-run skips it.
    """
    report = IngestReport()
    nodes: list[Node] = []
    edges: list[Edge] = []
    pending: list[tuple[IngestItem, DocumentRecord]] = []
    reuse_batch: list[IndexedDocument] = []

    def flush() -> None:
        if not pending:
            return
        try:
            store.upsert(nodes, edges)
            # Text reuse hook: after the batch's nodes exist, before its documents count as done.
            detect_reuse(store, reuse_batch, options=reuse)
            for _item, record in pending:
                store.record_document(record)
        except CitegraphError:
            raise
        except Exception as exc:
            raise StoreUnavailable(f"writing to {store.uri} failed: {exc}") from exc
        nodes.clear()
        edges.clear()
        pending.clear()
        reuse_batch.clear()

    for source in iter_sources(list(inputs), options=options):
        item = IngestItem(input=source.uri, status="ok")
        try:
            doc, extraction = extract_source(source, registry)
            item.document, item.article = doc.id, extraction.article
            item.warnings = doc.warnings + extraction.warnings
            seen = None if force else store.document(doc.id)
            if seen is not None and seen.status == "ok":
                item.status = "skipped"
                item.reason = {
                    "code": "already_ingested",
                    "message": f"already ingested from {seen.uri}",
                }
            else:
                sub = extraction.subgraph
                item.nodes, item.edges = len(sub.nodes), len(sub.edges)
                nodes.extend(sub.nodes)
                edges.extend(sub.edges)
                pending.append(
                    (
                        item,
                        DocumentRecord(
                            id=doc.id,
                            uri=source.uri,
                            status="ok",
                            nodes=item.nodes,
                            edges=item.edges,
                        ),
                    )
                )
                reuse_batch.append(reuse_document(doc, extraction.article))
        except DocumentError as exc:
            if exc.skip:
                item.status, item.reason = "skipped", _error_json(exc)
            else:
                item.status, item.error = "error", _error_json(exc)
        report.items.append(item)
        if progress:
            progress(item)
        if len(pending) >= batch_size:
            flush()
    flush()
    report.merges = resolve_stubs(store)
    return report
