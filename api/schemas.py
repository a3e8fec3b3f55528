"""Response models of the HTTP API that are not query results: the error shape and
the health check. Query results are graph/results.py's models, used as they are."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ErrorDetail", "ErrorOut", "HealthOut"]

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
