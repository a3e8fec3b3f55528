"""Response models of the HTTP API that are not query results: the health check and
ingest jobs. Query results are graph/results.py's models, the error shape is
graph/errors.py's and the ingest report loaders/ingest/report.py's, used as they are."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from graph.errors import ErrorDetail, ErrorOut
from loaders.ingest.report import IngestReportOut, ItemOut, ReportSummary

__all__ = [
    "ErrorDetail",
    "ErrorOut",
    "HealthOut",
    "IngestReportOut",
    "ItemOut",
    "JobOut",
    "JobProgress",
    "ReportSummary",
]


class HealthOut(BaseModel):
    status: str
    store: str
    nodes: int
    edges: int


class JobProgress(BaseModel):
    documents: int
    ok: int
    skipped: int
    errors: int


class JobOut(BaseModel):
    """An ingest job: queued, running, done (with its report) or failed (with an error)."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    urls: int = Field(description="URLs submitted")
    created: datetime
    started: datetime | None
    finished: datetime | None
    progress: JobProgress
    report: IngestReportOut | None = Field(description="The ingest report, once done")
    error: ErrorDetail | None = Field(description="Why the job failed, if it did")
