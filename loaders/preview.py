"""What ``citegraph extract`` shows of one source: its extraction, nothing stored.

:func:`preview` returns an :class:`ExtractionRecord` (or an :class:`ExtractionFailure`
in the one error shape), typed like the query results, so the CLI only prints it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_serializer

from graph.errors import ErrorDetail
from graph.provenance import Capture
from graph.queries.flow import wire_node
from graph.results import EdgeOut, WireNode, edge_out
from graph.schema import NodeKind
from graph.store.base import Store
from loaders.errors import DocumentError
from loaders.ingest import extract_source
from loaders.inputs import Source
from loaders.registry import Registry

__all__ = ["ExtractedNode", "ExtractionFailure", "ExtractionRecord", "preview"]


class ExtractedNode(WireNode):
    in_store: bool | None = None


class ExtractionRecord(BaseModel):
    """One document's extraction; ``in_store`` and ``document_ingested`` only when a
    store was given to compare with."""

    input: str
    document: str
    warnings: list[str]
    capture: Capture | None
    article: WireNode
    nodes: list[ExtractedNode]
    edges: list[EdgeOut]
    document_ingested: bool | None = None

    @field_serializer("capture")
    def _whole_capture(self, capture: Capture | None) -> dict[str, Any] | None:
        # A capture is written with every field, null or not, as a dossier bundle
        # writes it; ``dump``'s exclude_unset would otherwise drop its empty ones.
        return capture.model_dump(mode="json") if capture is not None else None


class ExtractionFailure(BaseModel):
    """A document that could not be extracted, in the one error shape."""

    input: str
    error: ErrorDetail


def preview(
    source: Source, registry: Registry, known: Store | None = None
) -> ExtractionRecord | ExtractionFailure:
    """Extract ``source`` without storing it; with ``known``, say which of its nodes
    that store already holds and whether it recorded the document."""
    try:
        doc, extraction = extract_source(source, registry)
    except DocumentError as exc:
        return ExtractionFailure(input=source.uri, error=exc.detail())
    sub = extraction.subgraph
    by_key = {n.key: n for n in sub.nodes}
    outlets = {k: n for k, n in by_key.items() if n.kind is NodeKind.OUTLET}
    held = known.get_nodes(by_key) if known is not None else None
    nodes = [
        wire_node(n, outlets, ExtractedNode)
        if held is None
        else wire_node(n, outlets, ExtractedNode, in_store=n.key in held)
        for n in sub.nodes
    ]
    record = ExtractionRecord(
        input=source.uri,
        document=doc.id,
        warnings=doc.warnings + extraction.warnings,
        capture=doc.capture,
        article=wire_node(by_key[extraction.article], outlets, WireNode),
        nodes=nodes,
        edges=[edge_out(e) for e in sub.edges],
    )
    if known is not None:
        record.document_ingested = known.document(doc.id) is not None
    return record
