"""Extraction, in this process or in a pool of worker processes.

Workers parse and extract documents (and prepare them for text reuse); the writer
takes their results in input order, so the store sees the same batches whatever the
number of workers.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from graph.models import Edge, Node
from graph.provenance import Capture
from loaders.budget import OverBudget, cpu_budget
from loaders.declarations import extract_declared, reusable
from loaders.documents import Document, document_id
from loaders.errors import DocumentError, SkippedInput
from loaders.extract import Extraction
from loaders.identity import own_article
from loaders.infrastructure import page_uses
from loaders.ingest.report import IngestItem
from loaders.inputs import Source, indicators
from loaders.inputs.source import load_document
from loaders.registry import Registry
from loaders.reuse import Analysed, reuse_document

__all__ = [
    "WORKER_NICENESS",
    "Extracted",
    "Job",
    "extract_one",
    "extract_raw",
    "extract_source",
    "extracted",
    "make_pool",
]

log = logging.getLogger(__name__)


def extract_source(source: Source, registry: Registry) -> tuple[Document, Extraction]:
    """Load, parse and extract one source. Raises DocumentError with a clear reason."""
    return extract_raw(source, None, registry)


def extract_raw(
    source: Source, raw: bytes | None, registry: Registry
) -> tuple[Document, Extraction]:
    """Parse and extract ``source``, from its already loaded bytes when given.

    Besides what the text says: what the input declares (loaders/declarations.py) and
    the identifiers in a page's HTML (loaders/infrastructure.py).
    """
    if source.content_type == indicators.CONTENT_TYPE:
        raise SkippedInput("not_a_page", f"{source.uri}: an indicator list, read by ingest")
    if raw is None:
        raw = source.load()
    doc = load_document(source, raw)
    try:
        # A document without URL is keyed by its title and content (loaders.identity).
        extraction = own_article(extract_declared(doc, registry), doc.id)
        if doc.format == "html":
            _page_infrastructure(doc, raw, extraction)
        return doc, extraction
    except DocumentError:
        raise
    except Exception as exc:  # an extractor bug must not end the batch
        log.exception("extraction failed for %s", source.uri)
        raise DocumentError(
            "extraction_failed", f"{source.uri}: extraction failed ({type(exc).__name__}: {exc})"
        ) from exc


def _page_infrastructure(doc: Document, raw: bytes, extraction: Extraction) -> None:
    sub = extraction.subgraph
    article = next((n for n in sub.nodes if n.key == extraction.article), None)
    nodes, edges = page_uses(
        raw.decode(doc.encoding, errors="replace"),
        outlet=article.outlet if article else None,
        article=extraction.article,
        document=doc.id,
        document_uri=doc.uri,
        url=doc.url,
    )
    sub.nodes.extend(nodes)
    sub.edges.extend(edges)


@dataclass
class Extracted:
    """What a worker sends back: the extraction, or the document's error (errors pickle:
    see ``DocumentError.__reduce__``)."""

    document: str | None = None
    article: str | None = None
    warnings: list[str] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    error: DocumentError | None = None
    reuse: Analysed | None = None
    capture: Capture | None = None


def extract_one(
    source: Source, raw: bytes | None, registry: Registry, cpu_seconds: float | None = None
) -> Extracted:
    """Parse and extract one document within ``cpu_seconds`` of CPU (over_budget past it)."""
    try:
        with cpu_budget(cpu_seconds):
            if source.content_type == indicators.CONTENT_TYPE:
                return _indicators(source, raw, registry)
            doc, extraction = extract_raw(source, raw, registry)
            sub = extraction.subgraph
            reuse = reuse_document(reusable(doc), extraction.article)
    except DocumentError as exc:
        return Extracted(error=exc)
    except OverBudget:
        message = f"{source.uri}: reading it took more than {cpu_seconds:g} s of CPU; stopped"
        return Extracted(error=DocumentError("over_budget", message))
    return Extracted(
        document=doc.id,
        article=extraction.article,
        warnings=doc.warnings + extraction.warnings,
        nodes=sub.nodes,
        edges=sub.edges,
        reuse=reuse,
        capture=doc.capture,
    )


def _indicators(source: Source, raw: bytes | None, registry: Registry) -> Extracted:
    """An indicator list is a dataset, not an article: its edges, and no text to reuse."""
    raw = source.load() if raw is None else raw
    doc_id = document_id(raw)
    found = indicators.read_indicators(raw, uri=source.uri, document=doc_id, registry=registry)
    return Extracted(
        document=doc_id,
        warnings=found.warnings,
        nodes=found.nodes,
        edges=found.edges,
        capture=source.capture(raw),
    )


# Worker processes receive the registry and the budget once, at start-up.
_worker_registry: Registry | None = None
_worker_cpu_seconds: float | None = None
# How much lower the workers' scheduling priority is than the writer's (see _init_worker).
WORKER_NICENESS = 5


def set_worker_state(registry: Registry, cpu_seconds: float | None) -> None:
    """Set what _extract_in_worker reads (a pool's initializer; a cluster's plugin)."""
    global _worker_registry, _worker_cpu_seconds
    _worker_registry = registry
    _worker_cpu_seconds = cpu_seconds


def _init_worker(registry: Registry, writer: int, cpu_seconds: float | None) -> None:
    set_worker_state(registry, cpu_seconds)
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


def _extract_in_worker(source: Source, raw: bytes | None) -> Extracted:
    assert _worker_registry is not None
    return extract_one(source, raw, _worker_registry, _worker_cpu_seconds)


def make_pool(
    workers: int, registry: Registry, cpu_seconds: float | None = None
) -> ProcessPoolExecutor:
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


Job = tuple[Source, IngestItem, bytes | None]


def extracted(
    jobs: Iterator[Job],
    registry: Registry,
    pool: Executor | None,
    window: int,
    cpu_seconds: float | None = None,
) -> Iterator[tuple[Source, IngestItem, Extracted | None]]:
    """Extract each job's document, yielding results in input order.

    With a pool, up to ``window`` documents are in flight at once; results are still
    taken in submission order, so the store sees exactly the batches a single process
    would write.
    """
    if pool is None:
        for source, item, raw in jobs:
            todo = item.status == "ok"
            result = extract_one(source, raw, registry, cpu_seconds) if todo else None
            yield source, item, result
        return
    queue: deque[tuple[Source, IngestItem, Future[Extracted] | None]] = deque()
    for source, item, raw in jobs:
        future = pool.submit(_extract_in_worker, source, raw) if item.status == "ok" else None
        queue.append((source, item, future))
        while len(queue) >= window:
            src, it, fut = queue.popleft()
            yield src, it, fut.result() if fut is not None else None
    while queue:
        src, it, fut = queue.popleft()
        yield src, it, fut.result() if fut is not None else None
