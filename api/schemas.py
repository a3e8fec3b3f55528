"""Response models of the HTTP API that are not query results: the error shape, the
health check, ingest reports and jobs. Query results are graph/results.py's models,
used as they are."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

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

T = TypeVar("T")


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ErrorDetail(BaseModel):
    code: str = Field(description="bad_input, not_found, unauthorized, forbidden, ...")
    message: str
    details: dict[str, Any] = Field(
        description="Structured context, e.g. `suggestions` for an unknown name, "
        "`problems` for invalid parameters"
    )


class ErrorOut(BaseModel):
    """The one error shape, for every status."""

    error: ErrorDetail


class HealthOut(BaseModel):
    status: str
    store: str
    nodes: int
    edges: int


class ItemOut(BaseModel):
    """One input's line in an ingest report."""

    input: str
    status: Literal["ok", "skipped", "error"]
    document: str | None = None
    article: str | None = None
    nodes: int | None = None
    edges: int | None = None
    error: ErrorDetail | None = Field(default=None, description="Why it failed")
    reason: ErrorDetail | None = Field(default=None, description="Why it was skipped")
    warnings: list[str] | None = None


class ReportSummary(BaseModel):
    ok: int
    skipped: int
    errors: int
    documents: int
    by_code: dict[str, dict[str, int]] = Field(
        description="`skipped`, `errors` and `warnings`, each counted by code"
    )


class IngestReportOut(BaseModel):
    summary: ReportSummary
    items: list[ItemOut]
    merged_stubs: list[dict[str, Any]]


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
