"""A dossier for a path, a cascade or one article: the chain, its timeline, every
hop's evidence in its paragraph, the documents it rests on with their captures, and
the limits of the methods used, gathered once so the HTML, the PDF and the bundle say
the same thing.

Evidence offsets point into the text citegraph read from a document's bytes; the store
keeps no text, so the paragraph around a span comes from the raw capture kept by
``ingest --keep-raw``, read again with the same parser. Without the capture the span
is quoted alone, and the dossier says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import Literal

from api import views
from graph.models import Edge, Evidence
from graph.provenance import Capture, sha256_hex
from graph.queries import AmplificationOptions, PathOptions, amplification, find_paths
from graph.queries.flow import hop_json, lag_hours, node_json, with_outlets
from graph.queries.lookup import find_article
from graph.results import HopOut, NodeOut
from graph.schema import FLOW_EDGES, EdgeKind, EvidenceMethod, NodeKind, ReviewStatus
from graph.store.base import DocumentRecord, Store
from loaders.errors import DocumentError
from loaders.inputs.source import Source, load_document
from loaders.rawstore import RawStore

__all__ = [
    "ARTICLE_GIVES",
    "ARTICLE_TAKES",
    "MAX_CASCADE_EDGES",
    "Dossier",
    "DossierDocument",
    "DossierEvidence",
    "DossierHop",
    "build_article_dossier",
    "build_cascade_dossier",
    "build_dossier",
]

#: What an article's dossier reports: the relations by which it took content (and
#: whom it quotes), and those by which others took from it.
ARTICLE_TAKES: tuple[EdgeKind, ...] = (*FLOW_EDGES, EdgeKind.QUOTES)
ARTICLE_GIVES: tuple[EdgeKind, ...] = FLOW_EDGES

#: Edges a cascade dossier quotes; a larger cascade is summarised, not printed whole.
MAX_CASCADE_EDGES = 200

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
    #: In an article's dossier: "in" (where its content came from, who it quotes) or
    #: "out" (who took from it); None in a path's or a cascade's.
    side: Literal["in", "out"] | None = None

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
    """What a report says: on a path (origin ⇒ destination), a cascade (source) or
    one article."""

    kind: Literal["path", "cascade", "article"]
    title: str
    query: dict[str, str]
    generated_at: datetime
    version: str
    found: bool  # a path, or a cascade of at least one hop
    chain: list[str]  # outlets in flow order (a path's)
    #: Articles in flow order, each with the lags of the hops leading into it (empty:
    #: none does; a lag is None when a date is unknown).
    timeline: list[tuple[NodeOut, list[float | None]]]
    hops: list[DossierHop]
    documents: list[DossierDocument]
    summary: str = ""
    limits: list[str] = field(default_factory=list)
    view: views.View | None = field(default=None, repr=False)  # the drawing, interactive
    drawing: str | None = None  # the view's static SVG
    omitted: int = 0  # cascade edges left out past the limit


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
    chain = [path.outlet_hops[0].from_name, *(h.to_name for h in path.outlet_hops)] if path else []
    dossier = _assemble(
        store,
        raw,
        kind="path",
        title=f"{result.origin.name} ⇒ {result.destination.name}",
        query={"origin": origin, "destination": destination},
        nodes=path.nodes if path else [],
        edges=path.hops if path else [],
        chain=chain,
        view=views.path(result) if path else None,
    )
    dossier.summary = _path_summary(dossier, result.origin.name, result.destination.name)
    return dossier


def build_cascade_dossier(
    store: Store,
    source: str,
    *,
    raw: RawStore | None = None,
    max_edges: int = MAX_CASCADE_EDGES,
) -> Dossier:
    """Return the dossier of ``source``'s amplification cascade (its first
    ``max_edges`` edges by depth; the figures cover the whole cascade)."""
    options = AmplificationOptions(start_nodes=True, limit=max_edges)
    result = amplification(store, source, options=options)
    nodes = [*(result.start_nodes or []), *result.articles]
    dossier = _assemble(
        store,
        raw,
        kind="cascade",
        title=f"Cascade of {result.source.name}",
        query={"source": source},
        nodes=nodes,
        edges=result.edges,
        chain=[],
        view=views.cascade(result) if result.edges else None,
    )
    dossier.omitted = max(result.articles_total - len(result.articles), 0)
    outlets = len(result.outlets)
    dossier.summary = (
        f"{result.source.name}'s content reached {result.size} article"
        f"{'s' if result.size != 1 else ''} in {outlets} outlet{'s' if outlets != 1 else ''}, "
        f"up to {result.depth} hop{'s' if result.depth != 1 else ''} away; "
        f"{_spans(dossier)}."
    )
    dossier.limits = _limits(dossier)
    return dossier


def build_article_dossier(store: Store, ref: str, *, raw: RawStore | None = None) -> Dossier:
    """Return the dossier of one article (``ref``: its key, URL or title): the
    republishes/translates/cites edges into and out of it and the people it quotes.

    Raises NotFound when no article matches ``ref``.
    """
    focus = find_article(store, ref)
    taken = store.edges_touching([focus.key], types=ARTICLE_TAKES, incoming=False)
    given = store.edges_touching([focus.key], types=ARTICLE_GIVES, incoming=True)
    nodes, outlets = with_outlets(
        store, {focus.key} | {e.target for e in taken} | {e.source for e in given}
    )

    def hop(edge: Edge) -> HopOut:
        # Stored edges point from the article that took to what it took from; a hop
        # runs the way content went. A quote goes from the person to the article.
        up, down = nodes.get(edge.target), nodes.get(edge.source)
        data = hop_json(edge, edge.target, edge.source, undirected=edge.undirected)
        if edge.type is not EdgeKind.QUOTES:
            data["lag_hours"] = lag_hours(up, down)
        return HopOut.model_validate(data)

    order = {k: i for i, k in enumerate(FLOW_EDGES)} | {EdgeKind.QUOTES: len(FLOW_EDGES)}
    taken.sort(key=lambda e: (order[e.type], e.target))
    given.sort(key=lambda e: (order[e.type], e.source))
    hops = [hop(e) for e in (*taken, *given)]
    wire = {k: NodeOut.model_validate(node_json(n, outlets)) for k, n in nodes.items()}

    def by_date(keys: set[str]) -> list[NodeOut]:
        found = [wire[k] for k in keys if k in wire]
        return sorted(found, key=lambda n: (n.published is None, n.published or 0, n.key))

    upstream = by_date({h.from_ for h in hops[: len(taken)]})
    downstream = by_date({h.to for h in hops[len(taken) :]})
    article = wire[focus.key]
    dossier = _assemble(
        store,
        raw,
        kind="article",
        title=article.title or article.name,
        query={"article": ref},
        nodes=[*upstream, article, *downstream],
        edges=hops,
        chain=[],
        view=views.article(article, [*upstream, article, *downstream], hops) if hops else None,
    )
    for h in dossier.hops:
        h.side = "in" if h.derived.key == focus.key else "out"
    dossier.summary = _article_summary(dossier, article)
    return dossier


def _assemble(
    store: Store,
    raw: RawStore | None,
    *,
    kind: Literal["path", "cascade", "article"],
    title: str,
    query: dict[str, str],
    nodes: Sequence[NodeOut],
    edges: Sequence[HopOut],
    chain: list[str],
    view: views.View | None,
) -> Dossier:
    by_key = {n.key: n for n in nodes}
    doc_ids = sorted({e.document for h in edges for e in h.evidence})
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
        for i, hop in enumerate(edges, start=1)
        if hop.from_ in by_key and hop.to in by_key
    ]
    lags: dict[str, list[float | None]] = {}
    for h in edges:
        lags.setdefault(h.to, []).append(h.lag_hours)
    dossier = Dossier(
        kind=kind,
        title=title,
        query=query,
        generated_at=datetime.now(UTC).replace(microsecond=0),
        version=metadata.version("citegraph"),
        found=bool(hops),
        chain=chain,
        # Articles only: a quoted person has no publication to place in time.
        timeline=[(n, lags.get(n.key, [])) for n in nodes if n.kind is NodeKind.ARTICLE],
        hops=hops,
        documents=documents,
        view=view,
        drawing=views.render_svg(view) if view else None,
    )
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
    try:
        doc.text = read_text(raw, capture)
    except DocumentError as exc:
        doc.problem = f"the kept capture no longer reads as a document ({exc.message})"
    return doc


def read_text(raw: bytes, capture: Capture) -> str:
    """Return the text evidence offsets point into, read again from the capture as
    ingest read it (same name, URL and content type: they steer the parser; a record
    of a Telegram export or a dataset is read by its record reader).

    Raises DocumentError when the bytes no longer read as a document.
    """
    source = Source(
        uri=capture.input,
        data=raw,
        url=capture.final_url or capture.url,
        content_type=capture.content_type,
        max_bytes=max(len(raw), 1),
    )
    return load_document(source, raw).text


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


def _spans(d: Dossier) -> str:
    spans = sum(len(h.evidence) for h in d.hops)
    return (
        f"{spans} quoted span{'s' if spans != 1 else ''} in "
        f"{len(d.documents)} document{'s' if len(d.documents) != 1 else ''}"
    )


def _path_summary(d: Dossier, origin: str, destination: str) -> str:
    if not d.found:
        return f"No path from {origin} to {destination} in this store."
    verbs = {"translates": "translated by", "republishes": "republished by", "cites": "cited by"}
    parts = [f"{d.hops[0].upstream.outlet or d.hops[0].upstream.name}'s article"]
    for hop in d.hops:
        wire = hop.hop.type.wire
        parts.append(f"{verbs.get(wire, wire)} {hop.derived.outlet or hop.derived.name}")
    return ", ".join(parts) + f": {len(d.hops)} hop{'s' if len(d.hops) != 1 else ''}, {_spans(d)}."


def _article_summary(d: Dossier, article: NodeOut) -> str:
    where = article.outlet or "an unknown outlet"
    when = article.published.date().isoformat() if article.published else "undated"
    head = f"{article.title or article.name} ({where}, {when})"
    if not d.found:
        return f"{head}: no edge of this article is known to this store."
    ins = [h for h in d.hops if h.side == "in" and h.hop.type is not EdgeKind.QUOTES]
    quotes = [h for h in d.hops if h.hop.type is EdgeKind.QUOTES]
    outs = [h for h in d.hops if h.side == "out"]
    verbs = {"translates": "translates", "republishes": "republishes", "cites": "cites"}
    parts = []
    if ins:
        parts.append(
            " and ".join(
                f"{verbs.get(w, w)} {', '.join(names)}"
                for w, names in _grouped(ins, lambda h: h.upstream).items()
            )
        )
    if quotes:
        parts.append(f"quotes {', '.join(h.upstream.name for h in quotes)}")
    if outs:
        outlets = {h.derived.outlet or h.derived.name for h in outs}
        parts.append(
            f"was taken up by {_count(len(outs), 'article').lower()} in "
            f"{_count(len(outlets), 'outlet').lower()} ({', '.join(sorted(outlets))})"
        )
    else:
        parts.append("no article in this store takes from it")
    return f"{head} {'; '.join(parts)}: {_spans(d)}."


def _grouped(hops: list[DossierHop], end: Callable[[DossierHop], NodeOut]) -> dict[str, list[str]]:
    """Hops' other ends by relation, as outlet names (or the node's name)."""
    grouped: dict[str, list[str]] = {}
    for h in hops:
        node = end(h)
        grouped.setdefault(h.hop.type.wire, []).append(node.outlet or node.name)
    return grouped


def _count(n: int, what: str) -> str:
    words = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    return f"{words.get(n, str(n))} {what}{'s' if n != 1 else ''}"


def _limits(d: Dossier) -> list[str]:
    """The methods-and-limits notes, generated from what this dossier rests on."""
    notes: list[str] = []
    # An article's edges are not hops of one chain (a quote is not a hop at all).
    unit = "edge" if d.kind == "article" else "hop"
    by_method: dict[EvidenceMethod, int] = {}
    for hop in d.hops:
        for method in hop.methods:
            by_method[method] = by_method.get(method, 0) + 1
    for method in sorted(by_method):
        n = by_method[method]
        note = _METHOD_NOTES[method]
        if n == 1:  # the notes are written for several hops
            note = note.replace("rest on", "rests on", 1).replace("were entered", "was entered")
        notes.append(f"{_count(n, unit)} {note}.")
    reviewed = [h for h in d.hops if h.hop.review is not ReviewStatus.AUTO]
    if not reviewed and d.hops:
        notes.append(
            f"No {unit} has been reviewed by a person: every edge is as the extractor found it."
        )
    elif reviewed:
        notes.append(f"{_count(len(reviewed), unit)} reviewed by a person.")
    nodes = [n for n, _lags in d.timeline]
    stubs = [n for n in nodes if n.stub]
    if stubs:
        names = ", ".join(f"{n.outlet or n.name}'s" for n in stubs[:10])
        more = f" and {len(stubs) - 10} more" if len(stubs) > 10 else ""
        notes.append(
            f"{names}{more} article{'s are' if len(stubs) > 1 else ' is'} known only from "
            f"what other documents say of {'them' if len(stubs) > 1 else 'it'}: not captured."
        )
    undated = [n for n in nodes if n.published is None]
    if undated:
        notes.append(
            f"{_count(len(undated), 'article')} of this dossier "
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
    if d.omitted:
        notes.append(
            f"Only the first {len(d.hops)} edges by depth are shown; {d.omitted} more "
            "articles of the cascade are counted in the figures but not quoted here."
        )
    notes.append(
        "What is shown is found in the graph as it stood when this dossier was generated; "
        "documents not ingested are not seen, so a missing hop is not evidence of absence."
    )
    return notes
