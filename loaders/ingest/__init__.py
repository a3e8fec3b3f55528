"""The ingest pipeline: sources -> documents -> extraction -> store, in batches.

A document that fails is reported and skipped; the batch goes on. Documents are
identified by content hash and recorded once written, so a killed ingest resumes
where it stopped, and re-ingesting the same files changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor

from graph.models import Edge, Node
from graph.provenance import sha256_hex
from graph.schema import NodeKind
from graph.store.base import DocumentRecord, Store
from loaders.budget import DEFAULT_CPU_SECONDS
from loaders.channels import resolve_forwards
from loaders.documents import document_id
from loaders.errors import DocumentError, SkippedInput
from loaders.identity import ArticleLedger, SameArticle
from loaders.infrastructure import cap_uses, link_shared
from loaders.ingest.executors import LOCAL, open_executor
from loaders.ingest.pool import Extracted, Job, extract_raw, extract_source, extracted
from loaders.ingest.report import IngestItem, IngestReport, fail
from loaders.inputs import InputOptions, Source, iter_sources
from loaders.rawstore import RawStore
from loaders.registry import Registry
from loaders.resolve import find_merges
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
        fail(item, exc, skip=exc.skip)
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
    fail(item, SkippedInput("already_ingested", f"already ingested from {uri}"), skip=True)


def _keep(raw_store: RawStore, source: Source, result: Extracted, item: IngestItem) -> None:
    """Keep the document's bytes. A local file is read again here (the worker had
    them); if it changed since, what is kept would not be what was read: warn instead."""
    try:
        raw = source.data if source.data is not None else source.load()
    except DocumentError as exc:
        item.warnings.append(f"raw_not_kept: {exc}")
        return
    expected = result.capture.sha256 if result.capture else None
    if expected is not None and sha256_hex(raw) != expected:
        item.warnings.append(f"raw_not_kept: {source.uri} changed while it was ingested")
        return
    raw_store.put(raw)


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
    keep_raw: RawStore | None = None,
    executor: str | Executor = LOCAL,
) -> IngestReport:
    """Ingest every document named by ``inputs`` into ``store`` and return the report.

    With ``workers`` > 1, documents are parsed and extracted in that many processes
    while this one alone writes, batch by batch in input order, so the store ends up
    the same as with one worker. A document that uses more than ``cpu_seconds`` of
    CPU is stopped and reported (``over_budget``); the budget needs a main thread, so
    called from any other thread (the server's ingest jobs), ingest parses in a worker
    process even for one worker, which also keeps the parsing off the caller's GIL.

    ``keep_raw`` keeps each ingested document's bytes, addressed by their SHA-256.

    ``executor`` ``dask://HOST:PORT`` parses, extracts and verifies reuse on that Dask
    cluster's workers instead (``workers`` is then theirs to set); this process still
    writes alone, in input order, so the graph is the one a local run gives.

    Raises StoreUnavailable if the store fails mid-way; everything flushed before
    that point is kept, and a re-run skips it.
    """
    report = IngestReport()
    nodes: list[Node] = []
    edges: list[Edge] = []
    pending: list[tuple[IngestItem, DocumentRecord]] = []
    ledger = ArticleLedger()
    # The main article node of each pending document, for the ledger's check.
    articles: list[Node | None] = []
    reuse_batch: list[Analysed] = []
    # The last flushed batch, while its reuse verification runs in the workers: its
    # reuse edges and its document records are written with the next batch.
    verifying: list[tuple[PendingReuse, list[DocumentRecord]]] = []

    def settled() -> tuple[list[Edge], list[DocumentRecord]]:
        """The verified batches' reuse edges and document records, to be written."""
        found: list[Edge] = []
        records: list[DocumentRecord] = []
        while verifying:
            detection, done = verifying.pop()
            found.extend(detection.finish())
            records.extend(done)
        return found, records

    def flush(final: bool = False) -> None:
        # This process is the one writer. Detection and resolution read the store and
        # return what to write. A document is recorded as done in the same transaction
        # as its reuse edges, so a kill before that re-extracts it on resume (upserts
        # are idempotent).
        if pending:
            # Inputs that are one article (same URL as a stored one, a stub meeting its
            # article) get their report notes before the batch is written.
            ledger.check(
                store,
                [
                    (i.input, a, i.same_article)
                    for (i, _), a in zip(pending, articles, strict=True)
                    if a is not None
                ],
            )
            # The previous batch's reuse edges go first, so the store holds what it
            # held with one worker when this batch's reuse is planned (the relay rule
            # reads them), and evidence merges in the same order.
            found, records = settled()
            store.upsert(nodes, [*found, *cap_uses(store, edges)], documents=records)
            # Outlets sharing this batch's identifiers: read back their USES edges.
            link_shared(store, (n.key for n in nodes if n.kind is NodeKind.INFRASTRUCTURE))
            # Text reuse: after the batch's nodes exist. Verification is a pure
            # function of two texts, so the workers do it while this process goes on.
            detection = start_reuse(store, reuse_batch, options=reuse, pool=pool)
            verifying.append((detection, [record for _item, record in pending]))
        if (final or pool is None) and verifying:
            found, records = settled()
            store.upsert([], found, documents=records)
        nodes.clear()
        edges.clear()
        pending.clear()
        articles.clear()
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
            if result.error is not None:
                fail(item, result.error, skip=result.error.skip)
            else:
                item.document, item.article = result.document, result.article
                item.warnings = result.warnings
                assert result.document is not None
                local = force or source.path is not None
                seen = None if local else store.document(result.document)
                twin = ledger.first_input(result.document, item.input)
                if seen is not None and seen.status == "ok":
                    _already_ingested(item, seen.uri)
                elif twin is not None:
                    _already_ingested(item, twin)
                    assert result.article is not None
                    item.same_article.append(SameArticle("same_content", result.article, twin))
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
                        capture=result.capture,
                    )
                    if keep_raw is not None:
                        _keep(keep_raw, source, result, item)
                    pending.append((item, record))
                    articles.append(_main_node(result))
                    if result.reuse is not None:
                        reuse_batch.append(result.reuse)
        report.items.append(item)
        if progress:
            progress(item)

    window = max(2 * batch_size, 4 * workers)
    with open_executor(executor, workers, registry, cpu_seconds) as pool:
        for source, item, result in extracted(jobs(), registry, pool, window, cpu_seconds):
            take(source, item, result)
            if len(pending) >= batch_size:
                flush()
        flush(final=True)
    # Forwards first: a stub channel folded into its channel lets title stubs meet too.
    report.merges = resolve_forwards(store)
    merges = find_merges(store)
    store.merge_stubs([(m.stub, m.into) for m in merges])
    report.merges += merges
    notes_of: dict[str, list[list[SameArticle]]] = {}
    for it in report.items:
        if it.article and it.status == "ok":
            notes_of.setdefault(it.article, []).append(it.same_article)
    ledger.stubs_resolved(report.merges, notes_of)
    return report


def _main_node(result: Extracted) -> Node | None:
    """Return the article node a document's extraction is about (None for declared
    records, such as an indicators file, that describe no article of their own)."""
    return next((n for n in result.nodes if n.key == result.article), None)
