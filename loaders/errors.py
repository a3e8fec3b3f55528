"""Per-document failures. Each one is reported in the ingest report and the batch goes on."""

from __future__ import annotations

from graph.errors import BadInput

__all__ = ["DocumentError"]


class DocumentError(BadInput):
    """A document that cannot be read or extracted. ``code`` says why, for the report."""

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message, **details)
        self.code = code
