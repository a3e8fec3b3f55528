"""The ingest report: one item per input (ok, skipped or error) and the counts by code."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from graph.errors import CitegraphError
from loaders.identity import SameArticle
from loaders.resolve import Merge

__all__ = ["IngestItem", "IngestReport", "fail"]


@dataclass(slots=True)
class IngestItem:
    input: str
    status: Literal["ok", "skipped", "error"]
    document: str | None = None
    article: str | None = None
    nodes: int = 0
    edges: int = 0
    # Why an item failed, or why it was skipped: the one error shape,
    # {"code", "message", "details"} (CitegraphError.detail).
    error: dict[str, Any] | None = None
    reason: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    # Other inputs judged to be the same article (loaders.identity): same URL, same
    # content, or the stub a citation made of it.
    same_article: list[SameArticle] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        # Slots, not a __dict__: a million-document ingest keeps one item per document.
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        out = {k: v for k, v in values if v not in (None, [], 0) or k == "status"}
        if self.same_article:
            out["same_article"] = [s.to_json() for s in self.same_article]
        return out


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
                counts[item.status][detail["code"]] += 1
            warned.update({_warning_code(w) for w in item.warnings})
            same.update({s.reason for s in item.same_article})
        return {
            "skipped": dict(counts["skipped"]),
            "errors": dict(counts["error"]),
            "same_article": dict(same),
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


def fail(item: IngestItem, exc: CitegraphError, *, skip: bool = False) -> None:
    """Mark ``item`` failed (or skipped) for ``exc``, in the one error shape."""
    if skip:
        item.status, item.reason = "skipped", exc.detail()
    else:
        item.status, item.error = "error", exc.detail()
