"""Cross-language verification by meaning: sentences aligned on their embeddings.

Where fingerprints cannot tell (a text with few names and numbers, names in a script
whose transliteration drifts, a language that capitalises its nouns), each sentence
of both texts is encoded (loaders.reuse.encoder) and a sentence pairs with the one of
the other text that is its best match *and* whose best match it is, near the same
relative position, in order. A translation pairs most of its sentences this way; two
articles on one event pair a few, out of order.

Encoding is the costly step, so it runs only for a candidate pair whose lead vectors
are already close and stand out from the rest of their language (``worth_encoding``),
at most MAX_SENTENCES sentences a text, and a text's vectors are kept with its
prepared form for the other candidates it meets.
"""

from __future__ import annotations

import numpy as np

from loaders.reuse.align import Match
from loaders.reuse.encoder import encode
from loaders.reuse.normalise import Prepared
from loaders.reuse.translation import TranslationAlignment, _in_order, comparable_lengths

__all__ = ["align_semantic", "is_semantic_translation", "worth_encoding"]

# Two sentences pair only if each is the other's best match, they are at least this
# similar, and their similarity stands out from each one's MARGIN_K best matches by
# MIN_MARGIN (ratio margin). The cosine alone also pairs texts the encoder cannot read
# (word salad of the benchmarks scores 0.5 and more everywhere); on ntrex-dev the
# margin cut the best Dice of an unrelated pair from 0.48 to 0.36 and of word salad
# from 0.48 to 0.17, and left every translation pair at 0.57 or more.
MIN_COSINE = 0.4
MIN_MARGIN = 1.1
MARGIN_K = 3
# A translation pairs at least this share of both texts' sentences (Dice), in at least
# MIN_SENTENCES pairs.
MIN_SCORE = 0.5
MIN_SENTENCES = 3
# Sentences encoded a text: a text is judged on its first ones (translations keep the
# order), so one text never costs more than this many sentences. Encoding was four
# fifths of text reuse's CPU on the ingest benchmark's corpus with 40; 12 cost a
# third of that.
MAX_SENTENCES = 12
# Which candidate pairs are encoded whole: those whose leads (loaders.reuse.encoder)
# are this similar and stand out by this margin among the nearest leads of their
# language (loaders.reuse.vectors.Neighbour). On ntrex-dev the leads of translation
# pairs score margins of 1.17 and more in every language the encoder covers; 95% of the
# nearest unrelated articles score under 1.12, and word salad 1.06 at most.
MIN_LEAD_SIMILARITY = 0.4
MIN_LEAD_MARGIN = 1.1


def worth_encoding(similarity: float, margin: float) -> bool:
    """Whether a candidate's lead is close enough, and stands out enough, to encode
    both texts whole."""
    return similarity >= MIN_LEAD_SIMILARITY and margin >= MIN_LEAD_MARGIN


def sentence_vectors(prepared: Prepared) -> np.ndarray:
    """Return the vectors of a text's first MAX_SENTENCES sentences, encoded once."""
    if not prepared.vector_cache:
        sentences = prepared.sentences[:MAX_SENTENCES]
        vectors = encode([prepared.text[s.start : s.end] for s in sentences])
        # Half precision: a cached text keeps 40 KB, not 80.
        prepared.vector_cache.append(vectors.astype(np.float16))
    cached: np.ndarray = prepared.vector_cache[0]
    return cached.astype(np.float32)


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
    full = a @ b.T
    # Each sentence's usual similarity to the other text: the mean of its best matches.
    row_k = -np.sort(-full, axis=1)[:, :MARGIN_K].mean(axis=1)
    col_k = -np.sort(-full, axis=0)[:MARGIN_K, :].mean(axis=0)
    window = 0.15 + 1.0 / max(na, nb)
    rows = np.arange(na)[:, None] / na
    cols = np.arange(nb)[None, :] / nb
    sims = np.where(np.abs(rows - cols) <= window, full, -1.0)
    best_j = sims.argmax(axis=1)
    best_i = sims.argmax(axis=0)
    matches = [
        Match(i, int(j), round(float(sims[i, j]), 4))
        for i, j in enumerate(best_j)
        if best_i[j] == i
        and sims[i, j] >= MIN_COSINE
        and sims[i, j] >= MIN_MARGIN * (row_k[i] + col_k[j]) / 2
    ]
    matches = _in_order(matches)
    score = 2 * len(matches) / (na + nb)
    mean = sum(m.similarity for m in matches) / len(matches) if matches else 0.0
    return TranslationAlignment(tuple(matches), round(score, 4), round(mean, 4))


def is_semantic_translation(found: TranslationAlignment) -> bool:
    """Return whether a semantic alignment is strong enough to call it a translation."""
    return found.score >= MIN_SCORE and len(found.matches) >= MIN_SENTENCES
