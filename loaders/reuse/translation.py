"""Cross-language reuse: language-independent fingerprints aligned sentence by sentence.

A translation keeps what a translator does not translate: numbers, names, places,
handles and URLs, sentence by sentence and in roughly the same order. Each sentence's
fingerprint is that set; two texts in different languages whose sentences pair up on
those sets, in order, are a translation pair. No model is needed, so it runs offline.

Names are folded and cut to their first four letters, so ``London``/``Londres`` and
``China``/``Chine`` meet; names whose spelling changes earlier (``Kyiv``/``Kiew``) or
across scripts do not, which is why the score counts shares, not exact agreement.
Month names become month numbers in every language; weekday names, capitalised in
English and German only, are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.reuse.align import Match
from loaders.reuse.normalise import Prepared, fold

__all__ = [
    "TranslationAlignment",
    "align_translation",
    "document_fingerprint",
    "fingerprints",
    "sentence_fingerprints",
    "text_fingerprints",
]

_NAME_PREFIX = 4
# Sentences pair up when their fingerprints overlap this much (Jaccard).
SENTENCE_JACCARD = 0.5
# A translation pair aligns at least this share of its fingerprinted sentences, in at
# least MIN_SENTENCES pairs, and one text has this share of the other's fingerprints.
MIN_SCORE = 0.5
MIN_OVERLAP = 0.3
MIN_SENTENCES = 3
# Whole-article translations: neither text is more than this many times the other.
MAX_LENGTH_RATIO = 2.2

_MONTHS = {
    name: f"m:{number:02d}"
    for number, names in enumerate(
        (
            "january janvier enero januar gennaio janeiro jan",
            "february fevrier febrero februar febbraio fevereiro feb",
            "march mars marzo marz marco",
            "april avril abril aprile",
            "may mai mayo maggio maio",
            "june juin junio juni giugno junho",
            "july juillet julio juli luglio julho",
            "august aout agosto",
            "september septembre septiembre settembre setembro sept",
            "october octobre octubre oktober ottobre outubro",
            "november novembre noviembre novembro",
            "december decembre diciembre dezember dicembre dezembro",
        ),
        start=1,
    )
    for name in names.split()
}
# English words that are also month names, counted only when capitalised.
_AMBIGUOUS_MONTHS = {"may", "march"}
_AMBIGUOUS_MONTH = re.compile(r"\b(?:May|March)\b")
_WEEKDAYS = set(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
    ]
)
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)[@#]\w{2,}")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]{2,}")
_WORD = re.compile(r"\w+")


def fingerprints(sentence: str) -> frozenset[str]:
    """Return the tokens of ``sentence`` that survive translation."""
    out: set[str] = set()
    rest = sentence
    for m in _URL.finditer(sentence):
        out.add("u:" + m.group().rstrip(".,;)").lower())
    rest = _URL.sub(" ", rest)
    out.update("h:" + m.group().lower() for m in _HANDLE.finditer(rest))
    for m in _NUMBER.finditer(rest):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= 2:  # single digits are everywhere, in every language
            out.add("n:" + digits)
    for word in _WORD.findall(fold(rest)):
        if word in _MONTHS and word not in _AMBIGUOUS_MONTHS:
            out.add(_MONTHS[word])
    out.update(_MONTHS[fold(m.group())] for m in _AMBIGUOUS_MONTH.finditer(rest))
    for k, m in enumerate(_CAPITALISED.finditer(rest)):
        word = fold(m.group())
        # The first capitalised word of a sentence is usually just the first word.
        if (k == 0 and not rest[: m.start()].strip(" #\"“«'(-—")) or word in _WEEKDAYS:
            continue
        if word not in _MONTHS:
            out.add("c:" + word[:_NAME_PREFIX])
    return frozenset(out)


def sentence_fingerprints(prepared: Prepared) -> tuple[frozenset[str], ...]:
    """Return the fingerprints of each content sentence, computed once per text."""
    if not prepared.fingerprint_cache:
        packed = prepared.packed_fingerprints
        per_sentence = (
            tuple(frozenset(f) for f in packed)
            if packed is not None
            else tuple(fingerprints(prepared.text[s.start : s.end]) for s in prepared.sentences)
        )
        prepared.fingerprint_cache[:] = [per_sentence, (frozenset().union(*per_sentence),)]
    return prepared.fingerprint_cache[0]


def text_fingerprints(prepared: Prepared) -> frozenset[str]:
    """Return the union of the sentences' fingerprints, computed once per text."""
    sentence_fingerprints(prepared)
    return prepared.fingerprint_cache[1][0]


def document_fingerprint(prepared: Prepared) -> list[bytes]:
    """Return the distinct fingerprints of the whole text, as bytes for hashing."""
    return sorted(f.encode() for f in text_fingerprints(prepared))


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


def is_translation(derived: Prepared, source: Prepared, found: TranslationAlignment) -> bool:
    """Return whether an alignment is strong enough to call one text the other's translation."""
    return (
        found.score >= MIN_SCORE
        and found.overlap >= MIN_OVERLAP
        and len(found.matches) >= MIN_SENTENCES
        and comparable_lengths(derived, source)
    )
