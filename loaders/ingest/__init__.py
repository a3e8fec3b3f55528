"""The ingest pipeline: sources -> documents -> extraction -> store, in batches.

A document that fails is reported and skipped; the batch goes on. Documents are
identified by content hash and recorded once written, so a killed ingest resumes
where it stopped, and re-ingesting the same files changes nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator

from graph.errors import CitegraphError, StoreUnavailable
from graph.models import Edge, Node
from graph.schema import NodeKind
from graph.store.base import DocumentRecord, Store
from loaders.channels import resolve_forwards
from loaders.documents import document_id
from loaders.errors import DocumentError
from loaders.infrastructure import cap_uses, link_shared
from loaders.ingest.budget import DEFAULT_CPU_SECONDS, can_enforce
from loaders.ingest.pool import Extracted, Job, extract_raw, extract_source, extracted, make_pool
from loaders.ingest.report import IngestItem, IngestReport, error_json
from loaders.inputs import InputOptions, Source, iter_sources
from loaders.registry import Registry
from loaders.resolve import resolve_stubs
from loaders.reuse import Analysed, PendingReuse, ReuseOptions, start_reuse

__all__ = ["IngestItem", "IngestReport", "extract_raw", "extract_source", "ingest"]

log = logging.getLogger(__name__)


def _load(source: Source) -> tuple[IngestItem, bytes | None]:
    """Return the item (status "ok" if it still needs extracting) and the raw bytes.

    Local documents are read and hashed here so that a resumed ingest skips what is
    already written without parsing it again (see _unseen); a URL is fetched by the
    worker, and checked after extraction.
    """
    item = IngestItem(input=source.uri, status="ok")
    if source.path is None:
        return item, None
    try:
        raw = source.load()
    except DocumentError as exc:
        item.status = "skipped" if exc.skip else "error"
        if exc.skip:
            item.reason = error_json(exc)
        else:
            item.error = error_json(exc)
        return item, None
    item.document = document_id(raw)
    return item, raw


def _unseen(loaded: list[Job], store: Store, force: bool) -> Iterator[Job]:
    """Mark the documents the store already records as skipped, in one read per chunk."""
    ids = [item.document for _s, item, raw in loaded if raw is not None and item.document]
    seen = {} if force or not ids else store.documents(ids)
    for source, item, raw in loaded:
        record = seen.get(item.document) if raw is not None and item.document else None
        if record is not None and record.status == "ok":
            _already_ingested(item, record.uri)
            raw = None
        yield source, item, raw


# Inputs read and checked against the store at a time: one store read per chunk, not
# per document (a round trip each on Neo4j).
_LOAD_CHUNK = 32


def _already_ingested(item: IngestItem, uri: str) -> None:
    item.status = "skipped"
    item.reason = {"code": "already_ingested", "message": f"already ingested from {uri}"}


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
    workers: int = 1,
    cpu_seconds: float | None = DEFAULT_CPU_SECONDS,
) -> IngestReport:
    """Ingest every document named by ``inputs`` into ``store`` and return the report.

    With ``workers`` > 1, documents are parsed and extracted in that many processes
    while this one alone writes, batch by batch in input order, so the store ends up
    the same as with one worker. A document that uses more than ``cpu_seconds`` of
    CPU is stopped and reported (``over_budget``); the budget needs a main thread, so
    called from any other thread (the server's ingest jobs), ingest parses in a worker
    process even for one worker, which also keeps the parsing off the caller's GIL.

    Raises StoreUnavailable if the store fails mid-way; everything flushed before
    that point is kept, and a re-run skips it.
    """
    report = IngestReport()
    nodes: list[Node] = []
    edges: list[Edge] = []
    pending: list[tuple[IngestItem, DocumentRecord]] = []
    reuse_batch: list[Analysed] = []
    # The last flushed batch, while its reuse verification runs in the workers: its
    # reuse edges, then its documents, are written at the next flush.
    verifying: list[tuple[PendingReuse, list[DocumentRecord]]] = []

    def settle() -> None:
        while verifying:
            detection, records = verifying.pop()
            detection.finish()
            # Recorded only after the batch's edges are committed: a kill in between
            # leaves documents that are re-extracted on resume; upserts are idempotent.
            store.record_documents(records)

    def flush(final: bool = False) -> None:
        try:
            if pending:
                # The previous batch is settled first, so the store is written in the
                # same order as with one worker (reuse's relay rule reads its edges).
                settle()
                store.upsert(nodes, cap_uses(store, edges))
                # Outlets sharing this batch's identifiers: read back their USES edges.
                link_shared(store, (n.key for n in nodes if n.kind is NodeKind.INFRASTRUCTURE))
                # Text reuse: after the batch's nodes exist, before its documents count
                # as done. Verification is a pure function of two texts, so the workers
                # do it while this process goes on with the next batch.
                detection = start_reuse(store, reuse_batch, options=reuse, pool=pool)
                verifying.append((detection, [record for _item, record in pending]))
            if final or pool is None:
                settle()
        except CitegraphError:
            raise
        except Exception as exc:
            raise StoreUnavailable(f"writing to {store.uri} failed: {exc}") from exc
        nodes.clear()
        edges.clear()
        pending.clear()
        reuse_batch.clear()

    def jobs() -> Iterator[Job]:
        loaded: list[Job] = []
        for source in iter_sources(list(inputs), options=options):
            loaded.append((source, *_load(source)))
            if len(loaded) >= _LOAD_CHUNK:
                yield from _unseen(loaded, store, force)
                loaded = []
        yield from _unseen(loaded, store, force)

    def take(source: Source, item: IngestItem, result: Extracted | None) -> None:
        if result is not None:
            if result.error is not None and result.skip:
                item.status, item.reason = "skipped", result.error
            elif result.error is not None:
                item.status, item.error = "error", result.error
            else:
                item.document, item.article = result.document, result.article
                item.warnings = result.warnings
                assert result.document is not None
                local = force or source.path is not None
                seen = None if local else store.document(result.document)
                if seen is not None and seen.status == "ok":
                    _already_ingested(item, seen.uri)
                else:
                    item.nodes, item.edges = len(result.nodes), len(result.edges)
                    nodes.extend(result.nodes)
                    edges.extend(result.edges)
                    record = DocumentRecord(
                        id=result.document,
                        uri=source.uri,
                        status="ok",
                        nodes=item.nodes,
                        edges=item.edges,
                    )
                    pending.append((item, record))
                    if result.reuse is not None:
                        reuse_batch.append(result.reuse)
        report.items.append(item)
        if progress:
            progress(item)

    window = max(2 * batch_size, 4 * workers)
    isolate = workers > 1 or (cpu_seconds is not None and not can_enforce())
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(make_pool(workers, registry, cpu_seconds)) if isolate else None
        for source, item, result in extracted(jobs(), registry, pool, window, cpu_seconds):
            take(source, item, result)
            if len(pending) >= batch_size:
                flush()
        flush(final=True)
    # Forwards first: a stub channel folded into its channel lets title stubs meet too.
    report.merges = resolve_forwards(store) + resolve_stubs(store)
    return report
