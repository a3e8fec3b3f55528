"""Per-document failures. Each one is reported in the ingest report and the batch goes on."""

from __future__ import annotations

from typing import Any

from graph.errors import BadInput

__all__ = ["DocumentError", "SkippedInput"]


class DocumentError(BadInput):
    """A document that cannot be read or extracted. ``code`` says why, for the report."""

    #: The report lists it as ``skipped`` (not a document we handle) instead of ``error``.
    skip = False

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message, **details)
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:
        # Sources carrying an error travel to ingest worker processes, so the error must
        # pickle; Exception's default reduce would call __init__ with the message only.
        return (_rebuild, (type(self), self.code, self.message, self.details))


class SkippedInput(DocumentError):
    """An input that is deliberately not ingested: not text, not HTML, nothing to read."""

    skip = True


def _rebuild(
    cls: type[DocumentError], code: str, message: str, details: dict[str, Any]
) -> DocumentError:
    return cls(code, message, **details)
