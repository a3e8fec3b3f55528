"""The ingest pipeline: sources -> documents -> extraction -> store, in batches.

A document that fails is reported and skipped; the batch goes on. Documents are
identified by content hash and recorded once written, so a killed ingest resumes
where it stopped, and re-ingesting the same files changes nothing.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import re
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from graph.errors import CitegraphError, StoreUnavailable
from graph.models import Edge, Node
from graph.store.base import DocumentRecord, Store
from loaders.budget import DEFAULT_CPU_SECONDS, OverBudget, can_enforce, cpu_budget
from loaders.documents import Document, document_id
from loaders.errors import DocumentError
from loaders.extract import Extraction, extract
from loaders.inputs import InputOptions, Source, iter_sources
from loaders.registry import Registry
from loaders.resolve import Merge, resolve_stubs
from loaders.reuse import Analysed, PendingReuse, ReuseOptions, reuse_document, start_reuse
from loaders.source import load_document

__all__ = ["IngestItem", "IngestReport", "extract_raw", "extract_source", "ingest"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
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
        # Slots, not a __dict__: a million-document ingest keeps one item per document.
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {k: v for k, v in values if v not in (None, [], 0) or k == "status"}


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
    return extract_raw(source, None, registry)


def extract_raw(
    source: Source, raw: bytes | None, registry: Registry
) -> tuple[Document, Extraction]:
    """Parse and extract ``source``, from its already loaded bytes when given."""
    doc = load_document(source, raw)
    try:
        return doc, extract(doc, registry)
    except DocumentError:
        raise
    except Exception as exc:  # an extractor bug must not end the batch
        log.exception("extraction failed for %s", source.uri)
        raise DocumentError(
            "extraction_failed", f"{source.uri}: extraction failed ({type(exc).__name__}: {exc})"
        ) from exc


@dataclass
class _Extracted:
    """What a worker sends back: plain data, because our exceptions do not pickle."""

    document: str | None = None
    article: str | None = None
    warnings: list[str] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    error: dict[str, Any] | None = None
    skip: bool = False  # the error is a reason to skip (not a document we handle)
    reuse: Analysed | None = None


def _extract_one(
    source: Source, raw: bytes | None, registry: Registry, cpu_seconds: float | None
) -> _Extracted:
    try:
        with cpu_budget(cpu_seconds):
            doc, extraction = extract_raw(source, raw, registry)
            sub = extraction.subgraph
            reuse = reuse_document(doc, extraction.article)
    except DocumentError as exc:
        return _Extracted(error=_error_json(exc), skip=exc.skip)
    except OverBudget:
        return _Extracted(
            error={
                "code": "over_budget",
                "message": f"{source.uri}: reading it took more than {cpu_seconds:g} s of CPU; "
                "stopped",
            }
        )
    return _Extracted(
        document=doc.id,
        article=extraction.article,
        warnings=doc.warnings + extraction.warnings,
        nodes=sub.nodes,
        edges=sub.edges,
        reuse=reuse,
    )


# Worker processes receive the registry once, at start-up, not with every document.
_worker_registry: Registry | None = None
_worker_cpu_seconds: float | None = None
# How much lower the workers' scheduling priority is than the writer's (see _init_worker).
WORKER_NICENESS = 5


def _init_worker(registry: Registry, writer: int, cpu_seconds: float | None) -> None:
    global _worker_registry, _worker_cpu_seconds
    _worker_registry = registry
    _worker_cpu_seconds = cpu_seconds
    # A worker must not print the parent's Ctrl-C, nor outlive a writer killed with
    # SIGKILL: its parent is the forkserver, which lives on, so the worker would wait
    # for work forever (found by killing benchmark runs: idle pools left behind).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(writer,), daemon=True).start()
    # The writer is the pipeline's one serial stage: when the cores are all busy, it
    # must not wait its turn behind the workers it feeds. With 2 workers on 2 cores the
    # three processes shared the cores equally, and the writer, short of a full core,
    # set the pace (10k benchmark pages: 1.64x one worker; niced workers: see the note).
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)


def _exit_with(writer: int, every: float = 1.0) -> None:
    while True:
        time.sleep(every)
        try:
            os.kill(writer, 0)
        except (ProcessLookupError, PermissionError):  # gone, or the pid was reused
            os._exit(1)


def _extract_in_worker(source: Source, raw: bytes | None) -> _Extracted:
    assert _worker_registry is not None
    return _extract_one(source, raw, _worker_registry, _worker_cpu_seconds)


def _pool(workers: int, registry: Registry, cpu_seconds: float | None) -> ProcessPoolExecutor:
    # Not "fork": the parent may already run threads (the Neo4j driver's pool, the
    # CLI's progress bar), and a forked child inherits their locks in whatever state
    # they were. A forkserver is a fresh interpreter that forks clean workers with
    # the loaders already imported; spawn is the portable fallback.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["loaders.ingest"])
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(registry, os.getpid(), cpu_seconds),
    )


_Job = tuple[Source, IngestItem, bytes | None]


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
            item.reason = _error_json(exc)
        else:
            item.error = _error_json(exc)
        return item, None
    item.document = document_id(raw)
    return item, raw


def _unseen(loaded: list[_Job], store: Store, force: bool) -> Iterator[_Job]:
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


def _extracted(
    jobs: Iterator[_Job],
    registry: Registry,
    pool: Executor | None,
    window: int,
    cpu_seconds: float | None,
) -> Iterator[tuple[Source, IngestItem, _Extracted | None]]:
    """Extract each job's document, yielding results in input order.

    With a pool, up to ``window`` documents are in flight at once; results are still
    taken in submission order, so the store sees exactly the batches a single process
    would write.
    """
    if pool is None:
        for source, item, raw in jobs:
            todo = item.status == "ok"
            result = _extract_one(source, raw, registry, cpu_seconds) if todo else None
            yield source, item, result
        return
    queue: deque[tuple[Source, IngestItem, Future[_Extracted] | None]] = deque()
    for source, item, raw in jobs:
        future = pool.submit(_extract_in_worker, source, raw) if item.status == "ok" else None
        queue.append((source, item, future))
        while len(queue) >= window:
            src, it, fut = queue.popleft()
            yield src, it, fut.result() if fut is not None else None
    while queue:
        src, it, fut = queue.popleft()
        yield src, it, fut.result() if fut is not None else None


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
                store.upsert(nodes, edges)
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

    def jobs() -> Iterator[_Job]:
        loaded: list[_Job] = []
        for source in iter_sources(list(inputs), options=options):
            loaded.append((source, *_load(source)))
            if len(loaded) >= _LOAD_CHUNK:
                yield from _unseen(loaded, store, force)
                loaded = []
        yield from _unseen(loaded, store, force)

    def take(source: Source, item: IngestItem, result: _Extracted | None) -> None:
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
        pool = stack.enter_context(_pool(workers, registry, cpu_seconds)) if isolate else None
        for source, item, result in _extracted(jobs(), registry, pool, window, cpu_seconds):
            take(source, item, result)
            if len(pending) >= batch_size:
                flush()
        flush(final=True)
    report.merges = resolve_stubs(store)
    return report
