"""Nearest-neighbour search over lead vectors: cross-language candidates by meaning.

One usearch HNSW index per language (cosine over 8-bit vectors), so a French text asks
each other language for its nearest texts: a story told by a hundred English pages
must not push the one German translation out of a single shared top-k. The indexes
persist beside the reuse index (``x.db.reuse`` -> ``x.db.reuse.ann/<language>.usearch``).

The reuse index (SQLite) stays the source of truth: every lead vector is kept there
with the sequence number of its write, and each usearch file records, in the reuse
index's meta table, the last sequence number it holds. Opening catches a file up from
the rows written after it (a crash, or an ingest that ended between two saves, costs
only that catch-up), and a missing or unreadable file is rebuilt from the rows. A
batch whose reuse transaction is rolled back drops the in-memory indexes, which are
then reloaded from their last saved state, so they never hold a vector the reuse
index does not.
"""

from __future__ import annotations

import atexit
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from loaders.reuse.encoder import DIM, ENCODER, unquantise

if TYPE_CHECKING:
    from loaders.reuse.index import ReuseIndex

__all__ = ["LeadIndex", "Neighbour", "lead_index", "vector_dir"]

log = logging.getLogger(__name__)

# Unsaved additions, or seconds since the last save, after which the files are saved.
SAVE_EVERY = 2000
SAVE_SECONDS = 60.0
# A neighbour's margin is its similarity over the mean similarity of the query's
# MARGIN_NEIGHBOURS nearest leads in that language (the ratio margin of bitext mining,
# one-sided): a translation stands out from the rest of its language, an article on
# the same subject does not. A language with fewer texts is padded with what two
# unrelated leads score (0.3 on median on ntrex-dev), so a lone translation still
# stands out.
MARGIN_NEIGHBOURS = 4
BACKGROUND_SIMILARITY = 0.3


@dataclass(frozen=True)
class Neighbour:
    doc: int
    similarity: float
    margin: float


def vector_dir(index_path: Path) -> Path:
    """Return the folder of the nearest-neighbour files of the reuse index at ``index_path``."""
    return index_path.with_name(index_path.name + ".ann")


def _new_index() -> Any:
    # Imported on first use, like datasketch: commands that only read the graph skip it.
    from usearch.index import Index

    return Index(ndim=DIM, metric="cos", dtype="i8")


@dataclass
class _Language:
    index: Any
    # The last write sequence number the in-memory index holds, and the one on disk.
    seq: int = 0
    saved_seq: int = 0


@dataclass
class LeadIndex:
    """The per-language nearest-neighbour indexes of one reuse index."""

    folder: Path
    languages: dict[str, _Language] = field(default_factory=dict)
    # Every language with a lead in the reuse index (read once, then kept up to date).
    known: set[str] | None = None
    unsaved: int = 0
    saved_at: float = field(default_factory=time.monotonic)

    def _file(self, language: str) -> Path:
        return self.folder / f"{language}.usearch"

    def _meta(self, language: str) -> str:
        return f"ann:{ENCODER}:{language}"

    def _load(self, reuse: ReuseIndex, language: str) -> _Language:
        """Return the index of ``language``: its file, caught up from the reuse index."""
        found = self.languages.get(language)
        if found is not None:
            return found
        saved = int(reuse.meta(self._meta(language)) or 0)
        path = self._file(language)
        index = None
        if saved and path.exists():
            from usearch.index import Index

            try:
                index = Index.restore(str(path))
            except Exception:  # an unreadable file is a cache: rebuild it
                log.warning("rebuilding the unreadable nearest-neighbour file %s", path)
            if index is not None and index.ndim != DIM:
                index = None
        if index is None:
            index, saved = _new_index(), 0
        entry = _Language(index, saved, saved)
        self.languages[language] = entry
        self._catch_up(reuse, language, entry)
        return entry

    def _catch_up(self, reuse: ReuseIndex, language: str, entry: _Language) -> None:
        rows = reuse.lead_rows(language, entry.seq)
        if not rows:
            return
        keys = np.array([r[0] for r in rows], dtype=np.uint64)
        stale = [k for k in keys.tolist() if k in entry.index]
        if stale:
            entry.index.remove(stale)
        vectors = np.stack([unquantise(r[2]) for r in rows])
        # A document re-added twice since the last save appears once per write.
        last = {int(k): i for i, k in enumerate(keys.tolist())}
        keep = sorted(last.values())
        entry.index.add(keys[keep], vectors[keep])
        entry.seq = rows[-1][1]
        self.unsaved += len(rows)

    def nearest(
        self, reuse: ReuseIndex, vector: np.ndarray, language: str, *, k: int, floor: float
    ) -> list[Neighbour]:
        """Return up to ``k`` documents per other language whose lead is at least ``floor``
        similar (cosine) to ``vector``, best first, each with its margin (see Neighbour)."""
        found: list[Neighbour] = []
        if self.known is None:
            self.known = set(reuse.lead_languages())
        for other in sorted(self.known):
            if other == language:
                continue
            entry = self._load(reuse, other)
            if len(entry.index) == 0:
                continue
            wanted = max(k, MARGIN_NEIGHBOURS)
            matches = entry.index.search(vector, min(wanted, len(entry.index)))
            sims = [1.0 - float(d) for d in matches.distances.tolist()]
            padded = (sims + [BACKGROUND_SIMILARITY] * MARGIN_NEIGHBOURS)[:MARGIN_NEIGHBOURS]
            mean = sum(padded) / len(padded)
            for key, similarity in list(zip(matches.keys.tolist(), sims, strict=True))[:k]:
                if similarity >= floor:
                    margin = similarity / mean if mean > 0 else 0.0
                    found.append(Neighbour(int(key), similarity, margin))
        found.sort(key=lambda n: (-n.similarity, n.doc))
        return found

    def add(self, reuse: ReuseIndex, language: str, doc_id: int, lead: bytes) -> None:
        """Index ``doc_id``'s lead, written to the reuse index (in this transaction)."""
        entry = self._load(reuse, language)
        if self.known is not None:
            self.known.add(language)
        if doc_id in entry.index:
            entry.index.remove(doc_id)
        entry.index.add(doc_id, unquantise(lead))
        entry.seq = int(reuse.meta("lead_seq") or entry.seq)
        self.unsaved += 1

    def forget(self) -> None:
        """Drop the in-memory indexes (the reuse transaction they followed was undone)."""
        self.languages.clear()
        self.known = None
        self.unsaved = 0

    def maybe_save(self, reuse: ReuseIndex, *, force: bool = False) -> None:
        """Save the indexes that changed, every SAVE_EVERY additions or SAVE_SECONDS
        (after the reuse index committed what they hold)."""
        due = self.unsaved >= SAVE_EVERY or time.monotonic() - self.saved_at >= SAVE_SECONDS
        if not self.unsaved or not (due or force):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for language, entry in self.languages.items():
            if entry.seq == entry.saved_seq:
                continue
            path = self._file(language)
            partial = path.with_name(path.name + ".tmp")
            entry.index.save(str(partial))
            partial.replace(path)
            reuse.set_meta(self._meta(language), str(entry.seq))
            entry.saved_seq = entry.seq
        self.unsaved = 0
        self.saved_at = time.monotonic()


_open: dict[Path, LeadIndex] = {}


def lead_index(index_path: Path) -> LeadIndex:
    """Return the nearest-neighbour indexes of the reuse index at ``index_path``, kept
    open in this process (loading a large one per batch would cost more than the batch)."""
    key = index_path.resolve()
    found = _open.get(key)
    if found is None:
        found = _open[key] = LeadIndex(vector_dir(key))
    return found


@atexit.register
def _save_all() -> None:
    # What is not saved here is caught up from the reuse index on the next open.
    from loaders.reuse.index import ReuseIndex

    for path, leads in list(_open.items()):
        if leads.unsaved:
            try:
                with ReuseIndex(path) as reuse:
                    leads.maybe_save(reuse, force=True)
            except Exception:  # never fail an exit over a cache
                log.warning("could not save the nearest-neighbour files of %s", path)
