"""Cross-language reuse: language-independent fingerprints aligned sentence by sentence.

A translation keeps what a translator does not translate: numbers, names, places,
handles and URLs, sentence by sentence and in roughly the same order. Each sentence's
fingerprint is that set (loaders.reuse.fingerprint); two texts in different languages
whose sentences pair up on those sets, in order, are a translation pair. No model is
needed, so it is the cheap check, tried first; loaders.reuse.semantic aligns the pairs
it cannot tell by meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.reuse.align import Match
from loaders.reuse.fingerprint import fingerprints, resolve_weak, strong
from loaders.reuse.normalise import Prepared

__all__ = [
    "TranslationAlignment",
    "align_translation",
    "document_fingerprint",
    "fingerprints",
    "fingerprints_undecided",
    "sentence_fingerprints",
    "text_fingerprints",
]

# Sentences pair up when their fingerprints overlap this much (Jaccard).
SENTENCE_JACCARD = 0.5
# A translation pair aligns at least this share of its fingerprinted sentences, in at
# least MIN_SENTENCES pairs, and one text has this share of the other's fingerprints.
MIN_SCORE = 0.5
MIN_OVERLAP = 0.3
MIN_SENTENCES = 3
# Whole-article translations: neither text is more than this many times the other.
MAX_LENGTH_RATIO = 2.2
# When a pair that is not a translation by its fingerprints is worth asking the encoder
# (see fingerprints_undecided). Fingerprints have spoken when both texts carry them in
# most sentences (DENSE_SHARE) and either the other text lacks most of them
# (overlap under SHARED_NAMES) or enough sentences were paired to judge and too few
# paired (score under UNPAIRED_SCORE). On ntrex-dev every translation pair that only the
# encoder finds has fingerprints in under 58% of one text's sentences, or shares 57% of
# its names and more and pairs 44% of its sentences and more (German nouns,
# transliteration drift); on the ingest benchmark's corpus (every sentence carries
# names and numbers) no other-language pair that stands out shares more than 49% or
# pairs more than 41%, so none is encoded.
DENSE_SHARE = 0.6
SHARED_NAMES = 0.5
UNPAIRED_SCORE = 0.4


def sentence_fingerprints(prepared: Prepared) -> tuple[frozenset[str], ...]:
    """Return the fingerprints of each content sentence, computed once per text."""
    if not prepared.fingerprint_cache:
        packed = prepared.packed_fingerprints
        per_sentence = (
            tuple(frozenset(f) for f in packed)
            if packed is not None
            else tuple(
                fingerprints(prepared.text[s.start : s.end], prepared.language)
                for s in prepared.sentences
            )
        )
        prepared.fingerprint_cache[:] = [per_sentence, (frozenset().union(*per_sentence),)]
    return prepared.fingerprint_cache[0]


def text_fingerprints(prepared: Prepared) -> frozenset[str]:
    """Return the union of the sentences' fingerprints, computed once per text."""
    sentence_fingerprints(prepared)
    return prepared.fingerprint_cache[1][0]


def document_fingerprint(prepared: Prepared) -> list[bytes]:
    """Return the distinct fingerprints of the whole text, as bytes for hashing.

    Words of scripts without capitals are left out: any of them might be a name, so
    together they would make every such text resemble every other.
    """
    return sorted(f.encode() for f in strong(text_fingerprints(prepared)))


@dataclass(frozen=True)
class TranslationAlignment:
    matches: tuple[Match, ...]
    # Share of the fingerprinted sentences of both texts that pair up (Dice).
    score: float
    # Share of the smaller text's fingerprints that the other text has anywhere.
    overlap: float


def align_translation(derived: Prepared, source: Prepared) -> TranslationAlignment:
    """Return the sentence pairs of two texts in different languages that share fingerprints.

    Sentences are paired in order: a derived sentence may only pair with a source
    sentence at about the same relative position, as translations keep their order.
    Each sentence is compared on the fingerprints the other text has at all, so
    words one language capitalises and the other does not (German nouns) are ignored.
    """
    a = list(sentence_fingerprints(derived))
    b = list(sentence_fingerprints(source))
    all_a, all_b = text_fingerprints(derived), text_fingerprints(source)
    # An Arabic word counts where the other text has its key as a name.
    names_a, names_b = strong(all_a), strong(all_b)
    if names_a != all_a or names_b != all_b:
        a = [resolve_weak(f, names_b) for f in a]
        b = [resolve_weak(f, names_a) for f in b]
        all_a = frozenset().union(*a) if a else frozenset()
        all_b = frozenset().union(*b) if b else frozenset()
    shared = all_a & all_b
    if not shared:
        return TranslationAlignment((), 0.0, 0.0)
    overlap = len(shared) / min(len(all_a), len(all_b))
    if overlap < MIN_OVERLAP or not comparable_lengths(derived, source):
        # is_translation rejects it whatever the sentences say: skip the pairing.
        return TranslationAlignment((), 0.0, round(overlap, 4))
    # Every sentence with fingerprints of its own counts, shared or not.
    fingerprinted = sum(1 for fa in a if fa) + sum(1 for fb in b if fb)
    a = [fa & shared for fa in a]
    b = [fb & shared for fb in b]
    na, nb = len(a), len(b)
    window = 0.1 + 1.0 / max(na, nb)
    matches, used = [], set()
    for i, fa in enumerate(a):
        if not fa:
            continue
        best, best_j = 0.0, -1
        # Only the source sentences near the same relative position (one spare index
        # each side for rounding; the exact test is below).
        lo = max(0, int((i / na - window) * nb) - 1)
        hi = min(nb, int((i / na + window) * nb) + 2)
        for j in range(lo, hi):
            fb = b[j]
            if j in used or not fb or abs(i / na - j / nb) > window:
                continue
            inter = len(fa & fb)
            jac = inter / (len(fa) + len(fb) - inter)
            if jac > best:
                best, best_j = jac, j
        if best >= SENTENCE_JACCARD:
            used.add(best_j)
            matches.append(Match(i, best_j, round(best, 4)))
    matches = _in_order(matches)
    score = 2 * len(matches) / fingerprinted
    return TranslationAlignment(tuple(matches), round(score, 4), round(overlap, 4))


def _in_order(matches: list[Match]) -> list[Match]:
    """Return the longest chain of pairs in the same order in both texts.

    A translation keeps its sentence order; facts reshuffled into other sentences of an
    independent article pair up only here and there, and out of order.
    """
    best: list[list[Match]] = []
    for m in matches:  # already in order of i
        chain = max((c for c in best if c[-1].j < m.j), key=len, default=[])
        best.append([*chain, m])
    return max(best, key=len, default=[])


def comparable_lengths(a: Prepared, b: Prepared) -> bool:
    """Whether neither text is too long to be a whole-article translation of the other."""
    lengths = sorted((a.content_chars, b.content_chars))
    return lengths[1] <= MAX_LENGTH_RATIO * lengths[0]


def fingerprints_undecided(a: Prepared, b: Prepared, found: TranslationAlignment) -> bool:
    """Whether fingerprints could not tell that two texts are *not* translations, so that
    aligning them by meaning (the costly encoder) may still find a pair.

    Texts in a script without capitals (Arabic, Persian) always qualify: any word may be
    a name there, so their fingerprints are weak.
    """
    for p in (a, b):
        every = text_fingerprints(p)
        if strong(every) != every:
            return True
        carrying = sum(1 for f in sentence_fingerprints(p) if f)
        if carrying < DENSE_SHARE * max(len(p.sentences), 1):
            return True
    if found.overlap < SHARED_NAMES:
        return False
    return len(found.matches) < MIN_SENTENCES or found.score >= UNPAIRED_SCORE


def is_translation(derived: Prepared, source: Prepared, found: TranslationAlignment) -> bool:
    """Return whether an alignment is strong enough to call one text the other's translation."""
    return (
        found.score >= MIN_SCORE
        and found.overlap >= MIN_OVERLAP
        and len(found.matches) >= MIN_SENTENCES
        and comparable_lengths(derived, source)
    )
