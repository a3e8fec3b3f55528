"""Text reuse for one ingested batch: find copies and translations, return their edges.

Each document of the batch is looked up in the persistent index (LSH candidates),
verified by alignment against every candidate, then added to the index; documents of
the same batch therefore meet each other too. A pair's edge is computed from the pair
alone (both texts, both dates, keys), never from which one arrived first, so the
same corpus gives the same edges whatever the batch order, and on either backend.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.models import AlignedPassage, Edge, Evidence, ReuseDetail
from graph.schema import EdgeKind, EvidenceMethod, ReuseDirection
from graph.store.base import Store
from loaders.reuse.align import MAX_PASSAGE_CHARS, MIN_SHARE, Passage, align, passages
from loaders.reuse.analyse import Analysed, analyse, with_leads
from loaders.reuse.encoder import unquantise
from loaders.reuse.index import IndexedDocument, ReuseIndex
from loaders.reuse.normalise import Prepared, prepare, unpack
from loaders.reuse.passages import ANCHORS_SHARED, shared_block
from loaders.reuse.semantic import MAX_SENTENCES as MAX_SEMANTIC_SENTENCES
from loaders.reuse.semantic import align_semantic, is_semantic_translation, worth_encoding
from loaders.reuse.translation import (
    align_translation,
    fingerprints_undecided,
    is_translation,
)
from loaders.reuse.vectors import lead_index

__all__ = [
    "PendingReuse",
    "ReuseOptions",
    "Verification",
    "default_index_path",
    "detect_reuse",
    "find_reuse",
    "start_reuse",
    "verify",
]

log = logging.getLogger(__name__)

# Rule ids recorded as ``Evidence.pattern`` for the verifications.
SAME_LANGUAGE = "reuse:sentence_alignment"
CROSS_LANGUAGE = "reuse:fingerprint_alignment"
SEMANTIC = "reuse:embedding_alignment"
SHARED_PASSAGE = "reuse:shared_passage"
# Below this, an aligned same-language pair is two texts sharing stock phrases.
MIN_SIMILARITY = 0.75
# Candidates verified per document and band table: the most similar first (see
# ReuseIndex.candidates). A page copied more often than this links to its closest
# copies and its earliest source, not to every copy.
MAX_CANDIDATES = 30
# Fingerprint buckets are shared by every article naming the same people and places,
# so most of their candidates are other stories; a translation shares many more
# buckets than they do and ranks first. Verifying 10, not 30, took a third off detection
# on the ingest benchmark's corpus with the same quality on the reuse benchmark.
MAX_TRANSLATION_CANDIDATES = 10
# Texts sharing passage anchors (loaders.reuse.passages) verified per document: a text
# shares a block with few others, and stock phrases are kept out by ANCHORS_SHARED.
MAX_PASSAGE_CANDIDATES = 10
# Same-language candidates whose MinHash signatures agree on less than this share of
# their 128 values are dropped before verification. Copies the index is built to find
# have a shingle Jaccard of 0.25 and more (see index.TEXT_BANDS), which falls this low
# with a chance under 1e-5; on 300 pages of the 100k benchmark corpus, 6,383 of 9,431
# candidates estimated at most 0.0625 and none verified, every copy estimated 0.5 or
# more. Not for translations: their fingerprint estimates overlap (0.17-1.0 verified,
# 0.09-0.75 not).
MIN_RESEMBLANCE = 0.07
# Cross-language candidates by meaning: the texts of each other language whose lead
# vectors are nearest (loaders.reuse.vectors), if at least this similar. Each costs a
# fingerprint check; only those whose leads also stand out from the rest of their
# language are encoded whole (semantic.worth_encoding). On ntrex-dev the translation of
# a text is the nearest lead of its language for 97% of texts.
NEAREST_PER_LANGUAGE = 3
MIN_NEAREST_SIMILARITY = 0.3
# Edges that say one article's text comes from another's.
DERIVATIONS = (EdgeKind.REPUBLISHES, EdgeKind.TRANSLATES)
# How far the stated-source rule (see _Relay) follows a stated source's own sources.
STATED_HOPS = 3


# Prepared texts kept across batches. A popular story's pages are candidates in batch
# after batch; preparing them (sentences, words, translation fingerprints) again each
# time was a third of detection's cost, and decoding their packed form from the index
# still costs a quarter of that. Keyed by article and text, so a changed text is
# prepared afresh.
PREPARED_CACHE = 1000


class _PreparedCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], Prepared] = OrderedDict()

    def get(self, doc: IndexedDocument, packed: bytes | None = None) -> Prepared:
        """Return the prepared text of ``doc``: cached, else decoded from ``packed``, else
        prepared."""
        key = (doc.article, doc.text)
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            return found
        found = unpack(doc.text, packed, doc.language) if packed is not None else None
        return self.put(doc.article, found or prepare(doc.text, doc.language))

    def put(self, article: str, prepared: Prepared) -> Prepared:
        self._items[(article, prepared.text)] = prepared
        self._items.move_to_end((article, prepared.text))
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return prepared


_prepared = _PreparedCache(PREPARED_CACHE)


@dataclass(frozen=True)
class ReuseOptions:
    """Whether ingest detects text reuse, and where its index lives."""

    enabled: bool = True
    # None: beside an embedded store's file, else a cache path (see default_index_path).
    index_path: Path | None = None


def default_index_path(store: Store) -> Path:
    """Return where the reuse index of ``store`` lives when none is configured.

    An embedded store keeps it as a sibling file (``x.db`` -> ``x.db.reuse``), so the
    two move together. A Neo4j store keeps it under ``~/.cache/citegraph/reuse/``, one
    file per server and database (``CITEGRAPH_REUSE_INDEX`` overrides it through the
    CLI's and the server's Settings, as ``ReuseOptions.index_path``).
    """
    if not store.uri.startswith(("bolt", "neo4j")):
        return Path(store.uri + ".reuse")
    database = getattr(store, "database", None) or "neo4j"
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


def compare(
    a: IndexedDocument,
    pa: Prepared,
    b: IndexedDocument,
    pb: Prepared,
    *,
    semantic: bool = False,
) -> Edge | None:
    """Return the REPUBLISHES or TRANSLATES edge between two articles, or None.

    ``semantic`` allows encoding both texts when their fingerprints do not make them a
    translation pair (the candidate search says when it is worth it). Symmetric:
    ``compare(a, b)`` and ``compare(b, a)`` give the same edge.
    """
    direction, a_later = _orient(a, b)
    (derived, pd), (source, ps) = ((a, pa), (b, pb)) if a_later else ((b, pb), (a, pa))
    if a.language and b.language and a.language != b.language:
        # Fingerprints first: they cost no encoding, and settle most pairs of texts
        # that share names and numbers.
        tr, pattern = align_translation(pd, ps), CROSS_LANGUAGE
        if not is_translation(pd, ps, tr):
            # The encoder only where fingerprints could not tell (it costs 30 times more).
            if not semantic or not fingerprints_undecided(pd, ps, tr):
                return None
            tr, pattern = align_semantic(pd, ps), SEMANTIC
            if not is_semantic_translation(tr):
                return None
        found = passages(pd, ps, tr.matches, merge=False)
        compared = (
            len(ps.sentences)
            if pattern == CROSS_LANGUAGE
            else min(len(ps.sentences), MAX_SEMANTIC_SENTENCES)
        )
        return _edge(
            EdgeKind.TRANSLATES, pattern, derived, source, direction,
            score=tr.score, share=len(tr.matches) / max(compared, 1), found=found,
        )  # fmt: skip
    forward = align(pd, ps)
    if direction is ReuseDirection.UNKNOWN:
        # Without dates, point at the text that is more contained in the other (an
        # excerpt's source), so the recorded share is the meaningful one.
        backward = align(ps, pd)
        if (backward.share, derived.article) > (forward.share, source.article):
            (derived, pd), (source, ps), forward = (source, ps), (derived, pd), backward
    if forward.share < MIN_SHARE or forward.score < MIN_SIMILARITY:
        # Not a copy of the whole: maybe a few paragraphs of it inside another text.
        block = shared_block(pd, ps, forward.matches)
        if block is None:
            return None
        return _edge(
            EdgeKind.REPUBLISHES, SHARED_PASSAGE, derived, source, direction,
            score=block.similarity, share=block.share,
            found=passages(pd, ps, block.matches),
        )  # fmt: skip
    return _edge(
        EdgeKind.REPUBLISHES, SAME_LANGUAGE, derived, source, direction,
        score=forward.score, share=forward.share, found=passages(pd, ps, forward.matches),
    )  # fmt: skip


@dataclass(frozen=True)
class Verification:
    """One document of a batch and its live candidates: all that verifying it needs.

    Verification is a pure function of the texts (see ``verify``), so ingest sends
    these to its worker processes; they travel with the packed prepared forms.
    """

    doc: IndexedDocument
    packed: bytes
    candidates: tuple[tuple[IndexedDocument, bytes | None], ...]
    # The candidates worth encoding whole if fingerprints do not settle them.
    semantic: frozenset[str] = frozenset()
    # The document's prepared form, for the process that computed it. Not pickled.
    prepared: Prepared | None = field(default=None, compare=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Verification, (self.doc, self.packed, self.candidates, self.semantic))


def verify(task: Verification) -> list[Edge]:
    """Return the reuse edges between ``task.doc`` and each of its candidates."""
    doc = task.doc
    prep = task.prepared
    if prep is None:
        prep = _prepared.get(doc, task.packed)
    else:
        _prepared.put(doc.article, prep)
    found = []
    for other, packed in task.candidates:
        edge = compare(
            doc,
            prep,
            other,
            _prepared.get(other, packed),
            semantic=other.article in task.semantic,
        )
        if edge is not None:
            found.append(edge)
    return found


def plan_reuse(
    index: ReuseIndex, batch: Sequence[IndexedDocument | Analysed], store: Store | None
) -> list[Verification]:
    """Index ``batch`` and return, per document, the candidates to verify it against.

    Documents not yet analysed (see loaders.reuse.analyse; ingest workers do it) are
    analysed here. Each document's candidates are looked up before it is indexed
    itself, so the batch's documents meet each other. Candidates the store no longer
    holds (their documents were deleted, or it was cleared) are left out, after one
    store read for the whole batch: a read per document was a round trip each on
    Neo4j. ``store=None`` trusts the index alone (benchmarks).
    """
    todo = [d for d in batch if isinstance(d, IndexedDocument)]
    done = iter(analyse(todo))
    items = with_leads([d if isinstance(d, Analysed) else next(done) for d in batch])
    plans: list[tuple[Analysed, list[tuple[IndexedDocument, bytes | None]], set[str]]] = []
    leads = lead_index(index.path)
    index.begin()
    try:
        for item in items:
            doc = item.doc
            entries: list[tuple[IndexedDocument, bytes | None]] = []
            semantic: set[str] = set()
            if item.usable:
                lang = doc.language
                cands = index.candidates(
                    "text_bands", item.text_hashes, MAX_CANDIDATES, language=lang
                )
                cands = index.resembling(cands, item.text_sig, MIN_RESEMBLANCE)
                # Shared passages resemble little as whole texts: not filtered.
                cands |= index.candidates(
                    "passage_bands",
                    item.passage_hashes,
                    MAX_PASSAGE_CANDIDATES,
                    language=lang,
                    min_shared=ANCHORS_SHARED,
                )
                cands |= index.candidates(
                    "fp_bands", item.fp_hashes, MAX_TRANSLATION_CANDIDATES, language=lang
                )
                if doc.lead and lang:
                    near = leads.nearest(
                        index,
                        unquantise(doc.lead),
                        lang,
                        k=NEAREST_PER_LANGUAGE,
                        floor=MIN_NEAREST_SIMILARITY,
                    )
                    # Only leads that stand out: the others are other stories on the
                    # subject, and fingerprint candidates cover translations that share
                    # names (each neighbour verified cost a third of detection on the
                    # ingest benchmark's corpus).
                    near = [n for n in near if worth_encoding(n.similarity, n.margin)]
                    names = index.articles_of([n.doc for n in near])
                    semantic = set(names.values())
                    cands |= semantic
                cands.discard(doc.article)
                entries = sorted(index.entries(cands).values(), key=_by_article)
            plans.append((item, entries, semantic))
            doc_id = index.add(
                doc,
                item.text_hashes,
                item.fp_hashes,
                item.packed,
                item.text_sig or None,
                item.passage_hashes,
            )
            if doc.lead and doc.language:
                leads.add(index, doc.language, doc_id, doc.lead)
        index.commit()
    except BaseException:
        index.rollback()
        leads.forget()
        raise
    leads.maybe_save(index)
    in_batch = {a.doc.article for a in items}
    outside = [o for _i, entries, _s in plans for o, _ in entries if o.article not in in_batch]
    alive = _alive(outside, store)
    return [
        Verification(
            item.doc,
            item.packed,
            tuple(e for e in entries if e[0].article in in_batch or alive[e[0].document]),
            frozenset(semantic),
            item.prepared,
        )
        for item, entries, semantic in plans
    ]


def settle_reuse(
    index: ReuseIndex, verified: Iterable[list[Edge]], store: Store | None
) -> list[Edge]:
    """Return a batch's reuse edges from its verifications' results, relays dropped."""
    edges = {e.id: e for found in verified for e in found}
    ordered = [edges[k] for k in sorted(edges)]
    relay = _Relay(ordered, _Memo(index), store)
    return [e for e in ordered if not relay.relayed(e)]


def find_reuse(
    index: ReuseIndex, batch: Sequence[IndexedDocument | Analysed], store: Store | None
) -> list[Edge]:
    """Index ``batch`` and return the reuse edges between it and the indexed corpus."""
    tasks = plan_reuse(index, batch, store)
    return settle_reuse(index, [verify(t) for t in tasks], store)


def _by_article(entry: tuple[IndexedDocument, bytes | None]) -> str:
    return entry[0].article


def _alive(docs: list[IndexedDocument], store: Store | None) -> dict[str, bool]:
    """Return whether the store still records each document, in one read."""
    ids = {d.document for d in docs}
    if store is None:
        return dict.fromkeys(ids, True)
    records = store.documents(ids) if ids else {}
    return {i: i in records and records[i].status == "ok" for i in ids}


class _Memo:
    """Per-batch caches for the relayed-translation check: prepared texts and pair verdicts.

    Without them a story with many copies re-prepared and re-aligned the same two texts
    once per edge that touched them (most of the ingest benchmark's time).
    """

    def __init__(self, index: ReuseIndex) -> None:
        self.index = index
        self.prepared: dict[str, Prepared] = {}
        self.pairs: dict[frozenset[str], bool] = {}

    def translation(self, a: str, b: str) -> bool:
        """Whether the indexed texts of ``a`` and ``b`` align as a translation."""
        pair = frozenset((a, b))
        if pair not in self.pairs:
            entries = self.index.entries([a, b])
            verdict = False
            if len(entries) == 2:
                (da, pa), (db, pb) = entries[a], entries[b]
                # Only texts in two known languages can be translations (see compare).
                if da.language and db.language and da.language != db.language:
                    edge = compare(da, self._prepare(da, pa), db, self._prepare(db, pb))
                    verdict = edge is not None and edge.type is EdgeKind.TRANSLATES
            self.pairs[pair] = verdict
        return self.pairs[pair]

    def _prepare(self, doc: IndexedDocument, packed: bytes | None) -> Prepared:
        if doc.article not in self.prepared:
            self.prepared[doc.article] = _prepared.get(doc, packed)
        return self.prepared[doc.article]


class _Relay:
    """The relayed-translation rule for one batch's edges.

    A French copy of a French translation matches the English original as well as the
    translation itself does; its story came through the translation, so the copy gets
    REPUBLISHES to the translation and no TRANSLATES of its own. Likewise for a
    translation and a copy of its original. Same-language copies (of either end) are
    read from this batch's edges and the store's REPUBLISHES edges of any method; known
    translation pairs likewise. The store is asked twice per batch, not per edge: on a
    story with many copies the per-edge lookups were a third of the ingest's time.

    A text that states its source (a credit line or link: a derivation edge found by
    extraction, not by text reuse) came through that source: its text-reuse
    translation of an article the stated source itself derives from (a copy's original,
    a translation's original, up to STATED_HOPS away) is that source's, not its own.
    Without it, a German translation of a French copy of a French translation of an
    English text gets translation edges to all three, as its text aligns with each.
    """

    def __init__(self, found: list[Edge], memo: _Memo, store: Store | None) -> None:
        self.memo = memo
        self._read: set[str] = set()
        self.copies: dict[str, set[str]] = {}
        self.pairs: set[frozenset[str]] = set()
        ends: set[str] = set()
        for e in found:
            if e.type is EdgeKind.REPUBLISHES:
                self.copies.setdefault(e.source, set()).add(e.target)
            elif e.type is EdgeKind.TRANSLATES:
                self.pairs.add(frozenset((e.source, e.target)))
                ends |= {e.source, e.target}
        self.store = store
        # Derivations (any method) out of an article, for the stated-source rule.
        self.derived_from: dict[str, set[str]] = {}
        for e in found:
            self.derived_from.setdefault(e.source, set()).add(e.target)
        self.stated: dict[str, set[str]] = {}
        if store is None or not ends:
            return
        for e in store.edges_touching(ends, types=DERIVATIONS, incoming=False):
            if e.type is EdgeKind.REPUBLISHES:
                self.copies.setdefault(e.source, set()).add(e.target)
            self.derived_from.setdefault(e.source, set()).add(e.target)
            if any(x.method != EvidenceMethod.TEXT_REUSE for x in e.evidence):
                self.stated.setdefault(e.source, set()).add(e.target)
        self._read = set(ends)
        copied = set().union(*(self.copies.get(k, set()) for k in ends))
        if copied:
            for incoming in (False, True):
                touching = store.edges_touching(
                    copied, types=[EdgeKind.TRANSLATES], incoming=incoming
                )
                self.pairs |= {frozenset((e.source, e.target)) for e in touching}

    def relayed(self, edge: Edge) -> bool:
        """Return whether a translation edge only restates a same-language copy's, or
        an edge of the source its derived text states."""
        if edge.type is not EdgeKind.TRANSLATES:
            return False
        for end, other in ((edge.source, edge.target), (edge.target, edge.source)):
            stated = self.stated.get(end, set())
            if other not in stated and any(self._derives(s, other) for s in sorted(stated)):
                return True
        for end, other in ((edge.source, edge.target), (edge.target, edge.source)):
            copied = self.copies.get(end, set()) - {other}
            if any(self._translation_pair(z, other) for z in sorted(copied)):
                return True
        return False

    def _derives(self, start: str, goal: str) -> bool:
        """Whether ``start`` derives from ``goal`` through at most STATED_HOPS derivations."""
        frontier, seen = {start}, {start}
        for _ in range(STATED_HOPS):
            self._read_derivations(frontier)
            frontier = set().union(*(self.derived_from.get(k, set()) for k in frontier)) - seen
            if goal in frontier:
                return True
            seen |= frontier
        return False

    def _read_derivations(self, keys: set[str]) -> None:
        todo = keys - self._read
        if self.store is None or not todo:
            return
        self._read |= todo
        for e in self.store.edges_touching(todo, types=DERIVATIONS, incoming=False):
            self.derived_from.setdefault(e.source, set()).add(e.target)

    def _translation_pair(self, a: str, b: str) -> bool:
        """Return whether articles ``a`` and ``b`` are linked as translations, either way."""
        return frozenset((a, b)) in self.pairs or self.memo.translation(a, b)


class PendingReuse:
    """One batch's reuse detection, planned and indexed, its verification under way.

    ``finish`` returns the batch's edges; the caller writes them, with the batch's
    documents in the same transaction: a kill before that re-runs detection on resume.
    """

    def __init__(
        self,
        store: Store,
        path: Path | None,
        tasks: list[Verification],
        pool: Executor | None,
    ) -> None:
        self.store = store
        self.path = path
        self.tasks = tasks
        self._futures: list[Future[list[Edge]]] | None = None
        if pool is not None:
            self._futures = [pool.submit(verify, t) for t in tasks if t.candidates]

    def finish(self) -> list[Edge]:
        """Wait for verification, drop relays and return the edges (nothing is written)."""
        if self.path is None:
            return []
        if self._futures is not None:
            verified = [f.result() for f in self._futures]
        else:
            verified = [verify(t) for t in self.tasks]
        with ReuseIndex(self.path) as index:
            edges = settle_reuse(index, verified, self.store)
        log.info("text reuse: %d edge(s) from a batch of %d", len(edges), len(self.tasks))
        return edges


def start_reuse(
    store: Store,
    documents: Sequence[IndexedDocument | Analysed],
    *,
    options: ReuseOptions | None = None,
    pool: Executor | None = None,
) -> PendingReuse:
    """Index a flushed batch and start verifying it, in ``pool`` when one is given.

    The ingest pipeline calls this once per batch, after the batch's nodes are written;
    PendingReuse.finish then returns the reuse edges, which ingest writes together
    with the batch's document records.
    """
    options = options or ReuseOptions()
    if not options.enabled or not documents:
        return PendingReuse(store, None, [], None)
    path = options.index_path or default_index_path(store)
    with ReuseIndex(path) as index:
        tasks = plan_reuse(index, documents, store)
    return PendingReuse(store, path, tasks, pool)


def detect_reuse(
    store: Store,
    documents: Sequence[IndexedDocument | Analysed],
    *,
    options: ReuseOptions | None = None,
) -> list[Edge]:
    """Find reuse between a batch and the stored corpus and return the edges (the
    caller writes them)."""
    return start_reuse(store, documents, options=options).finish()
