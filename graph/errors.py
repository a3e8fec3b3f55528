"""The error family. Every error carries a status and structured fields, so the API,
the CLI and the ingest report all render it the same way."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "BadInput",
    "Busy",
    "CitegraphError",
    "Conflict",
    "ErrorDetail",
    "ErrorOut",
    "Forbidden",
    "NotFound",
    "QueryTimeout",
    "StoreUnavailable",
    "Unauthorized",
]


class ErrorDetail(BaseModel):
    """What every producer reports of a failure: an API error body, an ingest report
    item, an ``extract --json`` line, a failed job."""

    code: str = Field(description="bad_input, not_found, unauthorized, forbidden, ...")
    message: str
    details: dict[str, Any] = Field(
        description="Structured context, e.g. `suggestions` for an unknown name, "
        "`problems` for invalid parameters"
    )


class ErrorOut(BaseModel):
    """The one error shape, for every status."""

    error: ErrorDetail


class CitegraphError(Exception):
    status = 500
    code = "internal_error"

    def __init_subclass__(
        cls, *, status: int | None = None, code: str | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if status is not None:
            cls.status = status
        if code is not None:
            cls.code = code

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def detail(self, code: str | None = None) -> ErrorDetail:
        """``{"code", "message", "details"}``: what every producer reports of a failure.
        ``code`` overrides the class's, for a failure that has no class of its own."""
        return ErrorDetail(code=code or self.code, message=self.message, details=self.details)

    def to_json(self, code: str | None = None) -> ErrorOut:
        """The one error shape: ``{"error": {"code", "message", "details"}}``."""
        return ErrorOut(error=self.detail(code))


# Each error names its HTTP status and its code in its class line.


class BadInput(CitegraphError, status=422, code="bad_input"):
    """A bad parameter or input. 422 like FastAPI's own parameter validation, so every
    bad parameter, whether caught by a route's types or a query's options, answers
    the same status."""


class Unauthorized(CitegraphError, status=401, code="unauthorized"):
    """A write without a valid bearer token."""


class Forbidden(CitegraphError, status=403, code="forbidden"):
    """A write on a server that accepts none (no token configured)."""


class NotFound(CitegraphError, status=404, code="not_found"):
    """An unknown name, key or id (with close-match ``suggestions`` when there are)."""


class Conflict(CitegraphError, status=409, code="conflict"):
    """A write that clashes with what the store holds."""


class Busy(CitegraphError, status=429, code="busy"):
    """Too much work is queued already; the request may be sent again later."""


class StoreUnavailable(CitegraphError, status=503, code="store_unavailable"):
    """The store cannot be reached or written."""


class QueryTimeout(CitegraphError, status=504, code="query_timeout"):
    """A query ran past its time budget; narrower options (fewer hops, a higher
    min_confidence, fewer relation types) usually answer in time."""
