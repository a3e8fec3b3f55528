"""The error family. Every error carries a status and structured fields, so the API,
the CLI and the ingest report all render it the same way."""

from __future__ import annotations

from typing import Any

__all__ = [
    "BadInput",
    "Busy",
    "CitegraphError",
    "Conflict",
    "Forbidden",
    "NotFound",
    "QueryTimeout",
    "StoreUnavailable",
    "Unauthorized",
]


class CitegraphError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        """The one error shape: ``{"error": {"code", "message", "details"}}``."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class BadInput(CitegraphError):
    # 422 like FastAPI's own parameter validation, so every bad parameter, whether
    # caught by the route's types or by a query's options, answers the same status.
    status = 422
    code = "bad_input"


class Unauthorized(CitegraphError):
    status = 401
    code = "unauthorized"


class Forbidden(CitegraphError):
    status = 403
    code = "forbidden"


class NotFound(CitegraphError):
    status = 404
    code = "not_found"


class Conflict(CitegraphError):
    status = 409
    code = "conflict"


class Busy(CitegraphError):
    """Too much work is queued already; the request may be sent again later."""

    status = 429
    code = "busy"


class StoreUnavailable(CitegraphError):
    status = 503
    code = "store_unavailable"


class QueryTimeout(CitegraphError):
    """A query ran past its time budget; narrower options (fewer hops, a higher
    min_confidence, fewer relation types) usually answer in time."""

    status = 504
    code = "query_timeout"
