"""What reuse detection computes from one text alone, before it meets any other.

Preparing a text (sentences, normalised words, translation fingerprints) and hashing
it into LSH bands depends on nothing but the text, so ingest workers do it beside
extraction, and the single writer that runs detection only looks candidates up and
verifies them. The prepared form travels packed (normalise.pack), which is also how
the index keeps it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from loaders.reuse.encoder import encode, lead_text, quantise
from loaders.reuse.index import (
    FP_BANDS,
    FP_PERM,
    FP_ROWS,
    TEXT_BANDS,
    TEXT_PERM,
    TEXT_ROWS,
    IndexedDocument,
    band_hashes,
    pack_signature,
    signatures,
)
from loaders.reuse.normalise import MIN_TOKENS, Prepared, pack, prepare, shingles
from loaders.reuse.passages import anchors
from loaders.reuse.translation import document_fingerprint

__all__ = ["Analysed", "analyse", "with_leads"]


@dataclass(frozen=True)
class Analysed:
    """A document with its LSH band hashes, signature and packed prepared form.

    Band hashes are empty when the text is too short to call anything a copy of it.
    """

    doc: IndexedDocument
    text_hashes: tuple[int, ...]
    fp_hashes: tuple[int, ...]
    packed: bytes
    # The word-shingle MinHash signature (index.pack_signature), b"" when unusable.
    text_sig: bytes
    # Passage anchors (loaders.reuse.passages), empty when unusable.
    passage_hashes: tuple[int, ...] = ()
    # The text's lead (loaders.reuse.encoder.lead_text), to be encoded into ``doc.lead``
    # with the rest of its batch (see with_leads); "" when it gets none.
    lead: str = ""
    # The prepared form itself, for the process that computed it. Not pickled: a worker
    # sends the packed form, which is smaller and no slower to decode than to unpickle.
    prepared: Prepared | None = field(default=None, compare=False, repr=False)

    @property
    def usable(self) -> bool:
        return bool(self.text_hashes)

    def __reduce__(self) -> tuple[Any, ...]:
        fields = (
            self.doc,
            self.text_hashes,
            self.fp_hashes,
            self.packed,
            self.text_sig,
            self.passage_hashes,
            self.lead,
        )
        return (Analysed, fields)


def analyse(docs: Sequence[IndexedDocument]) -> list[Analysed]:
    """Prepare and hash ``docs`` (MinHash signatures are computed in bulk)."""
    prepared = [prepare(d.text, d.language) for d in docs]
    usable = [p.tokens >= MIN_TOKENS for p in prepared]
    # document_fingerprint fills each text's per-sentence fingerprints, which pack keeps.
    fp_sets = [document_fingerprint(p) for p in prepared]
    text_sigs = signatures([shingles(p) for p in prepared], TEXT_PERM)
    fp_sigs = signatures(fp_sets, FP_PERM)
    out = []
    for doc, prep, ok, tsig, fps, fsig in zip(
        docs, prepared, usable, text_sigs, fp_sets, fp_sigs, strict=True
    ):
        text_h = band_hashes(tsig, TEXT_BANDS, TEXT_ROWS) if ok else []
        fp_h = band_hashes(fsig, FP_BANDS, FP_ROWS) if ok and fps else []
        sig = pack_signature(tsig) if ok else b""
        passage_h = tuple(anchors(prep)) if ok else ()
        # One lead a text, for cross-language candidates by meaning; texts of unknown
        # language cannot have a translation found, and short ones are not indexed.
        lead = lead_text(prep) if ok and doc.language and not doc.lead else ""
        out.append(
            Analysed(doc, tuple(text_h), tuple(fp_h), pack(prep), sig, passage_h, lead, prep)
        )
    return out


def with_leads(items: Sequence[Analysed]) -> list[Analysed]:
    """Return ``items`` with their leads encoded into ``doc.lead``, in one encoder call.

    Ingest workers analyse one document at a time, but the encoder costs a third less a
    text when it reads a batch's leads at once (4.8 ms vs 3.1 ms a 250-character lead
    here), so the writer encodes them per flushed batch.
    """
    todo = [k for k, item in enumerate(items) if item.lead and not item.doc.lead]
    if not todo:
        return list(items)
    # Copies share their lead (a fifth of the ingest benchmark's pages): each distinct
    # lead is encoded once, and a recent one not again.
    with _recent_lock:  # the API may run two ingests at once
        known = dict(_recent)
    fresh = list(dict.fromkeys(items[k].lead for k in todo if items[k].lead not in known))
    known.update(zip(fresh, map(quantise, encode(fresh)), strict=True))
    out = list(items)
    for k in todo:
        item = items[k]
        out[k] = replace(item, doc=replace(item.doc, lead=known[item.lead]), lead="")
    with _recent_lock:
        for k in todo:
            _recent[items[k].lead] = known[items[k].lead]
            _recent.move_to_end(items[k].lead)
        while len(_recent) > _RECENT_LEADS:
            _recent.popitem(last=False)
    return out


# Leads encoded lately, newest last, and their quantised vectors: 5,000 cost about 3 MB.
_RECENT_LEADS = 5000
_recent: OrderedDict[str, bytes] = OrderedDict()
_recent_lock = threading.Lock()
