"""The ingest report: one item per input (ok, skipped or error) and the counts by code."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Literal

from pydantic import BaseModel, Field

from graph.errors import CitegraphError, ErrorDetail
from loaders.identity import SameArticle
from loaders.resolve import Merge

__all__ = [
    "IngestItem",
    "IngestReport",
    "IngestReportOut",
    "ItemOut",
    "ReportSummary",
    "StoreSize",
    "fail",
]

Status = Literal["ok", "skipped", "error"]


class ItemOut(BaseModel):
    """One input's line in an ingest report; empty fields are left out."""

    input: str
    status: Status
    document: str | None = None
    article: str | None = None
    nodes: int | None = None
    edges: int | None = None
    error: ErrorDetail | None = Field(default=None, description="Why it failed")
    reason: ErrorDetail | None = Field(default=None, description="Why it was skipped")
    warnings: list[str] | None = None
    same_article: list[SameArticle] | None = Field(
        default=None, description="Other inputs judged to be the same article"
    )


class ReportSummary(BaseModel):
    ok: int
    skipped: int
    errors: int
    documents: int
    by_code: dict[str, dict[str, int]] = Field(
        description="`skipped`, `errors` and `warnings`, each counted by code"
    )


class StoreSize(BaseModel):
    nodes: int
    edges: int


class IngestReportOut(BaseModel):
    """The report as the CLI (``--json``, ``--report``) and the API write it."""

    summary: ReportSummary
    items: list[ItemOut]
    merged_stubs: list[Merge]
    store: StoreSize | None = Field(
        default=None, description="The store's size after the ingest (the CLI's report)"
    )

    def dump(self) -> object:
        """The JSON document, without the fields left unset."""
        return self.model_dump(mode="json", exclude_unset=True)


@dataclass(slots=True)
class IngestItem:
    input: str
    status: Status
    document: str | None = None
    article: str | None = None
    nodes: int = 0
    edges: int = 0
    # Why an item failed, or why it was skipped: the one error shape,
    # {"code", "message", "details"} (CitegraphError.detail).
    error: ErrorDetail | None = None
    reason: ErrorDetail | None = None
    warnings: list[str] = field(default_factory=list)
    # Other inputs judged to be the same article (loaders.identity): same URL, same
    # content, or the stub a citation made of it.
    same_article: list[SameArticle] = field(default_factory=list)

    def to_json(self) -> ItemOut:
        # Slots, not a __dict__: a million-document ingest keeps one item per document.
        # Only the non-empty fields are set, so the report leaves the others out.
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        return ItemOut.model_validate(
            {k: v for k, v in values if v not in (None, [], 0) or k == "status"}
        )


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
        """Return how many items were skipped, failed, warned or judged the same article as
        another input, per reason code."""
        counts: dict[str, Counter[str]] = {"skipped": Counter(), "error": Counter()}
        warned: Counter[str] = Counter()
        same: Counter[str] = Counter()
        for item in self.items:
            detail = item.reason or item.error
            if detail is not None and item.status in counts:
                counts[item.status][detail.code] += 1
            warned.update({_warning_code(w) for w in item.warnings})
            same.update({s.reason for s in item.same_article})
        return {
            "skipped": dict(counts["skipped"]),
            "errors": dict(counts["error"]),
            "same_article": dict(same),
            "warnings": dict(warned),
        }

    def to_json(self, store: StoreSize | None = None) -> IngestReportOut:
        summary = ReportSummary(
            ok=self.ok,
            skipped=self.skipped,
            errors=self.errors,
            documents=len(self.items),
            by_code=self.codes(),
        )
        report = IngestReportOut(
            summary=summary, items=[i.to_json() for i in self.items], merged_stubs=self.merges
        )
        if store is not None:
            report.store = store
        return report


_WARNING_CODE = re.compile(r"([a-z][a-z_]+):")


def _warning_code(warning: str) -> str:
    """Return the code of a "code: message" warning; free-form ones count as "other"."""
    m = _WARNING_CODE.match(warning)
    return m.group(1) if m else "other"


def fail(item: IngestItem, exc: CitegraphError, *, skip: bool = False) -> None:
    """Mark ``item`` failed (or skipped) for ``exc``, in the one error shape."""
    if skip:
        item.status, item.reason = "skipped", exc.detail()
    else:
        item.status, item.error = "error", exc.detail()
