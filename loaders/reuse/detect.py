"""Text reuse for one ingested batch: find copies and translations, write their edges.

Each document of the batch is looked up in the persistent index (LSH candidates),
verified by alignment against every candidate, then added to the index; documents of
the same batch therefore meet each other too. A pair's edge is computed from the pair
alone (both texts, both dates, keys), never from which one arrived first, so the
same corpus gives the same edges whatever the batch order, and on either backend.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph.models import AlignedPassage, Edge, Evidence, ReuseDetail
from graph.schema import EdgeKind, EvidenceMethod, ReuseDirection
from graph.store.base import Store
from loaders.reuse.align import MAX_PASSAGE_CHARS, MIN_SHARE, Passage, align, passages
from loaders.reuse.index import (
    FP_BANDS,
    FP_PERM,
    FP_ROWS,
    TEXT_BANDS,
    TEXT_PERM,
    TEXT_ROWS,
    IndexedDocument,
    ReuseIndex,
    band_hashes,
    signatures,
)
from loaders.reuse.normalise import MIN_TOKENS, Prepared, prepare, shingles
from loaders.reuse.translation import align_translation, document_fingerprint, is_translation

__all__ = ["ReuseOptions", "default_index_path", "detect_reuse", "find_reuse"]

log = logging.getLogger(__name__)

# Rule ids recorded as ``Evidence.pattern`` for the two verifications.
SAME_LANGUAGE = "reuse:sentence_alignment"
CROSS_LANGUAGE = "reuse:fingerprint_alignment"
# Below this, an aligned same-language pair is two texts sharing stock phrases.
MIN_SIMILARITY = 0.75
# Candidates verified per document and band table: the most similar first (see
# ReuseIndex.candidates). A page copied more often than this links to its closest
# copies and its earliest source, not to every copy.
MAX_CANDIDATES = 30


@dataclass(frozen=True)
class ReuseOptions:
    """Whether ingest detects text reuse, and where its index lives."""

    enabled: bool = True
    # None: beside an embedded store's file, or CITEGRAPH_REUSE_INDEX, or a cache path.
    index_path: Path | None = None


def default_index_path(store: Store) -> Path:
    """Return where the reuse index of ``store`` lives when none is configured.

    An embedded store keeps it as a sibling file (``x.db`` -> ``x.db.reuse``), so the
    two move together. A Neo4j store keeps it in ``CITEGRAPH_REUSE_INDEX`` or under
    ``~/.cache/citegraph/reuse/``, one file per server and database.
    """
    if not store.uri.startswith(("bolt", "neo4j")):
        return Path(store.uri + ".reuse")
    configured = os.environ.get("CITEGRAPH_REUSE_INDEX")
    if configured:
        return Path(configured)
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    name = "".join(c if c.isalnum() else "_" for c in f"{store.uri}_{database}")
    return Path.home() / ".cache" / "citegraph" / "reuse" / f"{name}.sqlite"


def _orient(a: IndexedDocument, b: IndexedDocument) -> tuple[ReuseDirection, bool]:
    """Return the direction, and whether ``a`` is the later (derived) one."""
    if a.published and b.published and a.published != b.published:
        return ReuseDirection.DATED, _naive(a.published) > _naive(b.published)
    return ReuseDirection.UNKNOWN, a.article > b.article


def _naive(value: datetime) -> datetime:
    # Dates from metadata come with and without a zone; compare them as UTC wall times.
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _cut(text: str, start: int, end: int) -> tuple[str, int]:
    end = min(end, start + MAX_PASSAGE_CHARS)
    return text[start:end], end


def _aligned(p: Passage, derived: IndexedDocument, source: IndexedDocument) -> AlignedPassage:
    text, end = _cut(derived.text, p.start, p.end)
    target_text, target_end = _cut(source.text, p.target_start, p.target_end)
    return AlignedPassage(
        text=text,
        start=p.start,
        end=end,
        target_text=target_text,
        target_start=p.target_start,
        target_end=target_end,
        similarity=min(p.similarity, 1.0),
    )


def _edge(
    kind: EdgeKind,
    pattern: str,
    derived: IndexedDocument,
    source: IndexedDocument,
    direction: ReuseDirection,
    *,
    score: float,
    share: float,
    found: list[Passage],
) -> Edge:
    aligned = tuple(_aligned(p, derived, source) for p in found)
    first = aligned[0]
    detail = ReuseDetail(
        score=min(score, 1.0),
        share=min(share, 1.0),
        direction=direction,
        target_document=source.document,
        passages=aligned,
    )
    evidence = Evidence(
        text=first.text,
        start=first.start,
        end=first.end,
        document=derived.document,
        document_uri=derived.url,
        method=EvidenceMethod.TEXT_REUSE,
        pattern=pattern,
        # The confidence is the reuse score, so a minimum confidence is a minimum score.
        confidence=detail.score,
        reuse=detail,
    )
    return Edge(type=kind, source=derived.article, target=source.article, evidence=[evidence])


def compare(a: IndexedDocument, pa: Prepared, b: IndexedDocument, pb: Prepared) -> Edge | None:
    """Return the REPUBLISHES or TRANSLATES edge between two articles, or None.

    Symmetric: ``compare(a, b)`` and ``compare(b, a)`` give the same edge.
    """
    direction, a_later = _orient(a, b)
    (derived, pd), (source, ps) = ((a, pa), (b, pb)) if a_later else ((b, pb), (a, pa))
    if a.language and b.language and a.language != b.language:
        tr = align_translation(pd, ps)
        if not is_translation(pd, ps, tr):
            return None
        found = passages(pd, ps, tr.matches, merge=False)
        return _edge(
            EdgeKind.TRANSLATES, CROSS_LANGUAGE, derived, source, direction,
            score=tr.score, share=len(tr.matches) / max(len(ps.sentences), 1), found=found,
        )  # fmt: skip
    forward = align(pd, ps)
    if direction is ReuseDirection.UNKNOWN:
        # Without dates, point at the text that is more contained in the other (an
        # excerpt's source), so the recorded share is the meaningful one.
        backward = align(ps, pd)
        if (backward.share, derived.article) > (forward.share, source.article):
            (derived, pd), (source, ps), forward = (source, ps), (derived, pd), backward
    if forward.share < MIN_SHARE or forward.score < MIN_SIMILARITY:
        return None
    return _edge(
        EdgeKind.REPUBLISHES, SAME_LANGUAGE, derived, source, direction,
        score=forward.score, share=forward.share, found=passages(pd, ps, forward.matches),
    )  # fmt: skip


def find_reuse(
    index: ReuseIndex, batch: Sequence[IndexedDocument], store: Store | None
) -> list[Edge]:
    """Index ``batch`` and return the reuse edges between it and the indexed corpus.

    Candidates the store no longer holds (its documents were deleted, or it was
    cleared) are ignored; ``store=None`` trusts the index alone (benchmarks).
    """
    prepared = [prepare(d.text) for d in batch]
    usable = [p.tokens >= MIN_TOKENS for p in prepared]
    text_sigs = signatures([shingles(p) for p in prepared], TEXT_PERM)
    fp_sets = [document_fingerprint(p) for p in prepared]
    fp_sigs = signatures(fp_sets, FP_PERM)
    in_batch = {d.article for d in batch}
    seen: dict[str, Prepared] = {}  # candidates prepared once per batch, not per pair
    edges: dict[str, Edge] = {}
    index.begin()
    try:
        for doc, prep, ok, tsig, fps, fsig in zip(
            batch, prepared, usable, text_sigs, fp_sets, fp_sigs, strict=True
        ):
            text_h = band_hashes(tsig, TEXT_BANDS, TEXT_ROWS) if ok else []
            fp_h = band_hashes(fsig, FP_BANDS, FP_ROWS) if ok and fps else []
            if ok:
                cands = index.candidates("text_bands", text_h, MAX_CANDIDATES) | (
                    index.candidates("fp_bands", fp_h, MAX_CANDIDATES)
                )
                cands.discard(doc.article)
                for other in sorted(index.documents(cands).values(), key=lambda d: d.article):
                    if other.article not in in_batch and store is not None:
                        record = store.document(other.document)
                        if record is None or record.status != "ok":
                            continue
                    if other.article not in seen:
                        seen[other.article] = prepare(other.text)
                    edge = compare(doc, prep, other, seen[other.article])
                    if edge is not None:
                        edges[edge.id] = edge
            index.add(doc, text_h, fp_h)
        index.commit()
    except BaseException:
        index.rollback()
        raise
    found = [edges[k] for k in sorted(edges)]
    memo = _Memo(index, seen)
    return [e for e in found if not _relayed(e, found, memo, store)]


class _Memo:
    """Per-batch caches for the relayed-translation check: prepared texts and pair verdicts.

    Without them a story with many copies re-prepared and re-aligned the same two texts
    once per edge that touched them (most of the ingest benchmark's time).
    """

    def __init__(self, index: ReuseIndex, prepared: dict[str, Prepared]) -> None:
        self.index = index
        self.prepared = prepared
        self.pairs: dict[frozenset[str], bool] = {}

    def translation(self, a: str, b: str) -> bool:
        """Whether the indexed texts of ``a`` and ``b`` align as a translation."""
        pair = frozenset((a, b))
        if pair not in self.pairs:
            docs = self.index.documents([a, b])
            verdict = False
            if len(docs) == 2:
                da, db = docs[a], docs[b]
                edge = compare(da, self._prepare(da), db, self._prepare(db))
                verdict = edge is not None and edge.type is EdgeKind.TRANSLATES
            self.pairs[pair] = verdict
        return self.pairs[pair]

    def _prepare(self, doc: IndexedDocument) -> Prepared:
        if doc.article not in self.prepared:
            self.prepared[doc.article] = prepare(doc.text)
        return self.prepared[doc.article]


def _relayed(edge: Edge, batch: list[Edge], memo: _Memo, store: Store | None) -> bool:
    """Return whether a translation edge only restates a same-language copy's.

    A French copy of a French translation matches the English original as well as the
    translation itself does; its story came through the translation, so the copy gets
    REPUBLISHES to the translation and no TRANSLATES of its own. Likewise for a
    translation and a copy of its original. Same-language copies (of either end) are
    read from this batch's edges and the store's REPUBLISHES edges of any method.
    """
    if edge.type is not EdgeKind.TRANSLATES:
        return False
    for end, other in ((edge.source, edge.target), (edge.target, edge.source)):
        copied = {e.target for e in batch if e.type is EdgeKind.REPUBLISHES and e.source == end}
        if store is not None:
            out = store.edges_touching([end], types=[EdgeKind.REPUBLISHES], incoming=False)
            copied |= {e.target for e in out}
        copied.discard(other)
        if any(_translation_pair(z, other, batch, memo, store) for z in sorted(copied)):
            return True
    return False


def _translation_pair(a: str, b: str, batch: list[Edge], memo: _Memo, store: Store | None) -> bool:
    """Return whether articles ``a`` and ``b`` are linked as translations, either way."""
    pair = {a, b}
    if any(e.type is EdgeKind.TRANSLATES and {e.source, e.target} == pair for e in batch):
        return True
    if store is not None:
        out = store.edges_touching([a], types=[EdgeKind.TRANSLATES], incoming=False)
        inc = store.edges_touching([a], types=[EdgeKind.TRANSLATES], incoming=True)
        if any(b in (e.source, e.target) for e in out + inc):
            return True
    return memo.translation(a, b)


def detect_reuse(
    store: Store,
    documents: Sequence[IndexedDocument],
    *,
    options: ReuseOptions | None = None,
) -> list[Edge]:
    """Find reuse between a flushed batch and the stored corpus; write and return the edges.

    The ingest pipeline calls this once per batch, after the batch's nodes are written
    and before its documents are recorded as done, so a crash in between re-runs it.
    """
    options = options or ReuseOptions()
    if not options.enabled or not documents:
        return []
    with ReuseIndex(options.index_path or default_index_path(store)) as index:
        edges = find_reuse(index, documents, store)
    if edges:
        store.upsert([], edges)
    log.info("text reuse: %d edge(s) from a batch of %d", len(edges), len(documents))
    return edges
