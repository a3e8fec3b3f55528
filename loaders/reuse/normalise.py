"""Text prepared for reuse detection: boilerplate dropped, sentences normalised, shingles.

Every sentence keeps its character offsets in the document's text, so the passages an
alignment finds can be quoted as evidence verbatim.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

__all__ = [
    "MIN_TOKENS",
    "PREPARED_FORMAT",
    "Prepared",
    "Sentence",
    "is_boilerplate",
    "pack",
    "prepare",
    "shingles",
    "unpack",
]

# A content sentence has at least this many words; shorter lines are titles, bylines,
# datelines and captions, which differ between a copy and its original anyway.
SENTENCE_MIN_TOKENS = 5
# Below this many content words a text is too short to call anything a copy of it.
MIN_TOKENS = 40
SHINGLE = 3
# The packed prepared form kept in the reuse index. Bump it whenever prepare() or the
# translation fingerprints change what they return: stored forms of another format are
# ignored, and their texts prepared afresh.
PREPARED_FORMAT = 2

# Lines that wrap an article on the page rather than belong to it, in the languages the
# attribution patterns cover. A copy under another outlet's footer must still match.
_BOILERPLATE = re.compile(
    r"""^\W*(
      (source|sources|fuente|fonte|quelle|источник|المصدر)\s*:
    | ©|\(c\)\s|copyright|all\ rights\ reserved|tous\ droits\ réservés
    | todos\ los\ derechos|alle\ rechte|tutti\ i\ diritti|все\ права
    | (read|see)\ (more|also)|related:|also\ on\ |lire\ aussi|à\ lire\ aussi|voir\ aussi
    | leer\ más|lea\ también|weiterlesen|lesen\ sie\ auch|leggi\ anche|читайте\ также
    | share\ (this|on)|partager|compartir|teilen|condividi
    | follow\ us|suivez-nous|síguenos|folgen\ sie|seguici
    | subscribe|abonnez-vous|suscríbete|abonnieren|iscriviti|подписывайтесь
    | (sign\ up\ for|join)\ (our|the)\ newsletter|newsletter
    | this\ (article|story)\ (was|is)\ (first|originally)\ published
    | click\ (here|to\ see)|cookies?\ |advertisement|publicité|anzeige
    | tags?\s*:|mots-clés|étiquettes|keywords\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_URL_ONLY = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.IGNORECASE)
# Sentence ends: terminal punctuation (Latin, Arabic "؟" and "۔", Devanagari "।") and
# space, when what follows does not go on in lower case (see _spans); or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…»\"”؟۔।])\s+(?=\S)|\n+")
# What may open a sentence besides a letter that is not lower case: quotes, brackets.
_OPENERS = frozenset("\"“«„(['‘¡¿")
_WORD = re.compile(r"\w+", re.UNICODE)
# Combining marks left by NFKD: the accents of Latin, Greek and Cyrillic letters.
_COMBINING = re.compile(r"[\u0300-\u036f]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[str, ...]
    # The words joined once: alignment compares them for every candidate pair.
    norm: str = ""


@dataclass(frozen=True)
class Prepared:
    """A document's content sentences (boilerplate and short lines removed)."""

    text: str
    sentences: tuple[Sentence, ...]
    # The text's language, when known: translation fingerprints depend on it (German
    # capitalises its nouns).
    language: str | None = None
    # Translation fingerprints, filled on first use (loaders.reuse.translation): one
    # text meets tens of candidates, and they are its costliest part. Holds the
    # per-sentence sets, then their union.
    fingerprint_cache: list[tuple[frozenset[str], ...]] = field(
        default_factory=list, compare=False, repr=False
    )
    # Fingerprints read from a packed form, turned into sets only when a translation
    # check needs them: most candidates are same-language and never do.
    packed_fingerprints: list[list[str]] | None = field(default=None, compare=False, repr=False)
    # Sentence vectors (loaders.reuse.semantic), filled only when a cross-language
    # candidate pair needs them: encoding is the costliest step of all.
    vector_cache: list[Any] = field(default_factory=list, compare=False, repr=False)

    @cached_property
    def tokens(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)

    @cached_property
    def content_chars(self) -> int:
        """Characters in the content sentences (asked for every translation candidate)."""
        return sum(s.end - s.start for s in self.sentences)


def fold(text: str) -> str:
    """Return ``text`` case-folded without accents (``Élysée`` -> ``elysee``)."""
    if text.isascii():  # most text: no accent to strip, and lower() is C-fast
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def is_boilerplate(line: str) -> bool:
    """Return whether a line is page furniture: credits, share buttons, footers."""
    return bool(_BOILERPLATE.match(line) or _URL_ONLY.match(line))


def _spans(text: str) -> list[tuple[int, int]]:
    """Return the sentence spans of ``text``.

    A sentence starts after terminal punctuation unless the next word is in lower case
    ("e.g. this"). Capitals are asked of ``str.isupper``, not a range of letters, so
    Turkish "Ş", Polish "Ł" or Ukrainian "Є" open sentences too; letters of scripts
    without case (Arabic, Hebrew, CJK) always may: Arabic has only its punctuation.
    """
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        nxt = text[m.end()] if m.end() < len(text) else ""
        if nxt and "\n" not in m.group() and not _opens_sentence(nxt):
            continue
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _opens_sentence(char: str) -> bool:
    return char.isdigit() or char in _OPENERS or (char.isalpha() and not char.islower())


def prepare(text: str, language: str | None = None) -> Prepared:
    """Return the content sentences of ``text`` with their offsets and normalised words."""
    sentences = []
    for start, end in _spans(text):
        raw = text[start:end]
        stripped = raw.strip()
        if not stripped or is_boilerplate(stripped):
            continue
        tokens = tuple(_WORD.findall(fold(stripped)))
        if len(tokens) < SENTENCE_MIN_TOKENS:
            continue
        lead = len(raw) - len(raw.lstrip())
        first = start + lead
        sentences.append(Sentence(first, first + len(stripped), tokens, " ".join(tokens)))
    return Prepared(text, tuple(sentences), language)


def shingles(prepared: Prepared, size: int = SHINGLE) -> list[bytes]:
    """Return the distinct word ``size``-grams of the content, as bytes for hashing.

    Shingles run across sentence ends, so reordered sentences change only the few
    shingles at their edges.
    """
    words = [w for s in prepared.sentences for w in s.tokens]
    grams = {" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}
    return sorted(g.encode() for g in grams)


def pack(prepared: Prepared) -> bytes:
    """Return ``prepared`` without its text, compressed, for the reuse index.

    Sentences are kept as offsets and normalised words, and the translation
    fingerprints when they were computed; unpack() rebuilds the same Prepared from
    this and the text about four times faster than prepare() and the fingerprints.
    JSON, not pickle: an index file travels with a store, and loading it must not run
    code.
    """
    body: dict[str, object] = {
        "v": PREPARED_FORMAT,
        "s": [[s.start, s.end, s.norm] for s in prepared.sentences],
    }
    if prepared.fingerprint_cache:
        body["f"] = [sorted(f) for f in prepared.fingerprint_cache[0]]
    elif prepared.packed_fingerprints is not None:
        body["f"] = prepared.packed_fingerprints
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def unpack(text: str, blob: bytes, language: str | None = None) -> Prepared | None:
    """Return the Prepared that pack() stored for ``text``, or None if it is unusable.

    Unusable means another format, or a form that does not fit the text (a damaged
    file): the caller then prepares the text afresh.
    """
    try:
        body = json.loads(zlib.decompress(blob))
        if body.get("v") != PREPARED_FORMAT:
            return None
        sentences = tuple(
            Sentence(start, end, tuple(norm.split(" ")), norm) for start, end, norm in body["s"]
        )
        fps = body.get("f")
        if any(not 0 <= s.start <= s.end <= len(text) for s in sentences):
            return None
        if fps is not None and (
            len(fps) != len(sentences) or not all(isinstance(f, list) for f in fps)
        ):
            return None
    except (zlib.error, ValueError, TypeError, AttributeError, KeyError):
        return None
    return Prepared(text, sentences, language, packed_fingerprints=fps)
