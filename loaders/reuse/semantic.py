"""Cross-language verification by meaning: sentences aligned on their embeddings.

Where fingerprints cannot tell (a text with few names and numbers, names in a script
whose transliteration drifts, a language that capitalises its nouns), each sentence
of both texts is encoded (loaders.reuse.encoder) and a sentence pairs with the one of
the other text that is its best match *and* whose best match it is, near the same
relative position, in order. A translation pairs most of its sentences this way; two
articles on one event pair a few, out of order.

Encoding is the costly step, so it runs only for a candidate pair whose lead vectors
are already close (``worth_encoding``), at most MAX_SENTENCES sentences a text, and a
text's vectors are kept with its prepared form for the other candidates it meets.
"""

from __future__ import annotations

import numpy as np

from loaders.reuse.align import Match
from loaders.reuse.encoder import encode, unquantise
from loaders.reuse.normalise import Prepared
from loaders.reuse.translation import TranslationAlignment, _in_order, comparable_lengths

__all__ = ["align_semantic", "is_semantic_translation", "lead_similarity", "worth_encoding"]

# Two sentences pair only if each is the other's best match and they are at least this
# similar. On ntrex-dev, mutual best matches of translated sentences score 0.5-0.9 and
# those of sentences from different articles 0.2-0.45.
MIN_COSINE = 0.4
# A translation pairs at least this share of both texts' sentences (Dice), in at least
# MIN_SENTENCES pairs.
MIN_SCORE = 0.5
MIN_SENTENCES = 3
# Sentences encoded a text: a long text is judged on its first ones (translations keep
# the order), so one text never costs more than this many sentences.
MAX_SENTENCES = 40
# Pairs whose lead vectors (loaders.reuse.encoder) are less similar than this are not
# encoded. On ntrex-dev the leads of a translation pair score 0.45 and more in every
# language the encoder covers, the best lead of an unrelated article 0.3 on median.
MIN_LEAD_SIMILARITY = 0.45


def lead_similarity(a: bytes | None, b: bytes | None) -> float:
    """Return the cosine of two stored lead vectors (0 when one is missing)."""
    if not a or not b:
        return 0.0
    return float(unquantise(a) @ unquantise(b))


def worth_encoding(a: bytes | None, b: bytes | None) -> bool:
    """Whether two texts' leads are close enough to encode them whole."""
    return lead_similarity(a, b) >= MIN_LEAD_SIMILARITY


def sentence_vectors(prepared: Prepared) -> np.ndarray:
    """Return the vectors of a text's first MAX_SENTENCES sentences, encoded once."""
    if not prepared.vector_cache:
        sentences = prepared.sentences[:MAX_SENTENCES]
        vectors = encode([prepared.text[s.start : s.end] for s in sentences])
        # Half precision: a cached text keeps 40 KB, not 80.
        prepared.vector_cache.append(vectors.astype(np.float16))
    return prepared.vector_cache[0].astype(np.float32)


def align_semantic(derived: Prepared, source: Prepared) -> TranslationAlignment:
    """Return the sentence pairs of two texts that are each other's best match in meaning.

    ``overlap`` is the mean similarity of the pairs found.
    """
    if not comparable_lengths(derived, source):
        return TranslationAlignment((), 0.0, 0.0)
    a, b = sentence_vectors(derived), sentence_vectors(source)
    na, nb = len(a), len(b)
    if not na or not nb:
        return TranslationAlignment((), 0.0, 0.0)
    sims = a @ b.T
    window = 0.15 + 1.0 / max(na, nb)
    rows = np.arange(na)[:, None] / na
    cols = np.arange(nb)[None, :] / nb
    sims = np.where(np.abs(rows - cols) <= window, sims, -1.0)
    best_j = sims.argmax(axis=1)
    best_i = sims.argmax(axis=0)
    matches = [
        Match(i, int(j), round(float(sims[i, j]), 4))
        for i, j in enumerate(best_j)
        if best_i[j] == i and sims[i, j] >= MIN_COSINE
    ]
    matches = _in_order(matches)
    score = 2 * len(matches) / (na + nb)
    mean = sum(m.similarity for m in matches) / len(matches) if matches else 0.0
    return TranslationAlignment(tuple(matches), round(score, 4), round(mean, 4))


def is_semantic_translation(found: TranslationAlignment) -> bool:
    """Return whether a semantic alignment is strong enough to call it a translation."""
    return found.score >= MIN_SCORE and len(found.matches) >= MIN_SENTENCES
