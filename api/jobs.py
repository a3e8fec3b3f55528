"""Ingest jobs: ``POST /ingest`` queues one and answers at once; one thread runs them.

Fetching and parsing pages takes seconds to minutes. Run on the request's own thread,
45 concurrent ingest calls stalled ``/health`` for 24 s; now a bounded queue (past
``max_queued`` jobs, 429) feeds one background thread, which ingests a job at a time.
That thread is not the main thread, so :func:`loaders.ingest.ingest` parses the pages in
a worker process (where the per-document CPU budget holds, and the parsing does not
hold this process's GIL); the thread itself only fetches and writes, batch by batch,
so reads keep answering while a job runs.

Jobs live in memory: a restarted server forgets them (what they wrote stays written,
and ingest is idempotent, so a job can simply be submitted again). The last ``keep``
finished jobs are kept for ``GET /jobs/{id}``.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from api.schemas import JobOut, JobProgress
from api.settings import Settings
from graph.errors import Busy, CitegraphError, ErrorDetail, NotFound
from graph.store import Store
from loaders.ingest import ingest
from loaders.ingest.report import IngestReportOut
from loaders.inputs.source import InputOptions
from loaders.rawstore import RawStore
from loaders.registry import Registry

__all__ = ["IngestJob", "JobQueue", "ingest_runner"]

log = logging.getLogger(__name__)

Status = Literal["queued", "running", "done", "failed"]


@dataclass
class IngestJob:
    """One submitted ingest: its URLs, where it stands, and its report when done."""

    id: str
    urls: list[str]
    force: bool = False
    status: Status = "queued"
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    started: datetime | None = None
    finished: datetime | None = None
    progress: dict[str, int] = field(
        default_factory=lambda: {"documents": 0, "ok": 0, "skipped": 0, "errors": 0}
    )
    report: IngestReportOut | None = None
    error: ErrorDetail | None = None

    def tick(self, status: str) -> None:
        """Count one finished document (``ok``, ``skipped`` or ``error``)."""
        self.progress["documents"] += 1
        self.progress["errors" if status == "error" else status] += 1

    def to_json(self) -> JobOut:
        return JobOut(
            id=self.id,
            status=self.status,
            urls=len(self.urls),
            created=self.created,
            started=self.started,
            finished=self.finished,
            progress=JobProgress.model_validate(self.progress),
            report=self.report,
            error=self.error,
        )


# Runs one job: ingests its URLs, calling ``tick`` per document, and returns the report.
Runner = Callable[[IngestJob], IngestReportOut]


class JobQueue:
    """A bounded queue of ingest jobs and the one thread that works through it."""

    def __init__(self, run: Runner, *, max_queued: int = 8, keep: int = 100) -> None:
        self._run = run
        self._queue: queue.Queue[IngestJob | None] = queue.Queue(maxsize=max_queued)
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="ingest-jobs", daemon=True)
        self._thread.start()

    def submit(self, urls: list[str], *, force: bool = False) -> IngestJob:
        """Queue a job and return it; raises Busy when the queue is full."""
        job = IngestJob(id=secrets.token_urlsafe(12), urls=list(urls), force=force)
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            raise Busy(
                f"{self._queue.maxsize} ingest jobs are already waiting; try again later",
                queued=self._queue.maxsize,
            ) from None
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        return job

    def get(self, job_id: str) -> IngestJob:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(
                f"no ingest job {job_id!r} (jobs are forgotten when the server restarts)"
            )
        return job

    def close(self, timeout: float = 5.0) -> None:
        """Stop taking jobs; the running one is left to finish or die with the process
        (ingest is crash-safe: a resubmitted job skips what was written)."""
        # A full queue leaves no room for the sentinel: the daemon thread then ends
        # with the process.
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)
        self._thread.join(timeout)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            job.status, job.started = "running", datetime.now(UTC)
            try:
                job.report = self._run(job)
                job.status = "done"
            except CitegraphError as exc:
                job.status, job.error = "failed", exc.detail()
            except Exception as exc:  # a bug must not end the thread that runs every job
                log.exception("ingest job %s failed", job.id)
                job.status = "failed"
                job.error = CitegraphError(f"{type(exc).__name__}: the ingest job failed").detail()
            job.finished = datetime.now(UTC)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.status in ("done", "failed")]
        for job in finished[: max(0, len(finished) - self._keep)]:
            del self._jobs[job.id]


def ingest_runner(settings: Settings, store: Store, registry: Registry) -> Runner:
    """Return what runs one ingest job: the job's URLs, fetched under the server's
    address policy and politeness, into ``store``."""
    options = InputOptions(
        fetch=settings.fetch,
        allow_private=settings.allow_private_fetch,
        allowed_networks=tuple(settings.fetch_allow),
        host_delay=settings.fetch_host_delay,
    )

    def run(job: IngestJob) -> IngestReportOut:
        report = ingest(
            job.urls,
            store,
            registry,
            force=job.force,
            options=options,
            progress=lambda item: job.tick(item.status),
            workers=settings.ingest_workers,
            keep_raw=RawStore(settings.raw_dir) if settings.raw_dir else None,
        )
        return report.to_json()

    return run
