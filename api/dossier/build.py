"""A dossier for a path: the chain, its timeline, every hop's evidence in its
paragraph, the documents it rests on with their captures, and the limits of the
methods used, gathered once so the HTML, the PDF and the bundle say the same thing.

Evidence offsets point into the text citegraph read from a document's bytes; the store
keeps no text, so the paragraph around a span comes from the raw capture kept by
``ingest --keep-raw``, read again with the same parser. Without the capture the span
is quoted alone, and the dossier says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata

from api import views
from graph.models import Evidence
from graph.provenance import Capture, sha256_hex
from graph.queries import PathOptions, find_paths
from graph.results import HopOut, NodeOut, PathOut
from graph.schema import EvidenceMethod, ReviewStatus
from graph.store.base import DocumentRecord, Store
from loaders.documents import page_url, parse_document
from loaders.errors import DocumentError
from loaders.rawstore import RawStore

__all__ = ["Dossier", "DossierDocument", "DossierEvidence", "DossierHop", "build_dossier"]

# Characters of context kept each side of a span when its paragraph is longer.
_CONTEXT = 400
# Paragraphs shorter than this are shown with their neighbours.
_SHORT_PARAGRAPH = 200

# What each method rests on, for the methods-and-limits section (only methods used).
_METHOD_NOTES = {
    EvidenceMethod.STRUCTURE: (
        "rest on the page's own structure (source, translator or annex lines): the "
        "page says where it took the text from"
    ),
    EvidenceMethod.PATTERN: (
        'rest on an attribution phrase read by a language pattern ("according to", '
        "a dateline, a byline); patterns can misread who is speaking"
    ),
    EvidenceMethod.HYPERLINK: (
        "rest on a link in the text: a link shows the page points to the source, not "
        "that it took its content from it"
    ),
    EvidenceMethod.SIGNATURE: (
        "rest on another outlet's boilerplate found in the page (a signature), not on "
        "an attribution"
    ),
    EvidenceMethod.METADATA: "rest on the page's metadata (site name, author field), not its text",
    EvidenceMethod.TEXT_REUSE: (
        "rest on text similarity, not on an attribution: the texts share passages, and "
        "the direction comes from publication dates when both are known"
    ),
    EvidenceMethod.MANUAL: "were entered by a person",
}


@dataclass
class DossierEvidence:
    """One span: where it is in its document, and its paragraph when the text is known."""

    text: str
    start: int
    end: int
    document: str
    method: EvidenceMethod
    pattern: str | None
    confidence: float
    before: str | None = None  # the paragraph up to the span
    after: str | None = None  # the paragraph after the span
    found: bool | None = None  # the span is at its offsets in the re-read text


@dataclass
class DossierHop:
    number: int
    hop: HopOut
    upstream: NodeOut
    derived: NodeOut
    evidence: list[DossierEvidence]

    @property
    def methods(self) -> list[EvidenceMethod]:
        return sorted({e.method for e in self.evidence})


@dataclass
class DossierDocument:
    id: str
    uri: str | None
    capture: Capture | None
    raw: bytes | None = field(default=None, repr=False)
    text: str | None = field(default=None, repr=False)
    problem: str | None = None  # why the text could not be read again


@dataclass
class Dossier:
    origin: str
    destination: str
    generated_at: datetime
    version: str
    path: PathOut | None
    hops: list[DossierHop]
    documents: list[DossierDocument]
    summary: str
    limits: list[str]
    drawing: str | None  # the path view's SVG

    @property
    def chain(self) -> list[str]:
        if self.path is None:
            return []
        return [hop.from_name for hop in self.path.outlet_hops[:1]] + [
            hop.to_name for hop in self.path.outlet_hops
        ]

    def timeline(self) -> list[tuple[NodeOut, float | None]]:
        """Each article of the chain with the lag since the previous one (hours)."""
        if self.path is None:
            return []
        lags = [None, *(h.lag_hours for h in self.path.hops)]
        return list(zip(self.path.nodes, lags, strict=True))


def build_dossier(
    store: Store,
    origin: str,
    destination: str,
    *,
    raw: RawStore | None = None,
    options: PathOptions | None = None,
) -> Dossier:
    """Return the dossier of the strongest path from ``origin`` to ``destination``.

    Raises NotFound for an unknown name, like the path query.
    """
    result = find_paths(store, origin, destination, options=options or PathOptions(k=1))
    path = result.paths[0] if result.paths else None
    by_key = {n.key: n for n in path.nodes} if path else {}
    doc_ids = sorted({e.document for h in (path.hops if path else []) for e in h.evidence})
    records = store.documents(doc_ids)
    documents = [_document(d, records.get(d), raw) for d in doc_ids]
    texts = {d.id: d.text for d in documents}
    hops = [
        DossierHop(
            number=i,
            hop=hop,
            upstream=by_key[hop.from_],
            derived=by_key[hop.to],
            evidence=[_evidence(e, texts.get(e.document)) for e in hop.evidence],
        )
        for i, hop in enumerate(path.hops if path else [], start=1)
    ]
    dossier = Dossier(
        origin=result.origin.name,
        destination=result.destination.name,
        generated_at=datetime.now(UTC).replace(microsecond=0),
        version=metadata.version("citegraph"),
        path=path,
        hops=hops,
        documents=documents,
        summary="",
        limits=[],
        drawing=views.render_svg(views.path(result)) if path else None,
    )
    dossier.summary = _summary(dossier)
    dossier.limits = _limits(dossier)
    return dossier


def _document(
    doc_id: str, record: DocumentRecord | None, raw_store: RawStore | None
) -> DossierDocument:
    capture = record.capture if record else None
    doc = DossierDocument(id=doc_id, uri=record.uri if record else None, capture=capture)
    if capture is None:
        doc.problem = "capture unknown (ingested before captures were recorded)"
        return doc
    raw = raw_store.get(capture.sha256) if raw_store is not None else None
    if raw is None:
        doc.problem = "raw capture not kept (ingest with --keep-raw)"
        return doc
    if sha256_hex(raw) != capture.sha256:
        doc.problem = "the kept capture does not match its SHA-256"
        return doc
    doc.raw = raw
    doc.text = read_text(raw, capture)
    return doc


def read_text(raw: bytes, capture: Capture) -> str:
    """Return the text evidence offsets point into, read again from the capture as
    ingest read it (same name, URL and content type: they steer the parser)."""
    try:
        return parse_document(
            raw,
            uri=capture.input,
            url=page_url(capture.final_url or capture.url),
            content_type=capture.content_type,
            max_bytes=max(len(raw), 1),
        ).text
    except DocumentError as exc:  # the capture was read once, so this is unexpected
        raise RuntimeError(f"{capture.input}: cannot read the capture again: {exc}") from exc


def _evidence(ev: Evidence, text: str | None) -> DossierEvidence:
    item = DossierEvidence(
        text=ev.text,
        start=ev.start,
        end=ev.end,
        document=ev.document,
        method=ev.method,
        pattern=ev.pattern,
        confidence=ev.confidence,
    )
    if text is not None:
        item.found = text[ev.start : ev.end] == ev.text
        if item.found:
            item.before, item.after = paragraph_around(text, ev.start, ev.end)
    return item


def paragraph_around(text: str, start: int, end: int) -> tuple[str, str]:
    """Return the text of the span's paragraph before and after it.

    A short paragraph (a credit or source line is often one of its own) comes with the
    paragraphs on either side, so the reader sees what it stands next to; long ones
    are cut to a window around the span.
    """
    lo = _paragraph_start(text, start)
    hi = _paragraph_end(text, end)
    if hi - lo < _SHORT_PARAGRAPH:
        lo = _paragraph_start(text, len(text[:lo].rstrip()))
        hi = _paragraph_end(text, len(text) - len(text[hi:].lstrip()))
    cut_lo, cut_hi = max(lo, start - _CONTEXT), min(hi, end + _CONTEXT)
    before = ("…" if cut_lo > lo else "") + text[cut_lo:start]
    after = text[end:cut_hi] + ("…" if cut_hi < hi else "")
    return before, after


def _paragraph_start(text: str, at: int) -> int:
    found = text.rfind("\n\n", 0, at)
    return 0 if found < 0 else found + 2


def _paragraph_end(text: str, at: int) -> int:
    found = text.find("\n\n", at)
    return len(text) if found < 0 else found


def _summary(d: Dossier) -> str:
    if d.path is None:
        return f"No path from {d.origin} to {d.destination} in this store."
    verbs = {"translates": "translated by", "republishes": "republished by", "cites": "cited by"}
    parts = [f"{d.hops[0].upstream.outlet or d.hops[0].upstream.name}'s article"]
    for hop in d.hops:
        wire = hop.hop.type.wire
        parts.append(f"{verbs.get(wire, wire)} {hop.derived.outlet or hop.derived.name}")
    spans = sum(len(h.evidence) for h in d.hops)
    return (
        ", ".join(parts)
        + f": {len(d.hops)} hop{'s' if len(d.hops) != 1 else ''}, "
        + f"{spans} quoted span{'s' if spans != 1 else ''} in "
        + f"{len(d.documents)} document{'s' if len(d.documents) != 1 else ''}."
    )


def _count(n: int, what: str) -> str:
    words = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    return f"{words.get(n, str(n))} {what}{'s' if n != 1 else ''}"


def _limits(d: Dossier) -> list[str]:
    """The methods-and-limits notes, generated from what this dossier rests on."""
    notes: list[str] = []
    by_method: dict[EvidenceMethod, int] = {}
    for hop in d.hops:
        for method in hop.methods:
            by_method[method] = by_method.get(method, 0) + 1
    for method in sorted(by_method):
        notes.append(f"{_count(by_method[method], 'hop')} {_METHOD_NOTES[method]}.")
    reviewed = [h for h in d.hops if h.hop.review is not ReviewStatus.AUTO]
    if not reviewed and d.hops:
        notes.append(
            "No hop has been reviewed by a person: every edge is as the extractor found it."
        )
    elif reviewed:
        notes.append(f"{_count(len(reviewed), 'hop')} reviewed by a person.")
    stubs = [n for n in (d.path.nodes if d.path else []) if n.stub]
    if stubs:
        names = ", ".join(f"{n.outlet or n.name}'s" for n in stubs)
        notes.append(
            f"{names} article{'s are' if len(stubs) > 1 else ' is'} known only from what "
            "other documents say of it: it was not captured itself."
        )
    undated = [n for n in (d.path.nodes if d.path else []) if n.published is None]
    if undated:
        notes.append(
            f"{_count(len(undated), 'article')} of the chain "
            f"{'have' if len(undated) > 1 else 'has'} no known publication time, so the lag "
            "of the hops touching them is unknown; the order of the chain rests on the "
            "evidence, not on dates."
        )
    unknown = [doc for doc in d.documents if doc.capture is None]
    if unknown:
        notes.append(
            f"{_count(len(unknown), 'document')} {'were' if len(unknown) > 1 else 'was'} "
            "ingested before captures were recorded: capture time, hash and size are unknown."
        )
    unkept = [doc for doc in d.documents if doc.capture is not None and doc.raw is None]
    if unkept:
        notes.append(
            f"The raw capture of {_count(len(unkept), 'document').lower()} was not kept: "
            "its evidence is quoted without its paragraph and cannot be re-verified."
        )
    notes.append(
        "The paths are found in the graph as it stood when this dossier was generated; "
        "documents not ingested are not seen, so a missing hop is not evidence of absence."
    )
    return notes
